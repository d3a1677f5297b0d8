package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk loader: streams chunks with LOAD DATA LOCAL where that is exact, and a connection
 * armed for it never sends a local file, even when a statement asks the server for one.
 */
class BulkLoadIT {
  @TempDir Path work;

  @Test
  void anArmedConnectionSendsNoLocalFile_evenWhenAStatementNamesOne() throws Exception {
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(target, "bl_rogue");
    TestServers.execute(
        target, "SET GLOBAL local_infile = 1", "CREATE DATABASE bl_rogue",
        "CREATE TABLE bl_rogue.t (line TEXT)");
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    ConnectionSpec spec = ConnectionSpec.of(target.jdbcUrl(), "root", null);
    try (Connection c = spec.open(dialect, dialect.bulkLoader().orElseThrow().properties());
        Statement s = c.createStatement()) {
      dialect.bulkLoader().orElseThrow().arm(c);
      // The server asks for /etc/passwd; the driver must answer with nothing.
      s.execute("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE bl_rogue.t");
      try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM bl_rogue.t")) {
        r.next();
        assertEquals(0, r.getLong(1));
      }
      // And the stream the sink gives is what arrives.
      c.setAutoCommit(false);
      Manifest.Column line =
          new Manifest.Column("line", "text", true, false, "utf8mb4",
              dev.dbrestore.io.format.ColumnEncoding.TEXT);
      InputStream rows = new java.io.ByteArrayInputStream("one\ntwo\n".getBytes());
      assertTrue(
          dialect.bulkLoader().orElseThrow().load(c, "bl_rogue", "t", List.of(line), DataConflictPolicy.STOP, rows, 2));
      c.commit();
      try (ResultSet r = s.executeQuery("SELECT GROUP_CONCAT(line ORDER BY line) FROM bl_rogue.t")) {
        r.next();
        assertEquals("one,two", r.getString(1));
      }
    }
  }

  private static long statusCounter(EmbeddedMariaDb server, String name) throws Exception {
    return Long.parseLong(
        TestServers.single(
            server,
            "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = '"
                + name.toUpperCase(java.util.Locale.ROOT) + "'"));
  }

  @Test
  void plainTablesAreBulkLoaded_andBitOrSpatialTablesGoByInsert() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(source, "bl_src");
    TestServers.dropDatabases(target, "bl_src");
    TestServers.execute(
        source,
        "CREATE DATABASE bl_src CHARACTER SET utf8mb4",
        "CREATE TABLE bl_src.plain (id INT PRIMARY KEY, name VARCHAR(50), note TEXT NULL,"
            + " data BLOB, price DECIMAL(10,2), at DATETIME(6), f FLOAT)",
        "INSERT INTO bl_src.plain SELECT seq, CONCAT('name\\t', seq, '\\n😀'),"
            + " IF(seq % 3 = 0, NULL, 'x\\\\N'), UNHEX(CONCAT('00090A5C', HEX(seq))), seq / 7,"
            + " '2024-01-01 00:00:00.123456', seq / 3 FROM seq.seq_1_to_2000",
        "CREATE TABLE bl_src.bits (id INT PRIMARY KEY, b BIT(8), p POINT)",
        "INSERT INTO bl_src.bits VALUES (1, b'101', ST_GeomFromText('POINT(1 2)'))");
    String set = work.resolve("set").toString();
    BackupOptions backup = TestServers.backupOptions("direct", source, set, "bl_src");
    backup.setChunkRows(500L);
    BackupJob.run(backup);
    long loadsBefore = statusCounter(target, "Com_load");
    long insertsBefore = statusCounter(target, "Com_insert");
    RestoreReport report = RestoreJob.run(TestServers.restoreOptions("direct", set, target));
    assertTrue(report.allMatch(), report.toString());
    // The server's own counters: the plain table's 4 chunks came by LOAD DATA, the BIT and
    // POINT table by INSERT (plus the journal's own inserts).
    assertTrue(statusCounter(target, "Com_load") - loadsBefore >= 4);
    assertTrue(statusCounter(target, "Com_insert") - insertsBefore >= 1);
    assertEquals(2, report.verification().size());
    assertTrue(report.verification().stream().allMatch(v -> v.skipped() == null && v.matches()));
  }

  @Test
  void withVerifyOff_noTableIsReadBack_butRowCountsAreStillChecked() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(source, "bl_noverify");
    TestServers.dropDatabases(target, "bl_noverify");
    TestServers.execute(
        source,
        "CREATE DATABASE bl_noverify",
        "CREATE TABLE bl_noverify.t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO bl_noverify.t SELECT seq, CONCAT('v', seq) FROM seq.seq_1_to_300");
    String set = work.resolve("noverify").toString();
    BackupJob.run(TestServers.backupOptions("direct", source, set, "bl_noverify"));
    RestoreOptions options = TestServers.restoreOptions("direct", set, target);
    options.setVerify(false);
    RestoreReport report = RestoreJob.run(options);
    assertTrue(report.verification().isEmpty(), report.verification().toString());
    assertEquals(1, report.tables().size());
    assertEquals(300, report.tables().get(0).restoredRows());
    assertTrue(report.allMatch());
  }
}
