package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.pipelines.capture.CaptureLog;
import dev.dbrestore.pipelines.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.RestorableWindow;
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
  void refusesAStartPositionThatWasPurged_sayingTheWindowWouldHaveAGap(@TempDir Path copy)
      throws Exception {
    // A copy of the repository whose full set is then purged from the server's log.
    copyTree(repository, copy);
    // A binlog file a replica connection still reads is not purged: end those first.
    for (String id : TestServers.column(server, "SELECT ID FROM information_schema.PROCESSLIST"
        + " WHERE COMMAND LIKE 'Binlog Dump%'")) {
      TestServers.execute(server, "KILL " + id);
    }
    TestServers.execute(server, "FLUSH BINARY LOGS");
    String current = TestServers.single(server, "SHOW MASTER STATUS");
    TestServers.execute(server, "PURGE BINARY LOGS TO '" + current + "'");
    String setFile =
        RestorableWindow.oldestFullSet(BackupRepository.at(copy.toString()), "checked")
            .manifest().consistentPoint().binlogFile();
    assertFalse(TestServers.column(server, "SHOW BINARY LOGS").contains(setFile),
        "the set's binlog file is still on the server");
    CliRun run = capture(server.jdbcUrl(), "root", copy);
    assertEquals(1, run.exit(), run.all());
    assertTrue(run.err().contains("has been purged"), run.all());
    assertTrue(run.err().contains("would have a gap"), run.all());
  }

  @Test
  void refusesASourceWithoutABinaryLog_forAnotherKindOfDatabase() {
    CliRun run = capture("jdbc:sqlserver://db1:1433", "sa", repository);
    assertEquals(1, run.exit(), run.all());
    assertTrue(run.err().contains("keeps no change log that capture can read"), run.all());
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
