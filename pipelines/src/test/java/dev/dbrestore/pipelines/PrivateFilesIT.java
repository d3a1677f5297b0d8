package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What backup and restore write on local disk is for its owner only: the dbrestore home, the
 * task folder and records, the backup set's folders and files. A password file others can read
 * gives pre-check item 19 a warning, and the backup (which has no pre-check) a line on stderr.
 */
class PrivateFilesIT {
  private static final String DB = "pf_src";
  private static final String USER = "pf_user";
  private static final String PASSWORD = "pf-Pass-4d2c81";

  @TempDir Path work;

  @Test
  void homeTasksRecordsAndBackupSetsAreForTheirOwnerOnly() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO " + DB + ".t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    Path home = work.resolve("new-home");
    String before = System.getProperty("dbrestore.home");
    System.setProperty("dbrestore.home", home.toString());
    try {
      CliRun backup =
          CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
              "--source-name", "db1", "--backup-task", "nightly", "--chunk-rows", "2");
      assertEquals(0, backup.exit(), backup.all());
      Path task = home.resolve("backups").resolve("db1").resolve("nightly");
      Path set;
      try (Stream<Path> sets = Files.list(task)) {
        set = sets.findFirst().orElseThrow();
      }
      CliRun restore =
          CliRun.of("restore", "--source", "db1", "--backup-task", "nightly", "--backup-set",
              set.getFileName().toString(), "--target", target.jdbcUrl(), "--user", "root");
      assertEquals(0, restore.exit(), restore.all());

      for (Path folder : List.of(home, home.resolve("tasks"), home.resolve("backups"),
          home.resolve("backups").resolve("db1"), task, set)) {
        assertEquals("rwx------", mode(folder), folder.toString());
      }
      try (Stream<Path> files = Files.list(set)) {
        List<Path> all = files.toList();
        assertTrue(all.size() >= 3, all.toString());
        for (Path file : all) {
          assertEquals("rw-------", mode(file), file.toString());
        }
      }
      try (Stream<Path> records = Files.list(home.resolve("tasks"))) {
        List<Path> all = records.toList();
        assertEquals(1, all.size(), all.toString());
        assertEquals("rw-------", mode(all.get(0)), all.get(0).toString());
      }
    } finally {
      if (before == null) {
        System.clearProperty("dbrestore.home");
      } else {
        System.setProperty("dbrestore.home", before);
      }
      TestServers.dropDatabases(target, DB);
    }
  }

  @Test
  void aPasswordFileOthersCanRead_givesItem19AWarning_andTheBackupALine() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    for (EmbeddedMariaDb server : List.of(source, target)) {
      TestServers.execute(
          server,
          "DROP USER IF EXISTS '" + USER + "'@'%'",
          "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%'");
    }
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(
        source, "CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY)");
    Path passwordFile = work.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
    Path set = work.resolve("set");

    CliRun backup =
        CliRun.of("backup", "--source", source.jdbcUrl(), "--user", USER, "--password-file",
            passwordFile.toString(), "--database", DB, "--output", set.toString());
    assertEquals(0, backup.exit(), backup.all());
    assertTrue(backup.err().contains("warning: The password file " + passwordFile
        + " can be read by its group and others; make it private: chmod 600 " + passwordFile),
        backup.err());

    CliRun pre =
        CliRun.of("precheck", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
            "--user", USER, "--password-file", passwordFile.toString(), "--json");
    assertEquals(0, pre.exit(), pre.all());
    JsonNode item = item(pre, 19);
    assertEquals("WARNING", item.path("result").asText(), item.toString());
    assertTrue(item.path("cause").asText().contains(passwordFile.toString()), item.toString());
    assertTrue(item.path("cause").asText().contains("chmod 600"), item.toString());

    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    CliRun fixed =
        CliRun.of("precheck", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
            "--user", USER, "--password-file", passwordFile.toString(), "--json");
    assertEquals("PASS", item(fixed, 19).path("result").asText(), fixed.out());
    for (EmbeddedMariaDb server : List.of(source, target)) {
      TestServers.execute(server, "DROP USER IF EXISTS '" + USER + "'@'%'");
    }
  }

  private static JsonNode item(CliRun r, int number) throws Exception {
    for (JsonNode item : new ObjectMapper().readTree(r.out())) {
      if (item.path("number").asInt() == number) {
        return item;
      }
    }
    throw new AssertionError("no item " + number + " in " + r.all());
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
