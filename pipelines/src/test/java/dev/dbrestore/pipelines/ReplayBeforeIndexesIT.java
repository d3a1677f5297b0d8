package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore to a point in time of a table large enough that its secondary indexes are held back
 * (over 8 MiB in the set), one of them unique, with a log that swaps a unique value between two
 * rows, shifts keys onto each other, deletes a key and inserts it again, deletes a range and
 * changes indexed values, beside a small table (indexes kept) with a key-only shift. The log
 * changes no structure, so the replay runs before the held-back indexes are built. The target
 * must hold exactly the rows the source held at the second (read by the test from the source),
 * with every index, and the report must count as deleted exactly the rows that are gone.
 */
class ReplayBeforeIndexesIT {
  private static final String DB = "replay_wide_it";
  private static final int ROWS = 10_000;
  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;

  @TempDir static Path dir;

  private static Instant second;
  private static List<String> wideAtSecond;
  private static List<String> plainAtSecond;
  private static List<String> indexesAtSource;

  @BeforeAll
  static void backUpWriteAndCapture() throws Exception {
    source = CaptureServers.capture();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(source,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".wide (id INT PRIMARY KEY, code VARCHAR(12) NOT NULL,"
            + " qty INT NOT NULL, pad VARBINARY(1000), UNIQUE KEY code (code), KEY qty (qty))",
        // Random bytes do not compress: the set's chunk is over the 8 MiB that defers indexes.
        "INSERT INTO " + DB + ".wide SELECT seq, CONCAT('c', seq), seq % 100, RANDOM_BYTES(1000)"
            + " FROM " + DB + ".seq_1_to_" + ROWS,
        "CREATE TABLE " + DB + ".plain (id INT PRIMARY KEY, v VARCHAR(10), UNIQUE KEY v (v))",
        "INSERT INTO " + DB + ".plain SELECT seq, CONCAT('v', seq) FROM " + DB + ".seq_1_to_20");
    CliRun backup = CliRun.of(
        "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--repository", dir.toString(), "--source-name", "wide", "--backup-task", "full");
    assertEquals(0, backup.exit(), backup.all());

    try (Connection c = source.connect(); Statement s = c.createStatement()) {
      s.execute("USE " + DB);
      c.setAutoCommit(false);
      // Two rows swap a unique value.
      s.execute("UPDATE wide SET code = 'tmp' WHERE id = 1");
      s.execute("UPDATE wide SET code = 'c1' WHERE id = 2");
      s.execute("UPDATE wide SET code = 'c2' WHERE id = 1");
      c.commit();
      c.setAutoCommit(true);
      // Keys shifted onto each other: each new key was another row's old key.
      s.execute("UPDATE wide SET id = id + 1 WHERE id BETWEEN " + (ROWS - 20) + " AND " + ROWS
          + " ORDER BY id DESC");
      s.execute("UPDATE plain SET id = id + 1 WHERE id BETWEEN 15 AND 20 ORDER BY id DESC");
      // A key deleted and inserted again, its unique value reused.
      s.execute("DELETE FROM wide WHERE id = 5");
      s.execute("INSERT INTO wide VALUES (5, 'c5', 555, RANDOM_BYTES(10))");
      s.execute("DELETE FROM wide WHERE id BETWEEN 3000 AND 3100");
      s.execute("UPDATE wide SET qty = qty + 1000, pad = RANDOM_BYTES(20) WHERE id % 7 = 0");
      s.execute("INSERT INTO wide SELECT seq, CONCAT('n', seq), 1, NULL FROM seq_20001_to_20050");
      s.execute("DELETE FROM plain WHERE id = 3");
    }
    second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    wideAtSecond = rows(source, DB, "wide");
    plainAtSecond = rows(source, DB, "plain");
    indexesAtSource = indexes(source, DB);
    long wait = second.plusSeconds(1).plusMillis(100).toEpochMilli() - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    // After the second: must not be replayed.
    TestServers.execute(source, "UPDATE " + DB + ".wide SET qty = -1 WHERE id = 1");

    CliRun capture = CaptureServers.capture(source.jdbcUrl(), "wide", dir, "--until-now");
    assertEquals(0, capture.exit(), capture.all());
  }

  @AfterAll
  static void dropDatabases() throws SQLException {
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, "pitr_wide");
  }

  @Test
  void replayBeforeTheHeldBackIndexes_givesExactlyTheRowsOfTheSecond_withEveryIndex()
      throws Exception {
    Path set;
    try (var sets = Files.list(dir.resolve("wide").resolve("full"))) {
      set = sets.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    long setBytes;
    try (var files = Files.walk(set)) {
      setBytes = files.filter(f -> f.toString().endsWith(".parquet"))
          .filter(f -> f.toString().contains("wide")).mapToLong(f -> f.toFile().length()).sum();
    }
    assertTrue(setBytes >= 8L << 20, "the wide table's chunks hold " + setBytes + " bytes");

    TestServers.dropDatabases(target, "pitr_wide");
    CliRun restore = CliRun.of("restore", "--source", "wide", "--repository", dir.toString(),
        "--point-in-time", second.toString(), "--target", target.jdbcUrl(), "--user", "root",
        "--map-database", DB + "=pitr_wide");
    assertEquals(0, restore.exit(), restore.all());

    assertEquals(wideAtSecond, rows(target, "pitr_wide", "wide"));
    assertEquals(plainAtSecond, rows(target, "pitr_wide", "plain"));
    assertEquals(indexesAtSource, indexes(target, "pitr_wide"));

    // Rows gone at the second: keys 1..ROWS of the set that the source no longer held.
    Set<Integer> ids = new HashSet<>();
    for (String row : wideAtSecond) {
      ids.add(Integer.parseInt(row.substring(0, row.indexOf('|'))));
    }
    long gone = 0;
    for (int id = 1; id <= ROWS; id++) {
      if (!ids.contains(id)) {
        gone++;
      }
    }
    Matcher deleted =
        Pattern.compile("pitr_wide\\.wide: (\\d+) rows deleted").matcher(restore.out());
    assertTrue(deleted.find(), restore.out());
    assertEquals(gone, Long.parseLong(deleted.group(1)), restore.out());
  }

  /** A table's rows as the server gives them, the bytes as their MD5, in key order. */
  private static List<String> rows(EmbeddedMariaDb server, String database, String table)
      throws SQLException {
    String columns = table.equals("wide") ? "id, code, qty, MD5(pad)" : "id, v";
    List<String> rows = new ArrayList<>();
    try (Connection c = server.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + columns + " FROM `" + database
            + "`.`" + table + "` ORDER BY id")) {
      int width = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder(r.getString(1));
        for (int i = 2; i <= width; i++) {
          row.append('|').append(r.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  /** Every index of a database's tables: table, name, uniqueness, columns in order. */
  private static List<String> indexes(EmbeddedMariaDb server, String database)
      throws SQLException {
    return TestServers.column(server,
        "SELECT CONCAT_WS(' ', TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME"
            + " ORDER BY SEQ_IN_INDEX)) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '"
            + database + "' GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE"
            + " ORDER BY TABLE_NAME, INDEX_NAME");
  }
}
