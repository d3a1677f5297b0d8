package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dbrestore query} over a set backed up from a real MariaDB server, read by real DuckDB:
 * every value compared with what the source server itself computes (its SUM, its CONVERT to
 * utf8mb4, its HEX), odd names, damaged chunks, statements that would write, and the output
 * formats. Also {@code dbrestore backups show} of the same set.
 */
class QueryIT {
  private static final String DB = "qt_types";
  private static final String ODD_DB = "qt odd.\"db` x";
  private static final String ODD_DB_SQL = "`qt odd.\"db`` x`";
  /** The odd table as DuckDB SQL names it: three rows. */
  private static final String ODD_TABLE = "\"qt odd.\"\"db` x\".\"ta.b\"\"le` x\"";

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static Path set;
  private static Path repository;
  private static String setId;

  @BeforeAll
  static void backUpTypesAndOddNames() throws Exception {
    source = TestServers.source();
    TestServers.dropDatabases(source, DB, ODD_DB);
    TestServers.execute(
        source,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, amount DECIMAL(18,2), wide DECIMAL(65,30),"
            + " big BIGINT UNSIGNED, tiny TINYINT UNSIGNED, small SMALLINT, d DOUBLE,"
            + " name_latin1 VARCHAR(60) CHARACTER SET latin1,"
            + " note_cp1251 TEXT CHARACTER SET cp1251, name_sjis VARCHAR(20) CHARACTER SET sjis,"
            + " blob_value BLOB, bin8 BINARY(8), dt DATE, dtm DATETIME(6),"
            + " ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6), yr YEAR, bits BIT(17),"
            + " js JSON, en ENUM('red','grün') CHARACTER SET utf8mb4, gen INT AS (id * 2) VIRTUAL)",
        // Amounts near 1e15 with cents: their sum has more digits than a double keeps.
        "INSERT INTO " + DB + ".t (id, amount, wide, big, tiny, small, d, name_latin1,"
            + " note_cp1251, blob_value, bin8, dt, dtm, ts, tm, yr, bits, js, en)"
            + " SELECT seq, 1234567890123456.78 - seq * 0.37,"
            + " CONCAT('12345678901234567890123456789012345.', LPAD(seq, 30, '0')),"
            + " 18446744073709551615 - seq * 1000, seq % 256, CAST(seq AS SIGNED) - 300, seq / 7,"
            + " CONCAT('name ', seq), CONCAT('note ', seq), UNHEX(SHA2(seq, 256)),"
            + " UNHEX(LPAD(HEX(seq), 16, '0')),"
            + " '2024-01-01' + INTERVAL seq DAY,"
            + " '2024-01-01 00:00:00' + INTERVAL seq * 1000003 MICROSECOND,"
            + " '2001-02-03 04:05:06' + INTERVAL seq * 1001 SECOND,"
            + " SEC_TO_TIME(CAST(seq AS SIGNED) * 997 - 200000), 1901 + seq % 254, seq * 131,"
            + " CONCAT('{\"n\": ', seq, '}'), IF(seq % 2, 'red', 'grün')"
            + " FROM seq.seq_1_to_500",
        // The hard values: latin1's 0x80 to 0x9F (cp1252, with its holes), cp1251 Cyrillic,
        // sjis (multi-byte: stays bytes), a BLOB of zero and high bytes, limits, zero dates.
        "INSERT INTO " + DB + ".t (id, amount, big, name_latin1, note_cp1251, name_sjis,"
            + " blob_value, bin8, dt, dtm, ts, tm, yr, bits, en)"
            + " VALUES (1001, -99.99, 18446744073709551615,"
            + " _latin1 X'436166E92080818D8F909DFF', _cp1251 X'CFF0E8E2E5F22C20ECE8F0',"
            + " _sjis X'93FA967B', X'00FF00800A0D5C27220000', X'01',"
            + " '2024-02-29', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999',"
            + " '-838:59:59', 2155, b'11111111111111111', 'grün')",
        "INSERT INTO " + DB + ".t (id, tm, dt, dtm) VALUES (1002, '100:00:00.5', '1000-01-01',"
            + " '1000-01-01 00:00:00')",
        "INSERT INTO " + DB + ".t (id) VALUES (1003)",
        "CREATE VIEW " + DB + ".big_amounts AS SELECT id FROM " + DB + ".t WHERE amount > 0",
        "CREATE TABLE " + DB + ".`Orders` (id INT PRIMARY KEY, what VARCHAR(10))",
        "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, what VARCHAR(10))",
        "INSERT INTO " + DB + ".`Orders` VALUES (1, 'upper')",
        "INSERT INTO " + DB + ".orders VALUES (1, 'lower'), (2, 'lower')",
        "CREATE DATABASE " + ODD_DB_SQL,
        "CREATE TABLE " + ODD_DB_SQL + ".`ta.b\"le`` x` (id INT PRIMARY KEY,"
            + " `va\"l.ue` VARCHAR(10))",
        "INSERT INTO " + ODD_DB_SQL + ".`ta.b\"le`` x` VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    // A zero date needs a mode without NO_ZERO_DATE; it reads as NULL.
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      s.execute("SET SESSION sql_mode = ''");
      s.execute("INSERT INTO " + DB + ".t (id, dt, dtm) VALUES (1004, '0000-00-00',"
          + " '0000-00-00 00:00:00')");
    }
    repository = work.resolve("repository");
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", DB, "--database", ODD_DB, "--source-name", "db1", "--backup-task",
        "nightly", "--repository", repository.toString(), "--chunk-rows", "150");
    assertEquals(0, backup.exit(), backup.err());
    try (Stream<Path> sets = Files.list(repository.resolve("db1").resolve("nightly"))) {
      set = sets.findFirst().orElseThrow();
    }
    setId = set.getFileName().toString();
  }

  @Test
  void queryCountsAndSumsADecimalColumnExactly_asTheSourceDoes() throws Exception {
    CliRun run = query("SELECT count(*) AS n, sum(amount) AS total, sum(big) AS big_total,"
        + " max(big) AS big_max FROM qt_types.t", "--format", "csv");

    assertEquals(0, run.exit(), run.err());
    List<List<String>> rows = csv(run.out());
    assertEquals(List.of("n", "total", "big_total", "big_max"), rows.get(0));
    assertEquals(
        List.of(
            TestServers.single(source, "SELECT COUNT(*) FROM qt_types.t"),
            TestServers.single(source, "SELECT SUM(amount) FROM qt_types.t"),
            TestServers.single(source, "SELECT SUM(big) FROM qt_types.t"),
            TestServers.single(source, "SELECT MAX(big) FROM qt_types.t")),
        rows.get(1));
    // The sum has more digits than a double holds: only an exact DECIMAL gets it right.
    assertTrue(rows.get(1).get(1).replace("-", "").replace(".", "").length() > 17, run.out());
  }

  @Test
  void everyColumnReadsBackAsTheSourceServerPrintsIt() throws Exception {
    CliRun run = query("SELECT id, amount, wide, big, tiny, small, d, name_latin1, note_cp1251,"
        + " hex(name_sjis), hex(blob_value), octet_length(blob_value), hex(bin8), dt, dtm, ts,"
        + " tm, yr, bits, js, en FROM qt_types.t ORDER BY id", "--format", "csv");
    assertEquals(0, run.exit(), run.err());
    List<List<String>> duck = csv(run.out());

    List<List<String>> server = serverRows("SELECT id, CAST(amount AS CHAR), CAST(wide AS CHAR),"
        + " big, tiny, small, d, CONVERT(name_latin1 USING utf8mb4),"
        + " CONVERT(note_cp1251 USING utf8mb4), HEX(name_sjis), HEX(blob_value),"
        + " LENGTH(blob_value), HEX(bin8), CAST(dt AS CHAR), CAST(dtm AS CHAR), CAST(ts AS CHAR),"
        + " CAST(tm AS CHAR), CAST(yr AS CHAR), bits + 0, js, en FROM qt_types.t ORDER BY id");
    assertEquals(server.size(), duck.size() - 1, run.out());
    for (int r = 0; r < server.size(); r++) {
      List<String> expected = new ArrayList<>(server.get(r));
      List<String> actual = duck.get(r + 1);
      // DuckDB prints times without trailing zeros in the fraction, TIMESTAMP in UTC with +00,
      // and has no zero date (NULL); a double as the shortest text that reads back the same.
      for (int c : new int[] {13, 14, 15, 16}) {
        expected.set(c, withoutTrailingZeros(expected.get(c)));
      }
      if (expected.get(13) != null && expected.get(13).startsWith("0000")) {
        expected.set(13, null);
        expected.set(14, null);
      }
      if (expected.get(15) != null) {
        expected.set(15, expected.get(15) + "+00");
      }
      if (expected.get(6) != null) {
        assertEquals(Double.parseDouble(expected.get(6)), Double.parseDouble(actual.get(6)),
            "row " + expected.get(0));
        expected.set(6, actual.get(6));
      }
      assertEquals(expected, actual, "row " + expected.get(0));
    }
    // The hard row, by eye: latin1's cp1252 letters and holes, Cyrillic, the euro sign.
    List<String> hard = duck.stream().filter(row -> row.get(0).equals("1001")).findFirst()
        .orElseThrow();
    assertEquals("Café €\u0081\u008D\u008F\u0090\u009Dÿ", hard.get(7));
    assertEquals("Привет, мир", hard.get(8));
    assertEquals("00FF00800A0D5C27220000", hard.get(10));
    assertEquals("-838:59:59", hard.get(16));
    assertTrue(run.err().contains("name_sjis"), "a note names the column left as bytes: "
        + run.err());
    assertFalse(query("SELECT 1").err().contains("name_sjis"), "notes only for tables named");
  }

  @Test
  void viewsHaveTheColumnsRealNamesAndDuckDbTypes_withoutGeneratedColumns() throws Exception {
    CliRun run = query("SELECT column_name, column_type FROM (DESCRIBE qt_types.t)",
        "--format", "json");

    assertEquals(0, run.exit(), run.err());
    Map<String, String> types = new HashMap<>();
    for (JsonNode row : new ObjectMapper().readTree(run.out())) {
      types.put(row.get("column_name").asText(), row.get("column_type").asText());
    }
    assertEquals("DECIMAL(18,2)", types.get("amount"));
    assertEquals("VARCHAR", types.get("wide"), "DECIMAL(65,30) stays exact text");
    assertEquals("UBIGINT", types.get("big"));
    assertEquals("UTINYINT", types.get("tiny"));
    assertEquals("VARCHAR", types.get("name_latin1"));
    assertEquals("BLOB", types.get("blob_value"));
    assertEquals("DATE", types.get("dt"));
    assertEquals("TIMESTAMP", types.get("dtm"));
    assertEquals("TIMESTAMP WITH TIME ZONE", types.get("ts"));
    assertEquals("INTERVAL", types.get("tm"));
    assertEquals("UBIGINT", types.get("bits"));
    assertFalse(types.containsKey("gen"), "generated columns are not in the set: " + types);
  }

  @Test
  void namesWithQuotesDotsAndBackticksAreQuotedAndQueryable() throws Exception {
    CliRun run = query("SELECT string_agg(\"va\"\"l.ue\", ',' ORDER BY id) AS v FROM " + ODD_TABLE,
        "--format", "csv");

    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of(List.of("v"), List.of("a,b,c")), csv(run.out()));
  }

  @Test
  void tablesWhoseNamesDifferOnlyInCase_areBothQueryable() throws Exception {
    CliRun names = query("SELECT count(*) FROM qt_types.orders");
    // Whichever of Orders and orders the manifest lists second is queried as <name>#2.
    String second = names.err().contains("qt_types.Orders is queried as") ? "Orders" : "orders";
    String first = second.equals("Orders") ? "orders" : "Orders";
    assertTrue(names.err().contains("qt_types.\"" + second + "#2\""), names.err());

    CliRun run = query("SELECT (SELECT string_agg(what, ',' ORDER BY id) FROM qt_types.\""
        + first + "\") AS first, (SELECT string_agg(what, ',' ORDER BY id) FROM qt_types.\""
        + second + "#2\") AS second", "--format", "csv");

    assertEquals(0, run.exit(), run.err());
    assertEquals(
        List.of(
            TestServers.single(source, "SELECT GROUP_CONCAT(what ORDER BY id) FROM qt_types.`"
                + first + "`"),
            TestServers.single(source, "SELECT GROUP_CONCAT(what ORDER BY id) FROM qt_types.`"
                + second + "`")),
        csv(run.out()).get(1));
  }

  @Test
  void anUnknownTableGetsOneSentence() {
    CliRun run = query("SELECT * FROM qt_types.no_such_table");

    assertEquals(1, run.exit(), run.err());
    assertOneSentence(run);
    assertTrue(run.err().contains("no such table"), run.err());
    assertTrue(run.err().contains("no_such_table"), run.err());
  }

  @Test
  void badSqlGetsOneSentenceWithDuckDbsMessage() {
    CliRun syntax = query("SELEC 1");
    assertEquals(1, syntax.exit(), syntax.err());
    assertOneSentence(syntax);
    assertTrue(syntax.err().contains("syntax error"), syntax.err());

    CliRun column = query("SELECT no_such_column FROM qt_types.t");
    assertEquals(1, column.exit(), column.err());
    assertOneSentence(column);
    assertTrue(column.err().contains("no_such_column"), column.err());
  }

  @Test
  void statementsThatWouldWriteOrReadOtherFilesAreRefused() throws Exception {
    Path elsewhere = work.resolve("copied.csv");
    Path chunk = chunks().get(0);
    byte[] before = Files.readAllBytes(chunk);

    CliRun copy = query("COPY (SELECT 1) TO '" + elsewhere + "'");
    CliRun overwrite = query("COPY (SELECT 1 AS x) TO '" + chunk + "' (USE_TMP_FILE false)");
    CliRun attach = query("ATTACH '" + work.resolve("x.duckdb") + "'");
    CliRun two = query("SELECT 1; SELECT 2");
    CliRun read = query("SELECT * FROM read_text('/etc/hostname')");
    CliRun explained = query("EXPLAIN COPY (SELECT 1) TO '" + elsewhere + "'");

    for (CliRun run : List.of(copy, overwrite, attach, two, read, explained)) {
      assertEquals(1, run.exit(), run.err());
      assertOneSentence(run);
    }
    assertFalse(Files.exists(elsewhere));
    assertFalse(Files.exists(work.resolve("x.duckdb")));
    assertEquals(List.of(before.length), List.of(Files.readAllBytes(chunk).length));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(chunk)));
    assertEquals(0, query("EXPLAIN SELECT count(*) FROM qt_types.t").exit());
  }

  @Test
  void aDamagedChunkIsRefusedAsTheRestoreRefusesIt_forTheTablesTheQueryNames() throws Exception {
    Path damaged = work.resolve("damaged");
    copyFolder(set, damaged);
    Path chunk = chunkOf(damaged, "qt_types.t");
    long size = Files.size(chunk);
    try (RandomAccessFile f = new RandomAccessFile(chunk.toFile(), "rw")) {
      f.seek(size / 2);
      int b = f.read();
      f.seek(size / 2);
      f.write(b ^ 0xFF);
    }

    CliRun named = CliRun.of("query", "--backup-set", damaged.toString(),
        "SELECT count(*) FROM qt_types.t");
    CliRun other = CliRun.of("query", "--backup-set", damaged.toString(), "--format", "csv",
        "SELECT count(*) AS n FROM " + ODD_TABLE);

    assertEquals(1, named.exit(), named.err());
    assertOneSentence(named);
    assertTrue(named.err().contains(chunk.getFileName().toString()), named.err());
    assertTrue(named.err().contains("SHA-256"), named.err());
    assertEquals(0, other.exit(), other.err());
    assertEquals(List.of("3"), csv(other.out()).get(1));
  }

  @Test
  void aChunkWithItsFooterCutAndTheManifestFixedToMatch_leavesOnlyItsTableOut()
      throws Exception {
    Path damaged = work.resolve("cut-footer");
    copyFolder(set, damaged);
    // The first chunk, which DuckDB reads to make the view; size and SHA-256 made to agree.
    Path chunk;
    try (Stream<Path> files = Files.list(damaged)) {
      chunk = files.filter(p -> p.getFileName().toString().matches("\\d+-qt_types\\.t\\.00000"
          + "\\.parquet")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(chunk.toFile(), "rw")) {
      f.setLength(f.length() - 20);
    }
    Path manifestFile = damaged.resolve("manifest.json");
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(manifestFile.toFile());
    byte[] content = Files.readAllBytes(chunk);
    for (JsonNode db : manifest.get("databases")) {
      for (JsonNode table : db.get("tables")) {
        for (JsonNode entry : table.get("chunks")) {
          if (entry.get("file").asText().equals(chunk.getFileName().toString())) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) entry).put("bytes", content.length);
            ((com.fasterxml.jackson.databind.node.ObjectNode) entry).put("sha256",
                java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(content)));
          }
        }
      }
    }
    json.writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), manifest);

    CliRun other = CliRun.of("query", "--backup-set", damaged.toString(), "--format", "csv",
        "SELECT count(*) AS n FROM " + ODD_TABLE);
    CliRun named = CliRun.of("query", "--backup-set", damaged.toString(),
        "SELECT count(*) FROM qt_types.t");

    assertEquals(0, other.exit(), other.err());
    assertEquals(List.of("3"), csv(other.out()).get(1));
    assertTrue(other.err().contains("The table qt_types.t is left out"), other.err());
    assertEquals(1, named.exit(), named.err());
    assertOneSentence(named);
    assertTrue(named.err().contains(chunk.getFileName() + " is not a readable Parquet file"),
        named.err());
  }

  @Test
  void jsonOutputIsAnArrayOfRowObjects_numbersExact() throws Exception {
    CliRun run = query("SELECT id, amount, name_latin1, dt FROM qt_types.t WHERE id IN (1, 1003)"
        + " ORDER BY id", "--format", "json");

    assertEquals(0, run.exit(), run.err());
    JsonNode rows = new ObjectMapper()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)).readTree(run.out());
    assertEquals(2, rows.size(), run.out());
    assertEquals(1, rows.get(0).get("id").asInt());
    assertTrue(rows.get(0).get("amount").isNumber(), run.out());
    assertEquals(TestServers.single(source, "SELECT amount FROM qt_types.t WHERE id = 1"),
        rows.get(0).get("amount").decimalValue().toPlainString());
    assertEquals("name 1", rows.get(0).get("name_latin1").asText());
    assertEquals("2024-01-02", rows.get(0).get("dt").asText());
    assertTrue(rows.get(1).get("amount").isNull(), run.out());
  }

  @Test
  void tableOutputHasAHeaderARuleAndTheRowCount() {
    CliRun run = query("SELECT id, \"va\"\"l.ue\" FROM " + ODD_TABLE + " WHERE id = 2");

    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(List.of("id", "va\"l.ue"), List.of(lines.get(0).trim().split("\\s+")));
    assertTrue(lines.get(1).matches("-+ +-+"), lines.get(1));
    assertEquals(List.of("2", "b"), List.of(lines.get(2).trim().split("\\s+")));
    assertEquals("(1 row)", lines.get(lines.size() - 1));
  }

  @Test
  void aSetIdResolvesFromTheRepository() {
    CliRun run = CliRun.of("query", "--backup-set", setId, "--repository", repository.toString(),
        "--format", "csv", "SELECT count(*) AS n FROM " + ODD_TABLE);

    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of("3"), csv(run.out()).get(1));

    CliRun unknown = CliRun.of("query", "--backup-set", "20000101-000000-0000",
        "--repository", repository.toString(), "SELECT 1");
    assertEquals(1, unknown.exit(), unknown.err());
    assertOneSentence(unknown);
  }

  @Test
  void backupsShowListsTablesRowsSizesTheConsistentPointAndObjects() throws Exception {
    CliRun run = CliRun.of("backups", "show", setId, "--repository", repository.toString());

    assertEquals(0, run.exit(), run.err());
    String out = run.out();
    assertTrue(out.contains("Backup set " + setId), out);
    String rows = TestServers.single(source, "SELECT COUNT(*) FROM qt_types.t");
    assertTrue(out.lines().anyMatch(l -> l.matches("qt_types\\s+t\\s+" + rows + "\\s+\\d+\\s+.*")),
        out);
    assertTrue(out.contains("Consistent point: 20"), out);
    assertTrue(out.contains("views (1): big_amounts"), out);

    CliRun json = CliRun.of("backups", "show", set.toString(), "--json");
    assertEquals(0, json.exit(), json.err());
    JsonNode shown = new ObjectMapper().readTree(json.out());
    assertEquals(setId, shown.get("setId").asText());
    JsonNode table = null;
    for (JsonNode t : shown.get("databases").get(0).get("tables")) {
      table = t.get("name").asText().equals("t") ? t : table;
    }
    assertEquals(Long.parseLong(rows), table.get("rows").asLong());
  }

  @Test
  void aSignedSetIsCheckedWithTheKey_andReadWithANoteWithoutOne() throws Exception {
    Path key = work.resolve("signing.key");
    Files.writeString(key, "0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString(
        "rw-------"));
    Path wrongKey = work.resolve("wrong.key");
    Files.writeString(wrongKey, "fedcba9876543210fedcba9876543210\n");
    Files.setPosixFilePermissions(wrongKey,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path signed = work.resolve("signed");
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", ODD_DB, "--output", signed.toString(), "--signing-key-file",
        key.toString());
    assertEquals(0, backup.exit(), backup.err());
    String sql = "SELECT count(*) AS n FROM " + ODD_TABLE;

    CliRun right = CliRun.of("query", "--backup-set", signed.toString(), "--signing-key-file",
        key.toString(), "--format", "csv", sql);
    CliRun wrong = CliRun.of("query", "--backup-set", signed.toString(), "--signing-key-file",
        wrongKey.toString(), sql);
    CliRun none = CliRun.of("query", "--backup-set", signed.toString(), "--format", "csv", sql);

    assertEquals(0, right.exit(), right.err());
    assertEquals(List.of("3"), csv(right.out()).get(1));
    assertEquals(1, wrong.exit(), wrong.err());
    assertTrue(wrong.err().contains("signature"), wrong.err());
    assertEquals(0, none.exit(), none.err());
    assertTrue(none.err().contains("signature was not checked"), none.err());
  }

  private static CliRun query(String sql, String... more) {
    List<String> args = new ArrayList<>(List.of("query", "--backup-set", set.toString()));
    args.addAll(List.of(more));
    args.add(sql);
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Exactly one line on standard error, starting with dbrestore:, and no stack trace. */
  private static void assertOneSentence(CliRun run) {
    List<String> lines = run.err().lines().filter(l -> !l.startsWith("dbrestore: note:")).toList();
    assertEquals(1, lines.size(), run.err());
    assertTrue(lines.get(0).startsWith("dbrestore: "), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  /** Rows of the source server as text, null for SQL NULL. */
  private static List<List<String>> serverRows(String sql) throws Exception {
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      s.execute("SET time_zone = '+00:00'");
      try (ResultSet r = s.executeQuery(sql)) {
        ResultSetMetaData meta = r.getMetaData();
        List<List<String>> rows = new ArrayList<>();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.add(r.getString(i));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  /** 12:00:00.500000 as 12:00:00.5, and 12:00:00.000000 as 12:00:00. */
  private static String withoutTrailingZeros(String time) {
    if (time == null || !time.contains(".")) {
      return time;
    }
    return time.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** RFC 4180 records; an unquoted empty field is NULL. */
  static List<List<String>> csv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (ch == ',' || ch == '\n') {
        row.add(field.length() == 0 && !wasQuoted ? null : field.toString());
        field.setLength(0);
        wasQuoted = false;
        if (ch == '\n') {
          rows.add(row);
          row = new ArrayList<>();
        }
      } else if (ch != '\r') {
        field.append(ch);
      }
    }
    return rows;
  }

  private static List<Path> chunks() throws Exception {
    try (Stream<Path> files = Files.list(set)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  /** A chunk file of the table whose file label is {@code label} (db.table). */
  private static Path chunkOf(Path folder, String label) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().matches("\\d+-" + label.replace(".",
          "\\.") + "\\.\\d+\\.parquet")).sorted().toList().get(1);
    }
  }

  private static void copyFolder(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
