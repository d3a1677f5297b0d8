package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.jdbc.FaultInjection;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.capture.CaptureLog;
import dev.dbrestore.pipelines.replay.ReplayJob;
import dev.dbrestore.pipelines.replay.ReplayOptions;
import dev.dbrestore.pipelines.replay.ReplayReport;
import dev.dbrestore.pipelines.task.ObjectSelection;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskStore;
import dev.dbrestore.transforms.restore.TableMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full backup, a write load with pauses at three moments (each table's content and the second
 * recorded from the source itself), {@code capture --until-now}, then for each moment: the set
 * restored into a fresh database and the log replayed to that second, and the target's content
 * compared with what the source held then. The load updates rows many times, deletes a range,
 * swaps a unique value between two rows, changes a key, adds a column, keeps duplicate rows in a
 * table without a key, creates a table, drops one, and creates a trigger (not replayed: its
 * effects are in the row images). The same three seconds restored with {@code restore --source
 * --point-in-time}, its refusals (each with its sentence, nothing written) and its resume.
 */
class ReplayIT {
  private static final String DB = "replay_it";
  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;

  /** The repository: source src, its full set and its captured log, shared by every test. */
  @TempDir static Path dir;

  private static Path set;
  private static List<Moment> moments;

  @BeforeAll
  static void backUpLoadAndCapture() throws Exception {
    source = CaptureServers.capture();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(source,
        "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
        "CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, name VARCHAR(40), qty INT,"
            + " code VARCHAR(10) NOT NULL, price DECIMAL(10,2), UNIQUE KEY (code))"
            + " DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE " + DB + ".nokey (a INT, b VARCHAR(10))",
        "CREATE TABLE " + DB + ".todrop (id INT PRIMARY KEY, v INT)",
        "INSERT INTO " + DB + ".nokey VALUES (1, 'dup'), (1, 'dup'), (2, 'x'), (2, 'X')",
        "INSERT INTO " + DB + ".todrop VALUES (1, 1), (2, 2)");
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (int id = 1; id <= 50; id++) {
        s.execute("INSERT INTO items VALUES (" + id + ", 'item " + id + "', " + id + ", 'c" + id
            + "', " + id + ".25)");
      }
    }
    CliRun backup = CliRun.of(
        "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--repository", dir.toString(), "--source-name", "src", "--backup-task", "full");
    assertEquals(0, backup.exit(), backup.all());
    try (Stream<Path> sets = Files.list(dir.resolve("src").resolve("full"))) {
      set = sets.filter(Files::isDirectory).findFirst().orElseThrow();
    }

    moments = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      // 1: the same row updated many times, new rows, a unique-value swap, a range delete,
      // duplicates in a table without a key.
      for (int i = 0; i < 40; i++) {
        s.execute("UPDATE items SET qty = qty + 1, name = 'hot " + i + "' WHERE id = 1");
      }
      for (int id = 51; id <= 60; id++) {
        s.execute("INSERT INTO items VALUES (" + id + ", 'new', 0, 'c" + id + "', NULL)");
      }
      inTransaction(c,
          "UPDATE items SET code = 'tmp' WHERE id = 2",
          "UPDATE items SET code = 'c2' WHERE id = 3",
          "UPDATE items SET code = 'c3' WHERE id = 2");
      s.execute("DELETE FROM items WHERE id BETWEEN 10 AND 20");
      s.execute("INSERT INTO nokey VALUES (1, 'dup')");
      s.execute("DELETE FROM nokey WHERE a = 2 AND b = 'x' LIMIT 1");
      s.execute("UPDATE todrop SET v = 20 WHERE id = 2");
      moments.add(pause(source, DB));

      // 2: a column added, rows written with it, a key changed, a table created.
      s.execute("ALTER TABLE items ADD COLUMN note VARCHAR(20) DEFAULT 'n'");
      for (int i = 0; i < 10; i++) {
        s.execute("UPDATE items SET note = 'round " + i + "', qty = qty + 1 WHERE id BETWEEN 30"
            + " AND 40");
      }
      s.execute("INSERT INTO items VALUES (61, 'with note', 1, 'c61', 1.00, 'noted')");
      s.execute("UPDATE items SET id = 1000 WHERE id = 5");
      s.execute("CREATE TABLE created (id INT PRIMARY KEY, v VARCHAR(10))");
      s.execute("INSERT INTO created VALUES (1, 'one'), (2, 'two')");
      s.execute("INSERT INTO nokey VALUES (1, 'dup'), (3, 'three')");
      s.execute("UPDATE nokey SET b = 'y' WHERE a = 1 LIMIT 1");
      moments.add(pause(source, DB));

      // 3: a trigger (its effects are in the rows), a table dropped, another swap, deletes.
      s.execute("CREATE TRIGGER created_upper BEFORE INSERT ON created FOR EACH ROW"
          + " SET NEW.v = UPPER(NEW.v)");
      s.execute("INSERT INTO created VALUES (3, 'three')");
      s.execute("DELETE FROM created WHERE id = 1");
      s.execute("DROP TABLE todrop");
      inTransaction(c,
          "UPDATE items SET code = 'swap' WHERE id = 40",
          "UPDATE items SET code = 'c40' WHERE id = 41",
          "UPDATE items SET code = 'c41' WHERE id = 40",
          "DELETE FROM items WHERE id = 1",
          "INSERT INTO items (id, code) VALUES (1, 'c1again')");
      s.execute("DELETE FROM nokey WHERE a = 1 LIMIT 1");
      moments.add(pause(source, DB));

      // After the last moment: the window must reach past it.
      s.execute("UPDATE items SET qty = -1 WHERE id = 2");
      s.execute("INSERT INTO created VALUES (4, 'after')");
    }

    CliRun capture = CaptureServers.capture(
        source.jdbcUrl(), "src", dir, "--until-now", "--segment-bytes", "4000");
    assertEquals(0, capture.exit(), capture.all());

  }

  @AfterAll
  static void dropDatabases() throws SQLException {
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB + "_1", DB + "_2", DB + "_3", DB + "_2f", "pitr_1",
        "pitr_2", "pitr_3", "pitr_refused", "pitr_resumed", "pitr_replay_failed",
        "pitr_in_the_way");
  }

  /** What the source held at a moment: the second, and each table's rows in order. */
  record Moment(Instant second, Map<String, List<String>> tables) {}

  @Test
  void replayToEachOfThreeSeconds_givesExactlyWhatTheSourceHeldThen() throws Exception {
    // Each second on the DirectRunner, and the second one on FlinkRunner [local] as well.
    List<String[]> cases = List.of(new String[] {"1", "direct"}, new String[] {"2", "direct"},
        new String[] {"3", "direct"}, new String[] {"2", "flink-local"});
    for (String[] replayCase : cases) {
      int k = Integer.parseInt(replayCase[0]);
      boolean flink = replayCase[1].equals("flink-local");
      Moment moment = moments.get(k - 1);
      String copy = DB + "_" + k + (flink ? "f" : "");
      TestServers.dropDatabases(target, copy);
      CliRun restore = CliRun.of("restore", "--backup-set", set.toString(), "--target",
          target.jdbcUrl(), "--user", "root", "--map-database", DB + "=" + copy);
      assertEquals(0, restore.exit(), restore.all());

      ReplayOptions options = RunnerConfig.options(ReplayOptions.class, replayCase[1],
          flink ? List.of("--parallelism=2") : List.of());
      options.setBackupSet(set.toString());
      options.setLogFolder(CaptureLog.folder(dir, "src").toString());
      // Any instant in the second means that second.
      options.setPointInTime(moment.second().plusMillis(k == 2 ? 999 : 0).toString());
      options.setTarget(target.jdbcUrl());
      options.setTargetUser("root");
      options.setBuckets(4);
      ReplayReport report =
          ReplayJob.run(options, new TableMapping(Map.of(DB, copy), Map.of()),
              ObjectSelection.all());

      assertEquals(moment.tables(), content(target, copy),
          "state at moment " + k + " on " + replayCase[1]);
      assertTrue(report.verified(), report.toText());
      assertTrue(report.lastApplied().commitTime().compareTo(moment.second()) <= 0,
          report.toText());
      assertTrue(report.firstSkipped().commitTime().isAfter(moment.second()), report.toText());
      if (k >= 2) {
        // The added column changed every row of items: its row count is checked, not its digest.
        assertEquals(List.of(copy + ".nokey"), report.digestsVerified().subList(0, 1),
            report.toText());
        assertTrue(report.digestsNotDerived().get(0).startsWith(copy + ".items"),
            report.toText());
      }
      if (k == 3) {
        assertTrue(report.statementsSkipped().stream().anyMatch(x -> x.startsWith(
            "CREATE TRIGGER (triggers and events are not replayed")), report.toText());
        assertEquals(3, report.statementsApplied().size(), report.toText());
        assertEquals(4, report.phases(), report.toText()); // cut at the three applied statements
      }
      if (k == 1) {
        assertEquals(0, report.statementsApplied().size(), report.toText());
        // No structure statement yet: every table's digest is derived and matches.
        assertEquals(List.of(copy + ".items", copy + ".nokey", copy + ".todrop"),
            report.digestsVerified(), report.toText());
        // Forty updates of one row: written once.
        assertTrue(report.rowsWritten().get(copy + ".items") <= 10 + 1 + 2 + 40,
            report.toText());
      }
    }

    // A re-run of the same replay writes nothing twice: every batch is in the journal.
    Moment last = moments.get(2);
    ReplayOptions again = RunnerConfig.options(ReplayOptions.class, "direct", List.of());
    again.setBackupSet(set.toString());
    again.setLogFolder(CaptureLog.folder(dir, "src").toString());
    again.setPointInTime(last.second().toString());
    again.setTarget(target.jdbcUrl());
    again.setTargetUser("root");
    again.setBuckets(4);
    ReplayReport rerun = ReplayJob.run(again,
        new TableMapping(Map.of(DB, DB + "_3"), Map.of()), ObjectSelection.all());
    assertTrue(rerun.rowsWritten().values().stream().allMatch(n -> n == 0), rerun.toText());
    assertEquals(last.tables(), content(target, DB + "_3"));

    // Refused before anything is written: a time without a zone, outside the window, a damaged
    // segment. The target keeps the state of the first moment.
    Path damagedLog = dir.resolve("damaged");
    Files.createDirectories(damagedLog);
    try (Stream<Path> files = Files.list(CaptureLog.folder(dir, "src"))) {
      for (Path f : files.toList()) {
        Files.copy(f, damagedLog.resolve(f.getFileName()));
      }
    }
    Path segment = damagedLog.resolve("segment-000001.parquet");
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length / 2] ^= 1;
    Files.write(segment, bytes);
    String[][] refusals = {
        {"2026-12-01T14:04:59", CaptureLog.folder(dir, "src").toString(), "has no zone"},
        {"1999-01-01T00:00:00Z", CaptureLog.folder(dir, "src").toString(),
            "before the backup set's consistent point"},
        {Instant.now().plusSeconds(3600).toString(), CaptureLog.folder(dir, "src").toString(),
            "after the last captured commit"},
        {last.second().toString(), damagedLog.toString(), "is missing or damaged"}};
    for (String[] refusal : refusals) {
      ReplayOptions bad = RunnerConfig.options(ReplayOptions.class, "direct", List.of());
      bad.setBackupSet(set.toString());
      bad.setLogFolder(refusal[1]);
      bad.setPointInTime(refusal[0]);
      bad.setTarget(target.jdbcUrl());
      bad.setTargetUser("root");
      UserError refused = assertThrows(UserError.class, () -> ReplayJob.run(bad,
          new TableMapping(Map.of(DB, DB + "_1"), Map.of()), ObjectSelection.all()));
      assertTrue(refused.getMessage().contains(refusal[2]), refused.getMessage());
    }
    assertEquals(moments.get(0).tables(), content(target, DB + "_1"));

    // A row changed behind the replay's back, its count unchanged: the digest tells.
    TestServers.execute(target, "UPDATE " + DB + "_1.items SET name = 'changed' WHERE id = 3");
    ReplayOptions verifyAgain = RunnerConfig.options(ReplayOptions.class, "direct", List.of());
    verifyAgain.setBackupSet(set.toString());
    verifyAgain.setLogFolder(CaptureLog.folder(dir, "src").toString());
    verifyAgain.setPointInTime(moments.get(0).second().toString());
    verifyAgain.setTarget(target.jdbcUrl());
    verifyAgain.setTargetUser("root");
    verifyAgain.setBuckets(4);
    UserError differs = assertThrows(UserError.class, () -> ReplayJob.run(verifyAgain,
        new TableMapping(Map.of(DB, DB + "_1"), Map.of()), ObjectSelection.all()));
    assertTrue(differs.getMessage().contains(DB + "_1.items has digest"), differs.getMessage());
  }

  @Test
  void restoreToAPointInTime_withTheCli_givesAtEachOfThreeSecondsWhatTheSourceHeldThen()
      throws Exception {
    for (int k = 1; k <= 3; k++) {
      Moment moment = moments.get(k - 1);
      String copy = "pitr_" + k;
      TestServers.dropDatabases(target, copy);
      CliRun restore = pointInTime(dir, moment.second().toString(), copy);
      assertEquals(0, restore.exit(), restore.all());
      assertEquals(moment.tables(), content(target, copy), "state at moment " + k);
      assertTrue(restore.out().contains("Last applied: ") && restore.out().contains(
          "First skipped: "), restore.out());
      assertTrue(restore.out().contains("22. point in time inside the window"), restore.out());
    }
  }

  @Test
  void restoreToAPointInTime_isRefusedByItsPreCheckWithItsSentence_andWritesNothing()
      throws Exception {
    String last = moments.get(2).second().toString();
    Path dataSources = dir.resolve("datasources.yaml");
    Files.writeString(dataSources, "datasources:\n  mssql:\n    kind: sqlserver\n"
        + "    url: jdbc:sqlserver://db1:1433\n    user: sa\n");
    Path gap = copyOfRepository("gap");
    Path manifest = CaptureLog.folder(gap, "src").resolve(LogManifest.FILE_NAME);
    ObjectNode log = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
    ObjectNode hole = log.putArray("gaps").addObject();
    hole.set("from", log.get("segments").get(0).get("end"));
    hole.set("to", log.get("segments").get(1).get("start"));
    hole.put("fromTime", moments.get(0).second().toString());
    hole.put("toTime", moments.get(0).second().plusSeconds(1).toString());
    hole.put("reason", "purged before capture read it");
    new ObjectMapper().writeValue(manifest.toFile(), log);
    Path damaged = copyOfRepository("damaged");
    Path segment = CaptureLog.folder(damaged, "src").resolve("segment-000001.parquet");
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length / 2] ^= 1;
    Files.write(segment, bytes);

    String[][] refusals = {
        {"1999-01-01T00:00:00Z", dir.toString(), "The restorable window of src is"},
        {Instant.now().plusSeconds(3600).toString(), dir.toString(),
            "after the last captured commit"},
        {"2026-12-01T14:04:59", dir.toString(), "has no zone; give it with Z or an offset, e.g."
            + " 2026-12-01T14:04:59Z"},
        {last, gap.toString(), "The captured log has a gap from"},
        {last, damaged.toString(), "is missing or damaged"},
        {last, dir.toString(), "A SQL Server source has no point-in-time restore"}};
    for (String[] refusal : refusals) {
      TestServers.dropDatabases(target, "pitr_refused");
      CliRun run = refusal[2].startsWith("A SQL Server")
          ? CliRun.of("restore", "--source", "src", "--repository", refusal[1],
              "--point-in-time", refusal[0], "--target", "mssql", "--datasources",
              dataSources.toString())
          : pointInTime(Path.of(refusal[1]), refusal[0], "pitr_refused");
      assertEquals(1, run.exit(), run.all());
      assertTrue(run.all().contains(refusal[2]), run.all());
      assertTrue(TestServers.column(target, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
          + " WHERE SCHEMA_NAME = 'pitr_refused'").isEmpty(), "nothing written: " + run.all());
    }
  }

  @Test
  void aPointInTimeTaskIntoTablesThatHoldRows_isRefused_andItsResumeKeepsTheRecordedSecond()
      throws Exception {
    String copy = "pitr_resumed";
    TestServers.dropDatabases(target, copy);
    CliRun whole = CliRun.of("restore", "--backup-set", set.toString(), "--target",
        target.jdbcUrl(), "--user", "root", "--map-database", DB + "=" + copy);
    assertEquals(0, whole.exit(), whole.all());
    Map<String, List<String>> before = content(target, copy);
    CliRun refused = pointInTime(dir, moments.get(1).second().toString(), copy,
        "--structure-conflict", "ignore", "--data-conflict", "ignore", "--accept-warnings");
    assertEquals(1, refused.exit(), refused.all());
    assertTrue(refused.all().contains("item 26 (restored tables new or empty)"), refused.all());
    assertTrue(refused.out().contains("writes only into new or empty tables"), refused.out());
    assertEquals(before, content(target, copy), "nothing written");

    Matcher id = Pattern.compile("\\(task (r-[^)]+)\\)").matcher(refused.all());
    assertTrue(id.find(), refused.all());
    TaskRecord recorded = TaskStore.open(DbrestoreHome.tasks()).get(id.group(1));
    assertEquals(moments.get(1).second().toString(), recorded.task().get("pointInTime"));
    assertEquals("full", recorded.task().get("backupTask"));
    assertEquals(dir.toAbsolutePath().toString(), recorded.task().get("repository"));
    TestServers.dropDatabases(target, copy);
    // The record holds the repository the set and log were read from: no --repository again.
    CliRun resume = CliRun.of("restore", "--resume", id.group(1), "--accept-warnings");
    assertEquals(0, resume.exit(), resume.all());
    assertEquals(moments.get(1).tables(), content(target, copy), "state at moment 2");
  }

  @Test
  void aTableTheLogCreates_thatTheTargetHasAlready_isRefusedByItem26_beforeAnythingIsWritten()
      throws Exception {
    String copy = "pitr_in_the_way";
    TestServers.dropDatabases(target, copy);
    TestServers.execute(target, "CREATE DATABASE " + copy,
        "CREATE TABLE " + copy + ".created (id INT PRIMARY KEY)");
    CliRun refused = pointInTime(dir, moments.get(1).second().toString(), copy,
        "--structure-conflict", "ignore", "--accept-warnings");
    assertEquals(1, refused.exit(), refused.all());
    assertTrue(refused.all().contains("item 26 (restored tables new or empty)"), refused.all());
    assertTrue(refused.out().contains("The log creates tables the target already has: `"
        + copy + "`.`created`"), refused.out());
    assertEquals(List.of("created"), TestServers.column(target, "SELECT TABLE_NAME FROM"
        + " information_schema.TABLES WHERE TABLE_SCHEMA = '" + copy + "'"), "nothing written");
    TestServers.dropDatabases(target, copy);
  }

  @Test
  void aPointInTimeTaskThatFailedInItsReplay_resumes_andEndsWithTheStateAtItsSecond()
      throws Exception {
    String copy = "pitr_replay_failed";
    TestServers.dropDatabases(target, copy);
    // The server refuses the replay's first structure statement (the ALTER at moment 2), as
    // it would one the target cannot take: the pre-check passed, the replay stops halfway.
    FaultInjection.reset();
    System.setProperty("dbrestore.fault.failReplayStatement", "1");
    CliRun failed;
    try {
      failed = pointInTime(dir, moments.get(1).second().toString(), copy, "--name",
          "pitr replay failed");
    } finally {
      System.clearProperty("dbrestore.fault.failReplayStatement");
    }
    assertEquals(1, failed.exit(), failed.all());
    assertTrue(failed.all().contains("Replaying the statement"), failed.all());
    TaskRecord record = TaskStore.open(DbrestoreHome.tasks()).list().stream()
        .filter(r -> r.name().equals("pitr replay failed"))
        .max(Comparator.comparing(TaskRecord::startTime)).orElseThrow();
    assertEquals("replay", record.progress(), record.toString());

    CliRun resume = CliRun.of("restore", "--resume", record.id(), "--repository", dir.toString());
    assertEquals(0, resume.exit(), resume.all());
    assertEquals(moments.get(1).tables(), content(target, copy), "state at moment 2");
  }

  @Test
  void aReplayStoppedRightAfterAStructureStatementRan_resumes_withoutRunningItTwice()
      throws Exception {
    String copy = "pitr_stopped_after_ddl";
    TestServers.dropDatabases(target, copy);
    // The ALTER at moment 2 runs and the replay stops before its journal entry: run again, the
    // server would refuse it (the column is there), and a table it created would exist.
    FaultInjection.reset();
    System.setProperty("dbrestore.fault.failAfterReplayStatement", "1");
    CliRun failed;
    try {
      failed = pointInTime(dir, moments.get(1).second().toString(), copy, "--name",
          "pitr stopped after ddl");
    } finally {
      System.clearProperty("dbrestore.fault.failAfterReplayStatement");
    }
    assertEquals(1, failed.exit(), failed.all());
    assertTrue(failed.all().contains("Injected fault after the statement"), failed.all());
    TaskRecord record = TaskStore.open(DbrestoreHome.tasks()).list().stream()
        .filter(r -> r.name().equals("pitr stopped after ddl"))
        .max(Comparator.comparing(TaskRecord::startTime)).orElseThrow();

    CliRun resume = CliRun.of("restore", "--resume", record.id());
    assertEquals(0, resume.exit(), resume.all());
    assertEquals(moments.get(1).tables(), content(target, copy), "state at moment 2");
  }

  /** {@code restore --source src --point-in-time T} into {@code database} of the target. */
  private static CliRun pointInTime(Path repository, String time, String database,
      String... more) {
    List<String> args = new ArrayList<>(List.of("restore", "--source", "src", "--repository",
        repository.toString(), "--point-in-time", time, "--target", target.jdbcUrl(), "--user",
        "root", "--map-database", DB + "=" + database));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** A repository beside the shared one holding a copy of source src (set and log), to damage. */
  private static Path copyOfRepository(String name) throws Exception {
    Path copy = dir.resolve("copy-" + name);
    Path src = dir.resolve("src");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve("src").resolve(src.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else if (!f.getFileName().toString().equals("capture.lock")) {
          Files.copy(f, to);
        }
      }
    }
    return copy;
  }

  // ---- The source's state, read by the test itself -----------------------------------------

  private static Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(
        source.jdbcUrl() + DB + "?allowPublicKeyRetrieval=true", "root", "");
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00'");
    }
    return c;
  }

  private static void inTransaction(Connection c, String... statements) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
    c.commit();
    c.setAutoCommit(true);
  }

  /**
   * Writes stop here: every commit so far is stamped at or before this second, and the test
   * waits into the next second before writing on, so every later one is stamped after it.
   */
  /**
   * The second now and what the database holds in it, once that second is over: nothing is
   * written in it after this, so a restore to it must give exactly these rows.
   */
  static Moment pause(EmbeddedMariaDb server, String database) throws Exception {
    Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, List<String>> tables = content(server, database);
    long wait = second.plusSeconds(1).plusMillis(100).toEpochMilli() - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    return new Moment(second, tables);
  }

  /** Every table of a database, each row as the server prints it, rows in order. */
  static Map<String, List<String>> content(EmbeddedMariaDb server, String database)
      throws SQLException {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String table : TestServers.column(server,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database
            + "' AND TABLE_TYPE = 'BASE TABLE'")) {
      List<String> columns = TestServers.column(server,
          "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + database
              + "' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION");
      List<String> order = new ArrayList<>();
      for (int i = 1; i <= columns.size(); i++) {
        order.add(String.valueOf(i));
      }
      List<String> rows = new ArrayList<>();
      try (Connection c = server.connect();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT * FROM `" + database + "`.`" + table
              + "` ORDER BY " + String.join(", ", order))) {
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            row.add(columns.get(i - 1) + "=" + r.getString(i));
          }
          rows.add(String.join(", ", row));
        }
      }
      tables.put(table, rows);
    }
    return tables;
  }
}
