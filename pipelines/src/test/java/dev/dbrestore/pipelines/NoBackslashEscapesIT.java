package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source whose sql_mode has NO_BACKSLASH_ESCAPES restores exactly on both write paths: the
 * bulk loader (whose statement is read with backslash escapes) and batched INSERTs. Values hold
 * backslashes, tabs, newlines, quotes and NUL; the table's default and comment hold backslashes.
 */
class NoBackslashEscapesIT {
  private static final String DB = "nbe_src";

  @TempDir Path work;

  @Test
  void aSourceWithNoBackslashEscapesRestoresExactly_withTheBulkLoaderAndWithInserts()
      throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, "nbe_bulk", "nbe_insert");
    String globalMode = TestServers.single(source, "SELECT @@GLOBAL.sql_mode");
    try {
      TestServers.execute(
          source, "SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_BACKSLASH_ESCAPES')");
      // A new session takes the global mode: '\t' below is a backslash and a t, as the
      // source's own applications would have written it.
      try (Connection c = source.connect();
          Statement s = c.createStatement()) {
        assertTrue(single(s, "SELECT @@SESSION.sql_mode").contains("NO_BACKSLASH_ESCAPES"));
        s.execute("CREATE DATABASE " + DB);
        s.execute(
            "CREATE TABLE " + DB + ".paths (id INT PRIMARY KEY, path VARCHAR(100) NOT NULL"
                + " DEFAULT 'C:\\temp\\', note TEXT, raw VARBINARY(64), c CHAR(10))"
                + " COMMENT 'a back\\slash'");
        s.execute(
            "INSERT INTO " + DB + ".paths VALUES"
                + " (1, 'C:\\Users\\dba', 'tab\\there', 'x\\0y', '\\N'),"
                + " (2, CONCAT('a', CHAR(9), 'b', CHAR(10), 'c', CHAR(13), 'd'), 'it''s \"q\"',"
                + " UNHEX('5C005C4E0A09'), '\\'),"
                + " (3, '\\\\\\', NULL, NULL, NULL),"
                + " (4, 'ends with \\', CONCAT('nul', CHAR(0), 'inside'), UNHEX('00'), ''),"
                + " (5, DEFAULT, '\\t\\n\\r\\Z\\%\\_', 'N', 'NULL')");
      }
      String set = work.resolve("set").toString();
      BackupJob.run(TestServers.backupOptions("direct", source, set, DB));
      assertTrue(
          BackupSet.open(set).manifest().source().sqlMode().contains("NO_BACKSLASH_ESCAPES"),
          "the manifest records the source's mode");

      for (boolean bulk : List.of(true, false)) {
        String into = bulk ? "nbe_bulk" : "nbe_insert";
        RestoreOptions options = TestServers.restoreOptions("direct", set, target);
        options.setBulkLoad(bulk);
        RestoreTask task =
            new RestoreTask("nbe " + into, null, null, set, null, target.jdbcUrl(), "root", null,
                null, null, null, Map.of(DB, into), null, null, null, null);
        RestoreReport report =
            RestoreJob.run(
                options, task, new RestoreJob.Settings(null, null, true, work.resolve("tasks")));
        assertTrue(report.allMatch(), String.valueOf(report));

        assertEquals(
            checksum(source, DB + ".paths"), checksum(target, into + ".paths"),
            "CHECKSUM TABLE with bulk load " + bulk);
        String values =
            "SELECT GROUP_CONCAT(id, ':', HEX(path), ':', IFNULL(HEX(note), 'null'), ':',"
                + " IFNULL(HEX(raw), 'null'), ':', IFNULL(HEX(c), 'null') ORDER BY id) FROM ";
        assertEquals(
            TestServers.single(source, values + DB + ".paths"),
            TestServers.single(target, values + into + ".paths"),
            "every value, byte for byte, with bulk load " + bulk);
        assertEquals(
            showCreate(source, DB + ".paths"), showCreate(target, into + ".paths"),
            "the table's default and comment, with bulk load " + bulk);
      }
    } finally {
      TestServers.execute(source, "SET GLOBAL sql_mode = '" + globalMode + "'");
    }
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  private static String checksum(EmbeddedMariaDb server, String table) throws Exception {
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("CHECKSUM TABLE " + table + " EXTENDED")) {
      r.next();
      return r.getString(2);
    }
  }

  private static String showCreate(EmbeddedMariaDb server, String table) throws Exception {
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW CREATE TABLE " + table)) {
      r.next();
      return r.getString(2);
    }
  }
}
