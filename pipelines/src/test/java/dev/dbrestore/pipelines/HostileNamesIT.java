package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names are data, whatever they hold: databases, tables, columns, a view, a trigger and a
 * procedure whose names have backticks, quotes, {@code ]}, semicolons, spaces, non-ASCII letters
 * or exactly 64 characters are backed up and restored through the command line under the same
 * names with the same rows; a name the target cannot hold is refused by the pre-check.
 */
class HostileNamesIT {
  /** A database whose name has every awkward character. */
  private static final String DB = "hn `tick` 'sq' \"dq\" ]br; semi Größe 名前";
  /** A database whose name is exactly 64 characters. */
  private static final String DB64 = pad("hn64 `b` 'q' \"d\" ]; Größe 名前 ", 'd', 64);

  private static final String TABLE = "ta`ble 'sq' \"dq\" ]; x Größe 名前";
  private static final String TABLE64 = pad("t64 `b` 'q' \"d\" ]; Größe 名前 ", 't', 64);
  private static final String KEYED64 = pad("k64 `b` 'q' ]; 名前 ", 'k', 64);

  private static final String ID = "i`d 'k' \"q\" ]";
  private static final String TEXT = "co`l \"dq\" ]; x";
  private static final String NAME = "名前";
  private static final String SIZE = "Größe";
  private static final String COLUMN64 = pad("c64 `b` 'q' \"d\" ]; Größe 名前 ", 'c', 64);
  private static final String KEY64 = pad("p64 `b` 'q' ]; Größe ", 'p', 64);

  private static final String INDEX = "ix`d 'sq' \"dq\" ]; Größe 名前";
  private static final String UNIQUE64 = pad("u64 `b` 'q' \"d\" ]; 名前 ", 'u', 64);

  private static final String VIEW = "vi`ew 'sq' \"dq\" ]; 名前";
  private static final String TRIGGER = "tr`ig 'sq' \"dq\" ]; Größe";
  private static final String PROCEDURE = pad("pr`oc 'sq' \"dq\" ]; 名前 ", 'r', 64);
  private static final String PARAMETER = "pa`ram ]";

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;

  @BeforeAll
  static void backUpDatabasesWithHostileNames() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    for (String name : List.of(DB64, TABLE64, KEYED64, COLUMN64, KEY64, PROCEDURE)) {
      assertEquals(64, name.codePointCount(0, name.length()), name);
    }
    drop(source);
    String t = q(DB) + "." + q(TABLE);
    execute(
        source,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE DATABASE " + q(DB) + " CHARACTER SET utf8mb4",
        "CREATE TABLE " + t + " (" + q(ID) + " INT PRIMARY KEY, " + q(TEXT) + " VARCHAR(100), "
            + q(NAME) + " VARCHAR(50), " + q(SIZE) + " DECIMAL(10,2), " + q(COLUMN64)
            + " VARCHAR(64), INDEX " + q(INDEX) + " (" + q(NAME) + ", " + q(SIZE) + "))"
            + " CHARACTER SET utf8mb4",
        "INSERT INTO " + t + " SELECT seq, CONCAT('v`a''l \"', seq, '\" ]; -- x'),"
            + " IF(seq % 7 = 0, NULL, CONCAT('名前 ', seq)), seq * 1.5,"
            + " CONCAT('Größe ', seq, ' ', REPEAT(']', seq % 5)) FROM seq.seq_1_to_230",
        "CREATE TABLE " + q(DB) + "." + q(TABLE64) + " (" + q(KEY64) + " INT PRIMARY KEY, "
            + q(COLUMN64) + " VARCHAR(40)) CHARACTER SET utf8mb4",
        "INSERT INTO " + q(DB) + "." + q(TABLE64)
            + " SELECT seq, CONCAT('`', seq, '`') FROM seq.seq_1_to_120",
        "CREATE VIEW " + q(DB) + "." + q(VIEW) + " AS SELECT " + q(ID) + ", " + q(NAME)
            + " FROM " + t + " WHERE " + q(SIZE) + " > 100",
        "CREATE TRIGGER " + q(DB) + "." + q(TRIGGER) + " BEFORE INSERT ON " + t
            + " FOR EACH ROW SET NEW." + q(NAME) + " = IFNULL(NEW." + q(NAME)
            + ", 'trigger; `default` ]')",
        "CREATE PROCEDURE " + q(DB) + "." + q(PROCEDURE) + " (IN " + q(PARAMETER) + " INT)"
            + " SELECT COUNT(*) FROM " + t + " WHERE " + q(ID) + " > " + q(PARAMETER),
        "CREATE DATABASE " + q(DB64) + " CHARACTER SET utf8mb4",
        "CREATE TABLE " + q(DB64) + "." + q(KEYED64) + " (" + q(KEY64) + " INT PRIMARY KEY, "
            + q(COLUMN64) + " VARCHAR(40), " + q(NAME) + " INT, UNIQUE KEY " + q(UNIQUE64)
            + " (" + q(COLUMN64) + ")) CHARACTER SET utf8mb4",
        "INSERT INTO " + q(DB64) + "." + q(KEYED64)
            + " SELECT seq, CONCAT('\"', seq, '\" ''; ]'), seq % 3 FROM seq.seq_1_to_150");
    set = work.resolve("set").toString();
    Result backup =
        cli("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--database", DB64, "--output", set, "--chunk-rows", "40");
    assertEquals(0, backup.exit, backup.err);
  }

  @BeforeEach
  void targetHasNeitherDatabase() throws Exception {
    drop(target);
  }

  @Test
  void hostileAndMaximumLengthNamesRoundTripWithTheirRows() throws Exception {
    // No --accept-warnings: that the view, trigger and procedure get the restoring account as
    // definer is a notice (item 14).
    Result restore = cli("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root");
    assertEquals(0, restore.exit, restore.err);

    for (String db : List.of(DB, DB64)) {
      assertEquals(List.of(List.of(db)),
          rows(target, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
              + " WHERE SCHEMA_NAME = ?", db));
      for (String sql : List.of(
          "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
              + " ORDER BY TABLE_NAME",
          "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE,"
              + " COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
              + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
          "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE"
              + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
              + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
          "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME,"
              + " REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
              + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
          "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES"
              + " WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_NAME",
          "SELECT PARAMETER_NAME, DATA_TYPE FROM information_schema.PARAMETERS"
              + " WHERE SPECIFIC_SCHEMA = ? ORDER BY SPECIFIC_NAME, ORDINAL_POSITION",
          "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION"
              + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
              + " ORDER BY TRIGGER_NAME")) {
        assertEquals(rows(source, sql, db), rows(target, sql, db), sql + " for " + db);
      }
    }
    // The comparison above is of non-empty lists: every hostile name is there.
    List<List<String>> tables = rows(target,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
            + " ORDER BY TABLE_NAME", DB);
    assertTrue(tables.contains(List.of(TABLE)), tables.toString());
    assertTrue(tables.contains(List.of(TABLE64)), tables.toString());
    assertTrue(tables.contains(List.of(VIEW)), tables.toString());
    List<List<String>> columns = rows(target,
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
            + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", DB, TABLE);
    assertEquals(List.of(List.of(ID), List.of(TEXT), List.of(NAME), List.of(SIZE),
        List.of(COLUMN64)), columns);
    String indexes = "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
        + " ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME";
    assertEquals(List.of(List.of("PRIMARY"), List.of(INDEX)), rows(target, indexes, DB, TABLE));
    assertEquals(List.of(List.of("PRIMARY"), List.of(UNIQUE64)),
        rows(target, indexes, DB64, KEYED64));

    assertEquals(List.of(List.of(PROCEDURE)), rows(target,
        "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?", DB));
    assertEquals(List.of(List.of(TRIGGER)), rows(target,
        "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", DB));
    assertEquals(List.of(List.of(KEYED64)), rows(target,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", DB64));

    // Same rows, compared by a digest each server computes in SQL.
    assertSameRows(DB, TABLE, ID, 230);
    assertSameRows(DB, TABLE64, KEY64, 120);
    assertSameRows(DB, VIEW, ID, -1);
    assertSameRows(DB64, KEYED64, KEY64, 150);

    // The procedure and the trigger work under their names in the target.
    String call = "CALL " + q(DB) + "." + q(PROCEDURE) + "(200)";
    assertEquals(List.of(List.of("30")), rows(target, call));
    execute(target, "INSERT INTO " + q(DB) + "." + q(TABLE) + " (" + q(ID) + ") VALUES (1000)");
    assertEquals(List.of(List.of("trigger; `default` ]")), rows(target,
        "SELECT " + q(NAME) + " FROM " + q(DB) + "." + q(TABLE) + " WHERE " + q(ID) + " = ?",
        "1000"));
  }

  @Test
  void aForeignKeyWithQuotesBracketsSemicolonsAndNonAsciiNamesRoundTrips() throws Exception {
    roundTripForeignKey(
        "hn_fk 'sq' \"dq\" ]; Größe 名前",
        "pa'rent \"dq\" ]; 名前",
        "i'd ]; Größe",
        "ch'ild \"dq\" ]; x",
        "re\"f ]; 名前",
        pad("fk 'q' \"d\" ]; Größe 名前 ", 'f', 64));
  }

  @Test
  void aForeignKeyWithBacktickedNamesRoundTrips() throws Exception {
    roundTripForeignKey(
        "hn_fk `tick` ]; Größe",
        "pa`rent ]; 名前",
        "i`d ]",
        "ch`ild ]; x",
        "re`f ]; 名前",
        "fk`y 'sq' ]; Größe");
  }

  /** A parent and a child table joined by a named foreign key, backed up and restored. */
  private void roundTripForeignKey(
      String db, String parent, String parentKey, String child, String reference, String fk)
      throws Exception {
    execute(source, "DROP DATABASE IF EXISTS " + q(db));
    execute(target, "DROP DATABASE IF EXISTS " + q(db));
    execute(
        source,
        "CREATE DATABASE " + q(db) + " CHARACTER SET utf8mb4",
        "CREATE TABLE " + q(db) + "." + q(parent) + " (" + q(parentKey) + " INT PRIMARY KEY)",
        "CREATE TABLE " + q(db) + "." + q(child) + " (id INT PRIMARY KEY, " + q(reference)
            + " INT, CONSTRAINT " + q(fk) + " FOREIGN KEY (" + q(reference) + ") REFERENCES "
            + q(db) + "." + q(parent) + " (" + q(parentKey) + "))",
        "INSERT INTO " + q(db) + "." + q(parent) + " SELECT seq FROM seq.seq_1_to_50",
        "INSERT INTO " + q(db) + "." + q(child) + " SELECT seq, 51 - seq FROM seq.seq_1_to_50");
    String fkSet = work.resolve("fk-" + Math.abs(db.hashCode())).toString();
    Result backup = cli("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", db, "--output", fkSet, "--chunk-rows", "20");
    assertEquals(0, backup.exit, backup.err);

    // No --accept-warnings: that foreign keys are not enforced while rows load is a notice.
    Result restore = cli("restore", "--backup-set", fkSet, "--target", target.jdbcUrl(),
        "--user", "root");
    try {
      assertEquals(0, restore.exit, restore.err);
      String keys = "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME,"
          + " REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
          + " WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL";
      assertEquals(List.of(List.of(fk, child, reference, parent, parentKey)),
          rows(target, keys, db));
      assertEquals(rows(source, keys, db), rows(target, keys, db));
      assertSameRows(db, parent, parentKey, 50);
      assertSameRows(db, child, "id", 50);
    } finally {
      execute(source, "DROP DATABASE IF EXISTS " + q(db));
      execute(target, "DROP DATABASE IF EXISTS " + q(db));
    }
  }

  @Test
  void aTableMappedToAHostile64CharacterNameIsRestoredUnderIt() throws Exception {
    String mapped = pad("n64 `b` 'q' \"d\" ]; Größe 名前 ", 'n', 64);

    Result r = cli("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
        "--include", "databases:" + DB64,
        "--map-table", DB64 + "." + KEYED64 + "=" + mapped);

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of(List.of(mapped)), rows(target,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", DB64));
    assertEquals(List.of(List.of("PRIMARY"), List.of(UNIQUE64)), rows(target,
        "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
            + " ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME", DB64, mapped));
    String digest = "SELECT COUNT(*), SHA2(GROUP_CONCAT(CONCAT_WS(',', " + q(KEY64) + ", HEX("
        + q(COLUMN64) + "), " + q(NAME) + ") ORDER BY " + q(KEY64) + " SEPARATOR ';'), 256)"
        + " FROM " + q(DB64) + ".";
    assertEquals(rows(source, digest + q(KEYED64)), rows(target, digest + q(mapped)));
  }

  @Test
  void aTableMappedToA65CharacterNameIsRefusedByThePreCheck_beforeAnythingIsWritten()
      throws Exception {
    String tooLong = pad("m65 `b` 'q' \"d\" ]; 名前 ", 'm', 65);
    assertEquals(65, tooLong.codePointCount(0, tooLong.length()));

    // Only the database without views or routines, so no other item fails with the mapping.
    Result r = cli("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
        "--include", "databases:" + DB64,
        "--map-table", DB64 + "." + KEYED64 + "=" + tooLong);

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("item 16 (identifiers)"), r.err);
    assertFalse(r.err.contains("item 7 "), "only the identifiers should fail: " + r.err);
    assertTrue(r.err.contains("table " + q(tooLong) + " (longer than 64 characters)"), r.err);
    assertTrue(r.err.contains("Nothing was written"), r.err);
    assertEquals(List.of(), rows(target,
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?, ?)",
        DB, DB64));
  }

  /** Row count and a SHA-256 over every value in key order, computed by each server. */
  private static void assertSameRows(String db, String table, String key, int expectedRows)
      throws SQLException {
    List<List<String>> names = rows(source,
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
            + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", db, table);
    List<String> values = new ArrayList<>();
    for (List<String> name : names) {
      values.add("IFNULL(HEX(" + q(name.get(0)) + "), 'NULL')");
    }
    String sql = "SELECT COUNT(*), SHA2(GROUP_CONCAT(CONCAT_WS(',', " + String.join(", ", values)
        + ") ORDER BY " + q(key) + " SEPARATOR ';'), 256) FROM " + q(db) + "." + q(table);
    List<List<String>> expected = rows(source, sql);
    if (expectedRows >= 0) {
      assertEquals(String.valueOf(expectedRows), expected.get(0).get(0), table);
    } else {
      assertTrue(Integer.parseInt(expected.get(0).get(0)) > 0, "rows in " + table);
    }
    assertEquals(expected, rows(target, sql), "rows of " + db + "." + table);
  }

  private static void drop(EmbeddedMariaDb server) throws SQLException {
    execute(server, "DROP DATABASE IF EXISTS " + q(DB), "DROP DATABASE IF EXISTS " + q(DB64));
  }

  private static String q(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static String pad(String start, char fill, int length) {
    StringBuilder name = new StringBuilder(start);
    while (name.codePointCount(0, name.length()) < length) {
      name.append(fill);
    }
    return name.toString();
  }

  private static Connection connect(EmbeddedMariaDb server) throws SQLException {
    return DriverManager.getConnection(
        server.jdbcUrl() + "?allowPublicKeyRetrieval=true&characterEncoding=UTF-8", "root", "");
  }

  private static void execute(EmbeddedMariaDb server, String... statements) throws SQLException {
    try (Connection c = connect(server);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static List<List<String>> rows(EmbeddedMariaDb server, String sql, String... params)
      throws SQLException {
    try (Connection c = connect(server)) {
      try (Statement s = c.createStatement()) {
        s.execute("SET SESSION group_concat_max_len = 1073741824");
      }
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          s.setString(i + 1, params[i]);
        }
        try (ResultSet r = s.executeQuery()) {
          List<List<String>> result = new ArrayList<>();
          int n = r.getMetaData().getColumnCount();
          while (r.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
              row.add(r.getString(i));
            }
            result.add(row);
          }
          return result;
        }
      }
    }
  }

  private static Result cli(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
