package dev.dbrestore.pipelines.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
  @TempDir Path dir;

  @Test
  void readsEveryDataSourceInFileOrder() throws Exception {
    DataSources sources =
        DataSources.load(
            file(
                """
                datasources:
                  db1:
                    kind: mariadb          # mysql | mariadb | sqlserver
                    url: jdbc:mysql://db1:3306/
                    user: backup
                    passwordEnv: DB1_PASSWORD
                  archive:
                    kind: sqlserver
                    url: jdbc:sqlserver://archive:1433
                    user: sa
                    passwordFile: /etc/dbrestore/archive.pw
                  local:
                    kind: mysql
                    url: jdbc:mysql://127.0.0.1:3306/
                """));

    assertEquals(
        List.of(
            new DataSource("db1", "mariadb", "jdbc:mysql://db1:3306/", "backup", "DB1_PASSWORD", null),
            new DataSource(
                "archive", "sqlserver", "jdbc:sqlserver://archive:1433", "sa", null,
                "/etc/dbrestore/archive.pw"),
            new DataSource("local", "mysql", "jdbc:mysql://127.0.0.1:3306/", null, null, null)),
        sources.all());
    assertEquals("backup", sources.get("db1").orElseThrow().user());
    assertFalse(sources.get("db2").isPresent());
  }

  @Test
  void aPasswordKeyIsRefused_andItsValueNeverEchoed() throws Exception {
    Path file =
        file(
            """
            datasources:
              db1:
                kind: mariadb
                url: jdbc:mysql://db1:3306/
                password: Hunter2x
            """);
    UserError e = assertThrows(UserError.class, () -> DataSources.load(file));
    assertTrue(
        e.getMessage()
            .contains(
                "a data-source file names where the password is, never the password: use"
                    + " passwordEnv or passwordFile"),
        e.getMessage());
    assertFalse(e.getMessage().contains("Hunter2x"), e.getMessage());
  }

  @Test
  void anUnknownKeyIsRefusedByName() throws Exception {
    Path file =
        file(
            """
            datasources:
              db1:
                kind: mariadb
                url: jdbc:mysql://db1:3306/
                host: db1
            """);
    UserError e = assertThrows(UserError.class, () -> DataSources.load(file));
    assertTrue(e.getMessage().contains("unknown key host"), e.getMessage());
    assertTrue(e.getMessage().contains("db1"), e.getMessage());
  }

  @Test
  void anUnknownTopLevelKeyIsRefusedByName() throws Exception {
    Path file = file("datasource:\n  db1:\n    kind: mysql\n    url: jdbc:mysql://db1/\n");
    UserError e = assertThrows(UserError.class, () -> DataSources.load(file));
    assertTrue(e.getMessage().contains("unknown key datasource"), e.getMessage());
  }

  @Test
  void anUnknownKindOrAMissingUrlIsRefused() throws Exception {
    Path oracle = file("datasources:\n  db1:\n    kind: oracle\n    url: jdbc:oracle:thin:@x\n");
    UserError e = assertThrows(UserError.class, () -> DataSources.load(oracle));
    assertTrue(e.getMessage().contains("unknown kind oracle"), e.getMessage());

    Path noUrl = file("datasources:\n  db1:\n    kind: mysql\n");
    e = assertThrows(UserError.class, () -> DataSources.load(noUrl));
    assertTrue(e.getMessage().contains("has no url"), e.getMessage());
  }

  @Test
  void bothPasswordEnvAndPasswordFileAreRefused() throws Exception {
    Path file =
        file(
            "datasources:\n  db1:\n    kind: mysql\n    url: jdbc:mysql://db1/\n"
                + "    passwordEnv: A\n    passwordFile: /b\n");
    UserError e = assertThrows(UserError.class, () -> DataSources.load(file));
    assertTrue(e.getMessage().contains("both passwordEnv and passwordFile"), e.getMessage());
  }

  @Test
  void aDataSourceNamedTwiceIsRefused() throws Exception {
    Path file =
        file(
            "datasources:\n  db1:\n    kind: mysql\n    url: jdbc:mysql://a/\n"
                + "  db1:\n    kind: mysql\n    url: jdbc:mysql://b/\n");
    UserError e = assertThrows(UserError.class, () -> DataSources.load(file));
    assertTrue(e.getMessage().contains("db1"), e.getMessage());
  }

  @Test
  void invalidYamlNamesTheFile() throws Exception {
    Path file = file("datasources:\n  db1: [\n");
    UserError e = assertThrows(UserError.class, () -> DataSources.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void anEmptyFileHasNoDataSources() throws Exception {
    assertEquals(List.of(), DataSources.load(file("")).all());
    assertEquals(List.of(), DataSources.load(file("datasources:\n")).all());
  }

  @Test
  void aMissingFileGivenExplicitlyIsAnErrorNamingIt() {
    Path missing = dir.resolve("nope.yaml");
    UserError e = assertThrows(UserError.class, () -> DataSources.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void aMissingDefaultFileMeansNoDataSources_andThePresentOneIsRead() throws Exception {
    String before = System.getProperty("dbrestore.home");
    System.setProperty("dbrestore.home", dir.toString());
    try {
      assertEquals(List.of(), DataSources.load(null).all());
      Files.writeString(
          dir.resolve("datasources.yaml"),
          "datasources:\n  db1:\n    kind: mysql\n    url: jdbc:mysql://db1/\n");
      assertEquals("db1", DataSources.load(null).all().get(0).name());
    } finally {
      if (before == null) {
        System.clearProperty("dbrestore.home");
      } else {
        System.setProperty("dbrestore.home", before);
      }
    }
  }

  @Test
  void thePasswordIsReadFromTheFileNamed() throws Exception {
    Path passwordFile = dir.resolve("db1.pw");
    Files.writeString(passwordFile, "s3cret\nignored\n");
    DataSource source =
        new DataSource("db1", "mysql", "jdbc:mysql://db1/", "backup", null, passwordFile.toString());
    assertEquals("s3cret", source.password());
    assertFalse(source.toString().contains("s3cret"));
  }

  @Test
  void thePasswordIsReadFromTheEnvironmentVariableNamed() {
    String variable = System.getenv().keySet().iterator().next();
    DataSource source = new DataSource("db1", "mysql", "jdbc:mysql://db1/", "u", variable, null);
    assertEquals(System.getenv(variable), source.password());
  }

  @Test
  void noPasswordSourceMeansNoPassword() {
    assertNull(new DataSource("db1", "mysql", "jdbc:mysql://db1/", "u", null, null).password());
  }

  @Test
  void aMissingPasswordSourceIsNamedWithItsDataSource() {
    DataSource unset =
        new DataSource("db1", "mysql", "jdbc:mysql://db1/", "u", "DBRESTORE_TEST_UNSET_4711", null);
    UserError e = assertThrows(UserError.class, unset::password);
    assertTrue(e.getMessage().contains("DBRESTORE_TEST_UNSET_4711"), e.getMessage());
    assertTrue(e.getMessage().contains("data source db1"), e.getMessage());

    DataSource noFile =
        new DataSource("db1", "mysql", "jdbc:mysql://db1/", "u", null, dir.resolve("x").toString());
    e = assertThrows(UserError.class, noFile::password);
    assertTrue(e.getMessage().contains("data source db1"), e.getMessage());
  }

  private Path file(String yaml) throws Exception {
    Path file = Files.createTempFile(dir, "datasources", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
