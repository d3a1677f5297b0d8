package dev.dbrestore.io.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ConnectionSpecTest {
  private static final String SECRET = "s3cr3t-Pw";

  @Test
  void refusesAUrlWithAPasswordProperty_pointingToPasswordEnv() {
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                ConnectionSpec.of(
                    "jdbc:mysql://db.example:3306/shop?user=app&password=" + SECRET, "app", null));
    assertTrue(e.getMessage().contains("--password-env"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void refusesAUrlWithAPasswordPropertyInAnyCase() {
    UserError e =
        assertThrows(
            UserError.class,
            () -> ConnectionSpec.of("jdbc:mysql://db.example/?PassWord=" + SECRET, "app", null));
    assertTrue(e.getMessage().contains("--password-env"), e.getMessage());
  }

  @Test
  void refusesAUrlWithUserAndPasswordBeforeTheHost_pointingToPasswordEnv() {
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                ConnectionSpec.of(
                    "jdbc:mysql://app:" + SECRET + "@db.example:3306/shop", "app", null));
    assertTrue(e.getMessage().contains("--password-env"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void acceptsAUrlWithAUserButNoPasswordBeforeTheHost() {
    ConnectionSpec spec = ConnectionSpec.of("jdbc:mysql://app@db.example:3306/shop", null, null);
    assertEquals("jdbc:mysql://app@db.example:3306/shop", spec.jdbcUrl());
  }

  @Test
  void refusesAStringThatIsNotAJdbcUrl() {
    UserError e =
        assertThrows(
            UserError.class, () -> ConnectionSpec.of("mysql://db.example:3306/", "app", SECRET));
    assertTrue(e.getMessage().contains("not a JDBC URL"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void refusesAMissingUrl() {
    UserError e = assertThrows(UserError.class, () -> ConnectionSpec.of(null, "app", SECRET));
    assertTrue(e.getMessage().contains("not a JDBC URL"), e.getMessage());
  }

  @Test
  void toStringAndAddressNameTheServerAndUserButNeverThePasswordOrProperties() {
    ConnectionSpec spec =
        ConnectionSpec.of(
            "jdbc:mysql://db.example:3306/shop?useSSL=true&sslMode=REQUIRED", "app", SECRET);

    assertEquals("jdbc:mysql://db.example:3306/shop", spec.address());
    assertEquals("jdbc:mysql://db.example:3306/shop as app", spec.toString());
    assertFalse(spec.toString().contains(SECRET));
    assertFalse(spec.address().contains(SECRET));
    assertFalse(spec.toString().contains("?"));
    assertFalse(spec.toString().contains("sslMode"));
  }

  @Test
  void toStringSaysWhenThereIsNoUser() {
    ConnectionSpec spec = ConnectionSpec.of("jdbc:mysql://db.example/", null, null);
    assertEquals("jdbc:mysql://db.example/ as (no user)", spec.toString());
    assertEquals("jdbc:mysql://db.example/", spec.address());
  }

  @Test
  void keepsTheFullUrlForConnecting() {
    String url = "jdbc:mysql://db.example:3306/shop?useSSL=true";
    assertEquals(url, ConnectionSpec.of(url, "app", SECRET).jdbcUrl());
  }

  @Test
  void survivesJavaSerialization_soWorkersCanConnect() throws Exception {
    ConnectionSpec spec =
        ConnectionSpec.of("jdbc:mysql://db.example:3306/shop?useSSL=true", "app", SECRET);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    ConnectionSpec copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ConnectionSpec) in.readObject();
    }

    assertEquals(spec.jdbcUrl(), copy.jdbcUrl());
    assertEquals(spec.user(), copy.user());
    assertEquals(spec.toString(), copy.toString());
    java.lang.reflect.Field password = ConnectionSpec.class.getDeclaredField("password");
    password.setAccessible(true);
    assertEquals(SECRET, password.get(copy));
  }

  @Test
  void aPasswordInAMultiHostOrMultiFactorUrlIsRefusedToo() {
    for (String url :
        new String[] {
          "jdbc:mysql:loadbalance://app:" + SECRET + "@h1,h2/shop",
          "jdbc:mysql+srv://app:" + SECRET + "@db.example/shop",
          "jdbc:mysql://db.example/shop?password1=" + SECRET
        }) {
      UserError e = assertThrows(UserError.class, () -> ConnectionSpec.of(url, "app", null));
      assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }
  }
}
