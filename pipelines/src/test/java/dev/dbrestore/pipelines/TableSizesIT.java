package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables of every size come back with their rows and their indexes: one of about 9 MB (its
 * secondary indexes added after its rows), one of three rows with the same indexes (created with
 * them), and 60 tables of three rows each (their chunks written several to a transaction).
 * Compared with what the source server says about itself.
 */
class TableSizesIT {
  private static final String DB = "table_sizes";
  private static final int SMALL_TABLES = 60;

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static RestoreReport report;

  @BeforeAll
  static void backUpAndRestore() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    List<String> statements = new ArrayList<>();
    statements.add("CREATE DATABASE " + DB);
    for (String table : List.of("big", "small")) {
      statements.add(
          "CREATE TABLE " + DB + "." + table + " (id INT PRIMARY KEY, k INT NOT NULL,"
              + " u VARCHAR(40) NOT NULL, pad VARBINARY(3000), KEY k_idx (k),"
              + " UNIQUE KEY u_idx (u), KEY ku_idx (k, u(10))) ENGINE=InnoDB");
    }
    // 3,000 rows of 3,000 random bytes: about 9 MB that no compression shrinks.
    statements.add(
        "INSERT INTO " + DB + ".big SELECT seq, seq MOD 97, CONCAT('u', seq),"
            + " RANDOM_BYTES(1000) || RANDOM_BYTES(1000) || RANDOM_BYTES(1000)"
            + " FROM " + DB + ".seq_1_to_3000");
    statements.add(
        "INSERT INTO " + DB + ".small VALUES (1, 5, 'a', NULL), (2, 5, 'b', X'00'),"
            + " (3, 7, 'c', X'FF')");
    for (int i = 1; i <= SMALL_TABLES; i++) {
      statements.add(
          "CREATE TABLE " + DB + ".t" + i + " (id INT PRIMARY KEY, k INT NOT NULL,"
              + " c VARCHAR(60) NOT NULL, KEY k_" + i + " (k)) ENGINE=InnoDB");
      statements.add(
          "INSERT INTO " + DB + ".t" + i + " VALUES (1, " + i + ", 'a'), (2, " + (i + 1)
              + ", 'b'), (3, " + (i + 2) + ", 'c')");
    }
    try (var c = source.connect();
        var s = c.createStatement()) {
      s.execute("SET SESSION sql_mode = 'PIPES_AS_CONCAT'");
      for (String statement : statements) {
        s.execute(statement);
      }
    }
    String set = work.resolve("sizes-set").toString();
    BackupJob.run(TestServers.backupOptions("direct", source, set, DB));
    report = RestoreJob.run(TestServers.restoreOptions("direct", set, target));
  }

  @Test
  void everyTableHasItsRowsAndItsIndexes() throws Exception {
    List<String> tables = new ArrayList<>(List.of("big", "small"));
    for (int i = 1; i <= SMALL_TABLES; i++) {
      tables.add("t" + i);
    }
    List<String> differing = new ArrayList<>();
    for (String table : tables) {
      String expected = showCreate(source, DB, table);
      String actual = showCreate(target, DB, table);
      if (!expected.equals(actual)) {
        differing.add(table + ":\n" + expected + "\n" + actual);
      }
      String expectedSum = TestServers.single(source, "CHECKSUM TABLE " + DB + "." + table);
      String actualSum = TestServers.single(target, "CHECKSUM TABLE " + DB + "." + table);
      if (!expectedSum.equals(actualSum)) {
        differing.add(table + ": CHECKSUM TABLE " + expectedSum + " on the source, "
            + actualSum + " restored");
      }
    }
    assertEquals(List.of(), differing);
    assertEquals(3000 + 3 + 3 * SMALL_TABLES, report.rowsRestored());
  }

  @Test
  void everyChunkIsJournaledOnce_andTheBigTablesRowsAddUp() throws Exception {
    // The journal lists each chunk once, and its rows add up to the table's.
    assertEquals(
        "3000",
        TestServers.single(
            target,
            "SELECT SUM(row_count) FROM dbrestore_journal.chunks_done WHERE target_table ="
                + " '`" + DB + "`.`big`'"));
    assertEquals(
        TestServers.single(
            target,
            "SELECT COUNT(*) FROM dbrestore_journal.chunks_done WHERE target_table LIKE"
                + " '`" + DB + "`.%'"),
        TestServers.single(
            target,
            "SELECT COUNT(DISTINCT chunk_file) FROM dbrestore_journal.chunks_done"
                + " WHERE target_table LIKE '`" + DB + "`.%'"));
  }

  /** SHOW CREATE TABLE without the table's name, as the server prints it. */
  private static String showCreate(EmbeddedMariaDb server, String db, String table)
      throws Exception {
    try (var c = server.connect();
        var s = c.createStatement();
        var r = s.executeQuery("SHOW CREATE TABLE `" + db + "`.`" + table + "`")) {
      r.next();
      return r.getString(2);
    }
  }
}
