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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            UserError.class, () -> ConnectionSpec.of("mysql://db.example:3306/", "app", PasswordSource.environment("DB_PASSWORD")));
    assertTrue(e.getMessage().contains("not a JDBC URL"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void refusesAMissingUrl() {
    UserError e = assertThrows(UserError.class, () -> ConnectionSpec.of(null, "app", PasswordSource.environment("DB_PASSWORD")));
    assertTrue(e.getMessage().contains("not a JDBC URL"), e.getMessage());
  }

  @Test
  void toStringAndAddressNameTheServerAndUserButNeverThePasswordOrProperties() {
    ConnectionSpec spec =
        ConnectionSpec.of(
            "jdbc:mysql://db.example:3306/shop?useSSL=true&sslMode=REQUIRED", "app", PasswordSource.environment("DB_PASSWORD"));

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
    assertEquals(url, ConnectionSpec.of(url, "app", PasswordSource.environment("DB_PASSWORD")).jdbcUrl());
  }

  @Test
  void travelsToWorkersAsWhereThePasswordIs_neverThePassword(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, SECRET + "\n");
    ConnectionSpec spec =
        ConnectionSpec.of(
            "jdbc:mysql://db.example:3306/shop?useSSL=true", "app",
            PasswordSource.file(file.toString()));
    // Read once here, as the launching process does before it connects.
    assertEquals(SECRET, spec.password());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    String serialized = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
    assertFalse(serialized.contains(SECRET), "the serialized spec holds the password");
    assertTrue(serialized.contains(file.toString()), "the serialized spec names the file");
    ConnectionSpec copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ConnectionSpec) in.readObject();
    }

    assertEquals(spec.jdbcUrl(), copy.jdbcUrl());
    assertEquals(spec.user(), copy.user());
    assertEquals(spec.toString(), copy.toString());
    // The worker reads the password itself, from the same file.
    assertEquals(SECRET, copy.password());
  }

  @Test
  void aWorkerWithoutThePasswordFileSaysSoInOneSentence(@TempDir Path dir) {
    ConnectionSpec spec =
        ConnectionSpec.of(
            "jdbc:mysql://db.example/", "app",
            PasswordSource.file(dir.resolve("missing.pw").toString()));
    UserError e = assertThrows(UserError.class, spec::password);
    assertTrue(e.getMessage().contains("missing.pw") && e.getMessage().contains("every worker"),
        e.getMessage());
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
