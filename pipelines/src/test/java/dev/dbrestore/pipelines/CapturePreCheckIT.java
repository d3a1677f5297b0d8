package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.capture.CaptureLog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture pre-check refuses, naming the setting and its fix, and writes no log. */
class CapturePreCheckIT {
  private static final String DB = "capture_precheck_it";
  private static EmbeddedMariaDb server;

  @TempDir static Path repository;

  @BeforeAll
  static void takeAFullSet() throws Exception {
    server = CaptureServers.capture();
    TestServers.dropDatabases(server, DB);
    TestServers.execute(
        server, "CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY)");
    CliRun backup =
        CliRun.of(
            "backup", "--source", server.jdbcUrl(), "--user", "root", "--database", DB,
            "--repository", repository.toString(), "--source-name", "checked", "--backup-task",
            "full");
    assertEquals(0, backup.exit(), backup.all());
  }

  private static CliRun capture(String url, String user, Path repo) {
    return CliRun.of(
        "capture", "--source", url, "--user", user, "--source-name", "checked", "--repository",
        repo.toString(), "--until-now");
  }

  private static void assertRefused(CliRun run, String... sentences) {
    assertEquals(1, run.exit(), run.all());
    for (String sentence : sentences) {
      assertTrue(run.err().contains(sentence), run.all());
    }
    assertFalse(
        Files.exists(CaptureLog.folder(repository, "checked").resolve(LogManifest.FILE_NAME)),
        "a refused capture wrote a log manifest");
  }

  @Test
  void refusesWithoutAFullSet_sayingToTakeOneFirst(@TempDir Path empty) {
    CliRun run = capture(server.jdbcUrl(), "root", empty);
    assertEquals(1, run.exit(), run.all());
    assertTrue(run.err().contains("take a full backup of checked first"), run.all());
  }

  @Test
  void refusesAStatementBasedBinlog_namingBinlogFormatAndTheFix() {
    try (EmbeddedMariaDb statementBased =
        EmbeddedMariaDb.start("it-capture-statement", "--binlog-format=STATEMENT")) {
      assertRefused(
          capture(statementBased.jdbcUrl(), "root", repository),
          "binlog_format=STATEMENT", "SET GLOBAL binlog_format=ROW");
    }
  }

  @Test
  void refusesAnAccountWithoutReplicationPrivileges() throws Exception {
    TestServers.execute(
        server,
        "DROP USER IF EXISTS 'reader'@'%'",
        "CREATE USER 'reader'@'%'",
        "GRANT SELECT ON *.* TO 'reader'@'%'");
    assertRefused(
        capture(server.jdbcUrl(), "reader", repository),
        "lacks REPLICATION SLAVE and REPLICATION CLIENT", "GRANT REPLICATION SLAVE");
  }

  @Test
  void refusesTableMapsWithoutColumnNames_namingBinlogRowMetadata() throws Exception {
    TestServers.execute(server, "SET GLOBAL binlog_row_metadata = MINIMAL");
    try {
      assertRefused(
          capture(server.jdbcUrl(), "root", repository),
          "binlog_row_metadata=MINIMAL", "SET GLOBAL binlog_row_metadata=FULL");
    } finally {
      TestServers.execute(server, "SET GLOBAL binlog_row_metadata = FULL");
    }
  }

  @Test
  void refusesCompressedBinlogEvents_namingLogBinCompress() throws Exception {
    TestServers.execute(server, "SET GLOBAL log_bin_compress = ON");
    try {
      assertRefused(
          capture(server.jdbcUrl(), "root", repository),
          "log_bin_compress=ON", "SET GLOBAL log_bin_compress=OFF");
    } finally {
      TestServers.execute(server, "SET GLOBAL log_bin_compress = OFF");
    }
  }

  @Test
  void refusesAStartPositionThatWasPurged_sayingTheWindowWouldHaveAGap_andGoesOnWithAcceptGap(
      @TempDir Path copy) throws Exception {
    // A copy of the repository with a captured log, whose end the server then purges.
    copyTree(repository, copy);
    TestServers.execute(server, "INSERT INTO " + DB + ".t VALUES (1)");
    assertEquals(0, capture(server.jdbcUrl(), "root", copy).exit());
    LogManifest before = CaptureLog.readManifest(CaptureLog.folder(copy, "checked"));
    purgeUpToNow(before.end().binlogFile());
    TestServers.execute(server, "INSERT INTO " + DB + ".t VALUES (2)");

    CliRun refused = capture(server.jdbcUrl(), "root", copy);
    assertEquals(1, refused.exit(), refused.all());
    assertTrue(refused.err().contains("has been purged"), refused.all());
    assertTrue(refused.err().contains("would have a gap"), refused.all());
    assertTrue(refused.err().contains("--accept-gap"), refused.all());

    CliRun backup =
        CliRun.of(
            "backup", "--source", server.jdbcUrl(), "--user", "root", "--database", DB,
            "--repository", copy.toString(), "--source-name", "checked", "--backup-task", "full");
    assertEquals(0, backup.exit(), backup.all());
    TestServers.execute(server, "INSERT INTO " + DB + ".t VALUES (3)");
    CliRun accepted =
        CaptureServers.capture(server.jdbcUrl(), "checked", copy, "--until-now", "--accept-gap");
    assertEquals(0, accepted.exit(), accepted.all());
    LogManifest after = CaptureLog.readManifest(CaptureLog.folder(copy, "checked"));
    assertEquals(1, after.gaps().size());
    assertEquals(before.end(), after.gaps().get(0).from());
    assertEquals(after.gaps().get(0).to(), after.lastSegment().start());
    CliRun list =
        CliRun.of("backups", "list", "--source", "checked", "--repository", copy.toString());
    assertTrue(list.out().contains("  gap: ") && list.out().contains("was purged"), list.out());
  }

  @Test
  void refusesASourceWithoutABinaryLog_forAnotherKindOfDatabase() {
    CliRun run = capture("jdbc:sqlserver://db1:1433", "sa", repository);
    assertEquals(1, run.exit(), run.all());
    assertTrue(run.err().contains("keeps no change log that capture can read"), run.all());
  }

  /**
   * Purges the server's binary log up to its current file. A file that a replica connection
   * still reads is not purged, and the server ends a closed one only when it next writes to it:
   * such connections are killed first, and the purge repeated until the file is gone.
   */
  private static void purgeUpToNow(String file) throws Exception {
    TestServers.execute(server, "FLUSH BINARY LOGS");
    String current = TestServers.single(server, "SHOW MASTER STATUS");
    for (int attempt = 0; attempt < 50; attempt++) {
      for (String id : TestServers.column(server, "SELECT ID FROM information_schema.PROCESSLIST"
          + " WHERE COMMAND LIKE 'Binlog Dump%'")) {
        TestServers.execute(server, "KILL " + id);
      }
      TestServers.execute(server, "PURGE BINARY LOGS TO '" + current + "'");
      if (!TestServers.column(server, "SHOW BINARY LOGS").contains(file)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the server kept the binary log file " + file);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
