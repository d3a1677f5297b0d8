package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.io.parquet.ChangeSegmentReader.LoggedChange;
import dev.dbrestore.io.parquet.ChangeSegmentReader;
import dev.dbrestore.pipelines.capture.CaptureLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dbrestore capture --until-now} after a full backup: the log segments hold exactly the
 * changes the test executed, transaction by transaction, with images in the chunks' encodings.
 * The expected images come from the server itself (each table read before and after each
 * statement), never from the code under test.
 */
class CaptureIT {
  private static final String DB = "capture_it";
  private static EmbeddedMariaDb server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = CaptureServers.capture();
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    TestServers.dropDatabases(server, DB);
  }

  /** Each table's rows, as text the server prints; key columns first. */
  private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

  @Test
  void captureHoldsExactlyTheExecutedTransactions_withImagesInChunkEncodings() throws Exception {
    TestServers.dropDatabases(server, DB);
    TestServers.execute(
        server,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, name VARCHAR(50), price DECIMAL(10,2),"
            + " qty INT UNSIGNED, big BIGINT UNSIGNED, ti TINYINT UNSIGNED, si SMALLINT,"
            + " f FLOAT, d DOUBLE, dt DATETIME(3), ts TIMESTAMP(6) NULL DEFAULT NULL, dd DATE,"
            + " tm TIME(2), yr YEAR, bin BINARY(4), vb VARBINARY(10), bl BLOB, tx TEXT,"
            + " lat VARCHAR(10) CHARACTER SET latin1, e ENUM('a','b','c'), s SET('x','y','z'),"
            + " b BIT(10), j JSON, ch CHAR(5)) DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE " + DB + ".nokey (a INT, b VARCHAR(10))",
        "CREATE TABLE " + DB + ".todrop (id INT PRIMARY KEY)",
        "INSERT INTO " + DB + ".todrop VALUES (1), (2)");
    try (Connection c = connect()) {
      for (int id = 1; id <= 30; id++) {
        insertItem(c, id);
      }
    }
    CliRun backup =
        CliRun.of(
            "backup", "--source", server.jdbcUrl(), "--user", "root", "--database", DB,
            "--repository", dir.toString(), "--source-name", "src", "--backup-task", "full");
    assertEquals(0, backup.exit(), backup.all());

    List<List<String>> expected = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // Inserts with every kind of value, NULLs and edge values among them.
      expected.add(step(c, List.of("items"),
          "INSERT INTO items VALUES (100, 'näme ✓', -12.50, 4294967295, 18446744073709551615,"
              + " 255, -32768, 1.5, -2.25, '2024-02-29 12:34:56.789', '2038-01-19 03:14:07.999999',"
              + " '0000-00-00', '-838:59:59.00', 2155, 'ab', x'00ff10', x'deadbeef', 'long text',"
              + " 'caf\u00e9', 'c', 'x,z', b'1111111111', '{\"k\": [1, 2]}', 'ab')"));
      expected.add(step(c, List.of("items"), "INSERT INTO items (id) VALUES (101)"));
      // Updates, one of them of many rows.
      expected.add(step(c, List.of("items"), "UPDATE items SET name = 'renamed', qty = qty + 1"
          + " WHERE id <= 5"));
      expected.add(step(c, List.of("items"), "UPDATE items SET tm = '12:30:00.5', dt = NULL,"
          + " bin = x'01', s = '' WHERE id = 100"));
      expected.add(step(c, List.of("items"), "UPDATE items SET tm = '-00:00:00.01', dt ="
          + " '0000-00-00 00:00:00.000', ts = '0000-00-00 00:00:00', yr = 0 WHERE id = 2"));
      // A transaction of several statements.
      c.setAutoCommit(false);
      List<String> transaction = new ArrayList<>();
      transaction.addAll(step(c, List.of("items"),
          "INSERT INTO items (id, name) VALUES (102, 'in a transaction')"));
      transaction.addAll(step(c, List.of("items"), "UPDATE items SET price = 1.01 WHERE id = 102"));
      transaction.addAll(step(c, List.of("items"), "DELETE FROM items WHERE id = 6"));
      transaction.addAll(step(c, List.of("nokey"),
          "INSERT INTO nokey VALUES (1, 'dup'), (1, 'dup'), (1, 'dup'), (2, 'two')"));
      transaction.sort(null);
      expected.add(transaction);
      c.commit();
      // A rolled-back transaction leaves nothing in the log.
      s.execute("INSERT INTO items (id) VALUES (999)");
      c.rollback();
      c.setAutoCommit(true);
      // A range delete.
      expected.add(step(c, List.of("items"), "DELETE FROM items WHERE id BETWEEN 10 AND 20"));
      // One of the duplicate rows only, and an update of a row without a key.
      expected.add(step(c, List.of("nokey"), "DELETE FROM nokey WHERE a = 1 LIMIT 1"));
      expected.add(step(c, List.of("nokey"), "UPDATE nokey SET b = 'zwei' WHERE a = 2"));
      // DDL: a new column, then rows that have it.
      expected.add(ddl(c, "ALTER TABLE items ADD COLUMN added INT DEFAULT 7"));
      expected.add(step(c, List.of("items"), "INSERT INTO items (id, added) VALUES (103, 8)"));
      expected.add(step(c, List.of("items"), "UPDATE items SET added = 9 WHERE id = 1"));
      // A table created and one dropped during the window.
      expected.add(ddl(c, "CREATE TABLE created (id INT PRIMARY KEY, v VARCHAR(5))"));
      expected.add(step(c, List.of("created"), "INSERT INTO created VALUES (1, 'one')"));
      expected.add(ddl(c, "DROP TABLE todrop"));
    }
    String endOfLog = masterStatus();

    CliRun capture =
        CaptureServers.capture(
            server.jdbcUrl(), "src", dir, "--until-now", "--segment-bytes", "3000");
    assertEquals(0, capture.exit(), capture.all());

    Path log = CaptureLog.folder(dir, "src");
    LogManifest manifest = CaptureLog.readManifest(log);
    List<LoggedChange> changes = readAll(log, manifest);
    assertEquals(expected, byTransaction(changes));

    // The manifest: segments join end to start, from the set's point up to the end of the log
    // when capture started, each with its true size and hash and whole transactions.
    assertTrue(manifest.segments().size() > 1, "segments: " + manifest.segments().size());
    assertEquals(manifest.start().point(), manifest.segments().get(0).start());
    for (int i = 1; i < manifest.segments().size(); i++) {
      assertEquals(manifest.segments().get(i - 1).end(), manifest.segments().get(i).start());
      assertEquals(
          manifest.segments().get(i - 1).lastTransaction() + 1,
          manifest.segments().get(i).firstTransaction());
    }
    LogManifest.Point end = manifest.end();
    assertEquals(endOfLog, end.binlogFile() + ":" + end.binlogPosition());
    long rows = 0;
    for (LogManifest.Segment segment : manifest.segments()) {
      Path file = log.resolve(segment.file());
      assertEquals(segment.sha256(), CaptureLog.sha256(file));
      assertEquals(segment.bytes(), Files.size(file));
      List<LoggedChange> inSegment = ChangeSegmentReader.read(file);
      assertEquals(segment.firstTransaction(), inSegment.get(0).transaction());
      assertEquals(segment.lastTransaction(), inSegment.get(inSegment.size() - 1).transaction());
      rows += segment.rowCount();
    }
    assertEquals(
        changes.stream().filter(ch -> ch.change().operation() != ChangeLogReader.Operation.DDL)
            .count(),
        rows);

    // Nothing new: nothing written. One more transaction: appended, numbered on.
    CliRun again = CaptureServers.capture(server.jdbcUrl(), "src", dir, "--until-now");
    assertEquals(0, again.exit(), again.all());
    assertTrue(again.out().contains("Nothing new"), again.all());
    assertEquals(manifest, CaptureLog.readManifest(log));
    List<String> last;
    try (Connection c = connect()) {
      last = step(c, List.of("items"), "DELETE FROM items WHERE id = 103");
    }
    CliRun more = CaptureServers.capture(server.jdbcUrl(), "src", dir, "--until-now");
    assertEquals(0, more.exit(), more.all());
    LogManifest after = CaptureLog.readManifest(log);
    assertEquals(manifest.segments().size() + 1, after.segments().size());
    assertEquals(manifest.end(), after.lastSegment().start());
    long lastTransaction = manifest.lastSegment().lastTransaction() + 1;
    assertEquals(lastTransaction, after.lastSegment().firstTransaction());
    List<List<String>> all = new ArrayList<>(expected);
    all.add(last);
    assertEquals(all, byTransaction(readAll(log, after)));

    // The window: from the full set's consistent point to the last captured commit.
    CliRun list = CliRun.of("backups", "list", "--source", "src", "--repository", dir.toString());
    assertEquals(0, list.exit(), list.all());
    assertTrue(
        list.out().contains("Restorable to the second: ")
            && list.out().contains(after.lastSegment().lastCommitTime() + " (last captured commit")
            && list.out().contains("no gaps."),
        list.out());
  }

  // ---- What the test expects, from the server's own reading of each table -------------------

  private static Connection connect() throws SQLException {
    Connection c =
        DriverManager.getConnection(
            server.jdbcUrl() + DB + "?allowPublicKeyRetrieval=true", "root", "");
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00'");
      s.execute("SET SESSION sql_mode = ''");
    }
    return c;
  }

  private static void insertItem(Connection c, int id) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO " + DB + ".items VALUES (" + id + ", 'item " + id + "', " + id + ".25, "
              + id + ", " + id + ", " + (id % 256) + ", " + (-id) + ", " + id + ".5, " + id
              + ".125, '2025-01-0" + (id % 9 + 1) + " 10:00:00.5', '2025-06-01 00:00:0"
              + (id % 10) + ".25', '2025-03-04', '" + id + ":00:00', 2000, 'k', x'0" + (id % 10)
              + "', x'cafe', 'text', 'caf\u00e9', 'a', 'y', b'101', '[]', 'c')");
    }
  }

  /**
   * Runs statements (in the caller's transaction) and returns the changes they make to the named
   * tables, found by reading the tables before and after: rows gone are deletes, new rows
   * inserts, changed rows (same key) updates; a table without a key pairs one removed row with
   * one added row as an update.
   */
  private static List<String> step(Connection c, List<String> tables, String... statements)
      throws SQLException {
    Map<String, TreeMap<String, List<String>>> before = new LinkedHashMap<>();
    for (String table : tables) {
      before.put(table, read(c, table));
    }
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
    List<String> changes = new ArrayList<>();
    for (String table : tables) {
      TreeMap<String, List<String>> was = before.get(table);
      TreeMap<String, List<String>> now = read(c, table);
      boolean keyed = !KEYS.get(table).isEmpty();
      if (keyed) {
        for (String key : was.keySet()) {
          if (!now.containsKey(key)) {
            changes.add(change("delete", table, was.get(key), null));
          } else if (!now.get(key).equals(was.get(key))) {
            changes.add(change("update", table, was.get(key), now.get(key)));
          }
        }
        for (String key : now.keySet()) {
          if (!was.containsKey(key)) {
            changes.add(change("insert", table, null, now.get(key)));
          }
        }
      } else {
        List<List<String>> removed = multisetMinus(was, now);
        List<List<String>> added = multisetMinus(now, was);
        if (removed.size() == 1 && added.size() == 1) {
          changes.add(change("update", table, removed.get(0), added.get(0)));
        } else {
          removed.forEach(r -> changes.add(change("delete", table, r, null)));
          added.forEach(r -> changes.add(change("insert", table, null, r)));
        }
      }
    }
    changes.sort(null);
    return changes;
  }

  private static List<String> ddl(Connection c, String statement) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    }
    return List.of("ddl " + DB + " " + normalize(statement));
  }

  private static String normalize(String statement) {
    return statement.replaceAll("/\\*.*?\\*/", "").replace("`", "").replace(DB + ".", "")
        .replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
  }

  /** Each row of a table as the server prints its values; keyed by primary key or whole row. */
  private static TreeMap<String, List<String>> read(Connection c, String table)
      throws SQLException {
    List<String> key = new ArrayList<>();
    List<String[]> columns = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery(
          "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '" + DB
              + "' AND TABLE_NAME = '" + table + "' AND INDEX_NAME = 'PRIMARY'"
              + " ORDER BY SEQ_IN_INDEX")) {
        while (r.next()) {
          key.add(r.getString(1));
        }
      }
      try (ResultSet r = s.executeQuery(
          "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS"
              + " WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME = '" + table
              + "' ORDER BY ORDINAL_POSITION")) {
        while (r.next()) {
          columns.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
        }
      }
    }
    KEYS.put(table, key);
    List<String> expressions = new ArrayList<>();
    for (String[] col : columns) {
      String name = "`" + col[0] + "`";
      boolean bytes =
          List.of("binary", "varbinary", "blob", "tinyblob", "mediumblob", "longblob")
                  .contains(col[1])
              || (col[2] != null && !col[2].startsWith("utf8") && !col[2].equals("ascii"));
      expressions.add(
          col[1].equals("bit") ? "LPAD(HEX(" + name + "), 4, '0')"
              : bytes ? "HEX(" + name + ")"
              : "CAST(" + name + " AS CHAR)");
    }
    TreeMap<String, List<String>> rows = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(
            "SELECT " + String.join(", ", expressions) + " FROM `" + table + "`")) {
      ResultSetMetaData meta = r.getMetaData();
      int n = meta.getColumnCount();
      int dup = 0;
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(columns.get(i - 1)[0] + "=" + (r.getString(i) == null ? "NULL" : r.getString(i)));
        }
        String id;
        if (key.isEmpty()) {
          id = String.join("|", row) + "#" + dup++;
        } else {
          List<String> parts = new ArrayList<>();
          for (String k : key) {
            parts.add(row.get(columns.stream().map(x -> x[0]).toList().indexOf(k)));
          }
          id = String.join("|", parts);
        }
        rows.put(id, row);
      }
    }
    return rows;
  }

  private static List<List<String>> multisetMinus(
      TreeMap<String, List<String>> a, TreeMap<String, List<String>> b) {
    List<List<String>> rest = new ArrayList<>(a.values());
    for (List<String> row : b.values()) {
      rest.remove(row);
    }
    return rest;
  }

  private static String change(String op, String table, List<String> before, List<String> after) {
    return op + " " + DB + "." + table + " before=" + before + " after=" + after;
  }

  // ---- What capture wrote, rendered the same way -------------------------------------------

  static List<LoggedChange> readAll(Path log, LogManifest manifest) throws Exception {
    List<LoggedChange> all = new ArrayList<>();
    for (LogManifest.Segment segment : manifest.segments()) {
      all.addAll(ChangeSegmentReader.read(log.resolve(segment.file())));
    }
    return all;
  }

  private static List<List<String>> byTransaction(List<LoggedChange> changes) {
    Map<Long, List<String>> byTransaction = new TreeMap<>();
    for (LoggedChange logged : changes) {
      ChangeLogReader.Change ch = logged.change();
      if (!DB.equals(ch.database())) {
        continue;
      }
      String text =
          ch.operation() == ChangeLogReader.Operation.DDL
              ? "ddl " + ch.database() + " " + normalize(ch.statement())
              : change(
                  ch.operation().name().toLowerCase(Locale.ROOT),
                  ch.table(),
                  render(ch.columns(), ch.before()),
                  render(ch.columns(), ch.after()));
      byTransaction.computeIfAbsent(logged.transaction(), t -> new ArrayList<>()).add(text);
    }
    List<List<String>> result = new ArrayList<>();
    for (List<String> transaction : byTransaction.values()) {
      transaction.sort(null);
      result.add(transaction);
    }
    return result;
  }

  private static List<String> render(List<ChangeLogReader.Column> columns, Object[] image) {
    if (image == null) {
      return null;
    }
    List<String> row = new ArrayList<>();
    for (int i = 0; i < image.length; i++) {
      Object v = image[i];
      String text =
          v == null ? "NULL"
              : v instanceof byte[] b ? HexFormat.of().withUpperCase().formatHex(b)
              : v.toString();
      row.add(columns.get(i).name() + "=" + text);
    }
    return row;
  }

  private static String masterStatus() throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW MASTER STATUS")) {
      r.next();
      return r.getString(1) + ":" + r.getLong(2);
    }
  }
}
