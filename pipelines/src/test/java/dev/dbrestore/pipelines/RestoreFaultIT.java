package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault-injection suite (profile {@code faults}): a restore killed with SIGKILL at random
 * moments and resumed, a sink that fails after a chunk's commit, the sink's connection killed by
 * the server, and a target server stopped mid-restore. After each the target holds exactly the
 * backup's rows: digests equal the manifest's, no row lost, none duplicated.
 */
class RestoreFaultIT {
  private static final String SHOP = "fi_shop";
  private static final String LOG = "fi_log";
  private static final int CHUNK_ROWS = 500;

  /** SIGKILLs of test 1; {@code -Dfaults.kills=N}. */
  private static final int KILLS = Integer.getInteger("faults.kills", 20);

  /** The same JDK packages the launcher ({@code dbrestore}) opens for Beam and Flink. */
  private static final List<String> OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED");

  /** A PROCESSLIST condition: the statement writes rows into a fi_ table (INSERT or bulk load). */
  private static final String WRITING_FI_ROWS =
      "(INFO LIKE 'INSERT INTO `fi\\_%' OR INFO LIKE 'LOAD DATA%INTO TABLE `fi\\_%')";

  /** Exit status of a process ended by SIGKILL, as Java reports it. */
  private static final int KILLED = 128 + 9;

  /** Backup set, dbrestore homes and each child's output: kept in target/ for a failure's sake. */
  private static final Path RUNS = Path.of("target", "fault-injection").toAbsolutePath();

  /** Each source table ("db.table") with its columns. */
  private static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();

  /** Each source table with the hash of each distinct row and how often it occurs. */
  private static final Map<String, Map<String, Long>> SOURCE_ROWS = new LinkedHashMap<>();

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;

  @BeforeAll
  static void backUpASourceOfManySmallChunksOnce() throws Exception {
    deleteRecursively(RUNS);
    Files.createDirectories(RUNS);
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, SHOP, LOG);
    TestServers.execute(
        source,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE DATABASE " + SHOP,
        "CREATE DATABASE " + LOG,
        "CREATE TABLE fi_shop.customers (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL,"
            + " email VARCHAR(80), balance DECIMAL(10,2), created DATETIME)",
        "INSERT INTO fi_shop.customers SELECT seq, CONCAT('Customer ', seq),"
            + " IF(seq % 17 = 0, NULL, CONCAT('c', seq, '@example.com')),"
            + " ROUND((seq * 137) % 100000 / 100, 2), '2020-01-01' + INTERVAL seq MINUTE"
            + " FROM seq.seq_1_to_12000",
        // Wide rows: about 4 KB each, so writing one chunk of them takes a while.
        "CREATE TABLE fi_shop.documents (id BIGINT PRIMARY KEY, title VARCHAR(200),"
            + " body MEDIUMTEXT, checksum BINARY(32))",
        "INSERT INTO fi_shop.documents SELECT seq, CONCAT('Document ', seq),"
            + " REPEAT(MD5(seq), 128), UNHEX(SHA2(seq, 256)) FROM seq.seq_1_to_3000",
        "CREATE TABLE fi_shop.order_lines (order_id INT, line INT, sku VARCHAR(20), qty INT,"
            + " PRIMARY KEY (order_id, line))",
        "INSERT INTO fi_shop.order_lines SELECT (seq - 1) DIV 4 + 1, (seq - 1) % 4 + 1,"
            + " CONCAT('SKU-', seq % 97), seq % 9 + 1 FROM seq.seq_1_to_3000",
        // No primary key, and 1000 rows present twice: a duplicate written by a retry would be
        // indistinguishable by key, only by counting.
        "CREATE TABLE fi_log.events (at DATETIME, kind VARCHAR(10), detail VARCHAR(100),"
            + " amount DOUBLE)",
        "INSERT INTO fi_log.events SELECT '2024-01-01' + INTERVAL seq SECOND,"
            + " ELT(1 + seq % 4, 'login', 'logout', 'view', 'buy'), CONCAT('detail ', seq),"
            + " IF(seq % 10 = 0, NULL, seq / 8) FROM seq.seq_1_to_11000",
        "INSERT INTO fi_log.events SELECT * FROM fi_log.events WHERE detail LIKE 'detail 1%'"
            + " ORDER BY at LIMIT 1000",
        // Post-data objects, so kills land in that stage too.
        "CREATE VIEW fi_shop.rich_customers AS SELECT id, name FROM fi_shop.customers"
            + " WHERE balance > 900",
        "CREATE FUNCTION fi_shop.with_vat(p DECIMAL(10,2)) RETURNS DECIMAL(10,2) DETERMINISTIC"
            + " RETURN p * 1.2",
        "CREATE PROCEDURE fi_shop.count_lines() SELECT COUNT(*) FROM fi_shop.order_lines",
        "CREATE TRIGGER fi_shop.lines_checked BEFORE INSERT ON fi_shop.order_lines FOR EACH ROW"
            + " SET NEW.qty = GREATEST(NEW.qty, 1)");
    for (String table :
        List.of("fi_shop.customers", "fi_shop.documents", "fi_shop.order_lines", "fi_log.events")) {
      String[] parts = table.split("\\.");
      COLUMNS.put(
          table,
          TestServers.column(
              source,
              "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                  + parts[0] + "' AND TABLE_NAME = '" + parts[1] + "' ORDER BY ORDINAL_POSITION"));
      SOURCE_ROWS.put(table, rowCounts(source, table));
    }
    assertEquals(
        11000, SOURCE_ROWS.get("fi_log.events").size(), "the keyless table holds duplicate rows");
    set = RUNS.resolve("set").toString();
    Result backup =
        inProcess(
            "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", SHOP,
            "--database", LOG, "--output", set, "--chunk-rows", String.valueOf(CHUNK_ROWS));
    assertEquals(0, backup.exit, backup.err);
  }

  @AfterAll
  static void dropTheRestoredDatabases() throws SQLException {
    TestServers.dropDatabases(target, SHOP, LOG);
  }

  // ---- 1. SIGKILL at random moments, resume each time ----------------------------------------

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void restoreKilledAtRandomMomentsAndResumedEachTime_endsWithExactlyTheBackupsRows()
      throws Exception {
    long suiteStart = System.nanoTime();
    long seed = Long.getLong("faults.seed", System.currentTimeMillis());
    Random random = new Random(seed);
    Path home = Files.createDirectories(RUNS.resolve("kill-home"));
    TaskStore store = TaskStore.open(home.resolve("tasks"));
    say("test 1: %d kills, seed %d (repeat with -Dfaults.seed=%d)", KILLS, seed, seed);

    // One uninterrupted restore: how long a whole one takes is the range of the kill moments.
    TestServers.dropDatabases(target, SHOP, LOG);
    long t0 = System.nanoTime();
    Child baseline = child(home, "baseline", List.of(), restoreArgs("fault-baseline"));
    int baselineExit = baseline.waitFor(5, TimeUnit.MINUTES);
    long uninterrupted = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, baselineExit, baseline.tail());
    assertExactlyTheBackup(target, "the uninterrupted restore");
    say("an uninterrupted restore (JVM start to exit) takes %d ms", uninterrupted);

    String taskId = null; // the task being resumed, null when the next run starts a new one
    boolean targetComplete = true; // the target holds a whole restore (the baseline's)
    int kills = 0;
    int runs = 0;
    int newTasks = 0;
    int resumes = 0;
    int completed = 0;
    long lost = 0;
    long duplicated = 0;
    Map<String, Integer> stages = new TreeMap<>();
    while (kills < KILLS) {
      boolean fresh = taskId == null;
      if (fresh) {
        TestServers.dropDatabases(target, SHOP, LOG);
        targetComplete = false;
      }
      Set<String> before = ids(store);
      long delay = random.nextLong(uninterrupted + 1);
      runs++;
      List<String> args =
          fresh
              ? restoreArgs("fault-kill-" + (newTasks + 1))
              : List.of("restore", "--resume", taskId, "--accept-warnings");
      Child run = child(home, "run-" + runs, List.of(), args);
      int exit = run.killAfter(delay);
      if (fresh) {
        Set<String> created = ids(store);
        created.removeAll(before);
        assertTrue(created.size() <= 1, "one run made one task: " + created);
        if (created.isEmpty()) {
          assertEquals(KILLED, exit, run.tail());
          kills++;
          tally(stages, "start-up, before the task record");
          say("kill %2d after %5d ms: before the task record existed; a new task starts next",
              kills, delay);
          continue;
        }
        taskId = created.iterator().next();
        newTasks++;
      } else {
        resumes++;
      }
      TaskRecord record = store.get(taskId);
      if (exit != KILLED) {
        assertEquals(0, exit, "run " + runs + " ended on its own and failed:\n" + run.tail());
      } else {
        kills++;
        String stage = stage(record, run.pid());
        tally(stages, stage);
        say("kill %2d after %5d ms: task %s %s, %s", kills, delay, taskId,
            fresh ? "(new)" : "(resumed)", stage);
      }
      if (record.state() == TaskState.SUCCEEDED) {
        completed++;
        RowDiff diff = compareWithSource(target);
        lost += diff.lost();
        duplicated += diff.duplicated() + diff.unexpected();
        say("task %s completed%s: %s", taskId,
            exit == KILLED ? " (killed after it finished)" : "", diff);
        taskId = null;
        targetComplete = true;
      } else {
        assertEquals(TaskState.INTERRUPTED, record.state(), "after a kill: " + record);
      }
    }

    // Resume the last task to completion; if the last kill left none, a new one runs whole.
    if (!targetComplete) {
      boolean fresh = taskId == null;
      runs++;
      Child last =
          child(home, "final", List.of(),
              fresh
                  ? restoreArgs("fault-kill-" + (newTasks + 1))
                  : List.of("restore", "--resume", taskId, "--accept-warnings"));
      int exit = last.waitFor(5, TimeUnit.MINUTES);
      assertEquals(0, exit, "the final " + (fresh ? "restore" : "resume") + ":\n" + last.tail());
      if (fresh) {
        newTasks++;
      } else {
        resumes++;
      }
      completed++;
    }
    Result verify = verify(target);
    RowDiff diff = compareWithSource(target);
    lost += diff.lost();
    duplicated += diff.duplicated() + diff.unexpected();

    say("test 1 figures: faults injected %d (SIGKILL), runs %d (new tasks %d, resumes %d;"
            + " and one uninterrupted), tasks completed %d, rows lost %d, rows duplicated %d,"
            + " total time %.1f s",
        kills, runs, newTasks, resumes, completed, lost, duplicated,
        (System.nanoTime() - suiteStart) / 1e9);
    say("test 1 kills by stage: %s; chunk attempts retried after a deadlock: %d", stages,
        linesWith(home, "Deadlock found"));
    assertEquals(0, verify.exit, "verify: every table's digest equals the manifest's\n"
        + verify.err);
    assertEquals(RowDiff.NONE, diff, "the target after the last task");
    assertEquals(0, lost, "rows lost by any completed task");
    assertEquals(0, duplicated, "rows duplicated by any completed task");
  }

  // ---- 2. The sink fails after a chunk's commit ----------------------------------------------

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sinkFailingAfterAChunksCommit_isRunAgainWithoutDuplicatesAndTheUserSeesNoFailure()
      throws Exception {
    TestServers.dropDatabases(target, SHOP, LOG);
    Path home = Files.createDirectories(RUNS.resolve("commit-home"));
    long start = System.nanoTime();
    Child run =
        child(home, "fail-after-commit", List.of("-Ddbrestore.fault.failAfterCommit=3"),
            restoreArgs("fault-after-commit"));
    int exit = run.waitFor(5, TimeUnit.MINUTES);

    assertEquals(0, exit, run.tail());
    assertTrue(run.output().contains("Injected fault after committing chunk"),
        "the fault was injected and the data pipeline ran again:\n" + run.tail());
    List<TaskRecord> tasks = TaskStore.open(home.resolve("tasks")).list();
    assertEquals(1, tasks.size());
    assertEquals(TaskState.SUCCEEDED, tasks.get(0).state(), tasks.get(0).toString());
    Result verify = verify(target);
    RowDiff diff = compareWithSource(target);
    say("test 2 figures: faults injected 1 (failure after the 3rd chunk commit), tasks"
            + " completed 1, rows lost %d, rows duplicated %d, time %.1f s; chunk attempts"
            + " retried after a deadlock: %d",
        diff.lost(), diff.duplicated() + diff.unexpected(), (System.nanoTime() - start) / 1e9,
        linesWith(home, "Deadlock found"));
    assertEquals(0, verify.exit, verify.err);
    assertEquals(RowDiff.NONE, diff);
  }

  // ---- 3. The server kills the sink's connection mid-chunk -----------------------------------

  @ParameterizedTest(name = "bulkLoad={0}")
  @ValueSource(booleans = {true, false})
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sinkConnectionKilledByTheServerMidChunk_isRetriedAndTheDigestsMatch(boolean bulkLoad)
      throws Exception {
    TestServers.dropDatabases(target, SHOP, LOG);
    Path tasks = RUNS.resolve("kill-connection-tasks-" + (bulkLoad ? "bulk" : "insert"));
    RestoreJob.Settings settings = new RestoreJob.Settings(null, null, true, tasks);
    RestoreOptions options = TestServers.restoreOptions("direct", set, target);
    options.setBulkLoad(bulkLoad);
    long start = System.nanoTime();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    int kills = 0;
    RestoreReport report;
    try {
      Future<RestoreReport> restore =
          runner.submit(
              () -> RestoreJob.run(options, task("fault-kill-connection", target), settings));
      // At most 3 kills, half a second apart: each chunk may be retried 5 times.
      long lastKill = 0;
      try (Connection c = target.connect();
          PreparedStatement inserts =
              c.prepareStatement(
                  "SELECT ID, LEFT(INFO, 60) FROM information_schema.PROCESSLIST"
                      + " WHERE COMMAND = 'Query' AND " + WRITING_FI_ROWS);
          Statement kill = c.createStatement()) {
        while (!restore.isDone()) {
          if (kills < 3 && System.nanoTime() - lastKill > 500_000_000L) {
            try (ResultSet r = inserts.executeQuery()) {
              if (r.next()) {
                long id = r.getLong(1);
                String statement = r.getString(2);
                try {
                  kill.execute("KILL CONNECTION " + id);
                  kills++;
                  lastKill = System.nanoTime();
                  say("killed connection %d running %s...", id, statement);
                } catch (SQLException gone) {
                  // 1094: the statement finished and the connection closed first.
                }
              }
            }
          }
          Thread.sleep(5);
        }
      }
      try {
        report = restore.get();
      } catch (ExecutionException e) {
        // Workers of the failed run may still write; the next test must not get their rows.
        String taskId = TaskStore.open(tasks).list().get(0).id();
        long atFailure = chunksDone(target, taskId);
        long settled = awaitNoWriters(target, taskId);
        if (settled != atFailure) {
          say("%d chunks were committed after the failed run had returned", settled - atFailure);
        }
        throw new AssertionError(
            "the restore failed after " + kills + " connection kills instead of retrying: "
                + Failures.message(e.getCause()),
            e.getCause());
      }
    } finally {
      runner.shutdownNow();
    }

    assertTrue(kills >= 1, "no INSERT or LOAD DATA into the fi_ tables was caught running");
    assertTrue(report.allMatch(), "row counts and digests: " + report);
    assertEquals(TaskState.SUCCEEDED, TaskStore.open(tasks).get(report.taskId()).state());
    Result verify = verify(target);
    RowDiff diff = compareWithSource(target);
    say("test 3 figures (%s): faults injected %d (KILL CONNECTION), tasks completed 1,"
            + " rows lost %d, rows duplicated %d, time %.1f s",
        bulkLoad ? "bulk loader" : "batched INSERTs", kills, diff.lost(),
        diff.duplicated() + diff.unexpected(), (System.nanoTime() - start) / 1e9);
    assertEquals(0, verify.exit, verify.err);
    assertEquals(RowDiff.NONE, diff);
  }

  // ---- 4. The target server stops for a few seconds ------------------------------------------

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void targetServerStoppedForAFewSeconds_completesAfterRetriesOrFailsClearlyAndResumes()
      throws Exception {
    try (EmbeddedMariaDb server = EmbeddedMariaDb.start("fault-target")) {
      Path home = Files.createDirectories(RUNS.resolve("stop-server-home"));
      Path tasks = home.resolve("tasks");
      RestoreJob.Settings settings = new RestoreJob.Settings(null, null, true, tasks);
      RestoreOptions options = TestServers.restoreOptions("direct", set, server);
      long start = System.nanoTime();
      ExecutorService runner = Executors.newSingleThreadExecutor();
      String outcome;
      String taskId;
      try {
        Future<RestoreReport> restore =
            runner.submit(
                () -> RestoreJob.run(options, task("fault-stop-server", server), settings));
        taskId = awaitChunksDone(server, tasks, restore, 3);
        say("stopping the target server with %d chunks done", chunksDone(server, taskId));
        server.stopServer();
        Thread.sleep(3000);
        server.startServer();
        assertEquals(
            String.valueOf(server.port()), TestServers.single(server, "SELECT @@port"),
            "the server came back on its port");
        try {
          RestoreReport report = restore.get(5, TimeUnit.MINUTES);
          assertTrue(report.allMatch(), report.toString());
          outcome = "the task completed after retries";
        } catch (ExecutionException e) {
          String message = Failures.message(e.getCause());
          say("the restore failed: %s", message);
          assertFalse(message.isBlank(), "a failure says why");
          assertEquals(1, message.lines().count(), "one line: " + message);
          TaskRecord failed = TaskStore.open(tasks).get(taskId);
          assertEquals(TaskState.FAILED, failed.state(), failed.toString());
          // A user's dbrestore process has exited by now, taking its workers with it; this JVM
          // may still run workers of the failed pipeline that commit chunks after
          // RestoreJob.run has thrown, so wait for them before resuming.
          long atFailure = chunksDone(server, taskId);
          long settled = awaitNoWriters(server, taskId);
          if (settled != atFailure) {
            say("%d chunks were committed after the failed run had returned",
                settled - atFailure);
          }
          Child resume =
              child(home, "resume", List.of(), List.of("restore", "--resume", taskId,
                  "--accept-warnings"));
          int exit = resume.waitFor(5, TimeUnit.MINUTES);
          assertEquals(0, exit, "restore --resume " + taskId + ":\n" + resume.tail());
          outcome = "the task failed with \"" + message + "\"; restore --resume completed it";
        }
      } finally {
        runner.shutdownNow();
      }
      assertEquals(TaskState.SUCCEEDED, TaskStore.open(tasks).get(taskId).state());
      Result verify = verify(server);
      RowDiff diff = compareWithSource(server);
      say("test 4 figures: faults injected 1 (target stopped 3 s), %s; tasks completed 1,"
              + " rows lost %d, rows duplicated %d, time %.1f s",
          outcome, diff.lost(), diff.duplicated() + diff.unexpected(),
          (System.nanoTime() - start) / 1e9);
      assertEquals(0, verify.exit, verify.err);
      assertEquals(RowDiff.NONE, diff);
    }
  }

  /**
   * Waits until no INSERT or LOAD DATA into the fi_ tables runs and the task's journal has not
   * grown for 3 seconds; returns its chunk count.
   */
  private static long awaitNoWriters(EmbeddedMariaDb server, String taskId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long done = chunksDone(server, taskId);
      long writing =
          Long.parseLong(
              TestServers.single(
                  server,
                  "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                      + " WHERE " + WRITING_FI_ROWS));
      if (done != last || writing > 0) {
        last = done;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(3)) {
        return done;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the failed run's writers did not stop in 2 minutes");
  }

  /** Waits until the running task has {@code n} chunks in the journal; returns its id. */
  private static String awaitChunksDone(
      EmbeddedMariaDb server, Path tasks, Future<?> restore, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (restore.isDone()) {
        restore.get();
        fail("the restore ended before the server could be stopped mid-restore");
      }
      List<TaskRecord> records =
          Files.isDirectory(tasks) ? TaskStore.open(tasks).list() : List.of();
      if (!records.isEmpty() && chunksDone(server, records.get(0).id()) >= n) {
        return records.get(0).id();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the restore did not reach " + n + " chunks in 2 minutes");
  }

  private static long chunksDone(EmbeddedMariaDb server, String taskId) {
    try {
      String n =
          TestServers.single(
              server,
              "SELECT COUNT(*) FROM dbrestore_journal.chunks_done WHERE task_id = '" + taskId
                  + "'");
      return n == null ? 0 : Long.parseLong(n);
    } catch (SQLException notYet) {
      return 0; // the journal is not created yet
    }
  }

  // ---- Helpers -------------------------------------------------------------------------------

  private static RestoreTask task(String name, EmbeddedMariaDb server) {
    return new RestoreTask(
        name, null, null, set, null, server.jdbcUrl(), "root", null, null, null, null, null,
        null, null, null, null);
  }

  private static List<String> restoreArgs(String name) {
    return List.of(
        "restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
        "--accept-warnings", "--name", name);
  }

  private static Set<String> ids(TaskStore store) {
    return store.list().stream().map(TaskRecord::id).collect(Collectors.toCollection(HashSet::new));
  }

  /** Where a killed run was, from the task record it left. */
  private static String stage(TaskRecord record, long pid) {
    if (record.pid() != pid) {
      return "start-up, before the resume was recorded";
    }
    String progress = record.progress();
    if (record.state() == TaskState.SUCCEEDED) {
      return "after the task succeeded";
    }
    if (progress == null || progress.startsWith("resumed")) {
      return "pre-check";
    }
    return progress.startsWith("data") ? "data (" + progress + ")" : progress;
  }

  private static void tally(Map<String, Integer> stages, String stage) {
    stages.merge(stage.startsWith("data") ? "data" : stage, 1, Integer::sum);
  }

  private static Result verify(EmbeddedMariaDb server) {
    return inProcess(
        "verify", "--backup-set", set, "--target", server.jdbcUrl(), "--user", "root");
  }

  private static Result inProcess(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}

  /** Rows of the source missing from the target, extra copies of source rows, foreign rows. */
  private record RowDiff(long lost, long duplicated, long unexpected) {
    static final RowDiff NONE = new RowDiff(0, 0, 0);
  }

  /** Compares every table's rows, as a multiset, between the source and {@code server}. */
  private static RowDiff compareWithSource(EmbeddedMariaDb server) throws SQLException {
    long lost = 0;
    long duplicated = 0;
    long unexpected = 0;
    for (Map.Entry<String, Map<String, Long>> table : SOURCE_ROWS.entrySet()) {
      Map<String, Long> expected = table.getValue();
      Map<String, Long> actual = rowCounts(server, table.getKey());
      for (Map.Entry<String, Long> row : expected.entrySet()) {
        long there = actual.getOrDefault(row.getKey(), 0L);
        lost += Math.max(0, row.getValue() - there);
        duplicated += Math.max(0, there - row.getValue());
      }
      for (Map.Entry<String, Long> row : actual.entrySet()) {
        if (!expected.containsKey(row.getKey())) {
          unexpected += row.getValue();
        }
      }
      long sourceCount = expected.values().stream().mapToLong(Long::longValue).sum();
      long targetCount = actual.values().stream().mapToLong(Long::longValue).sum();
      if (sourceCount != targetCount) {
        say("%s: %d rows in the source, %d in the target (%d distinct vs %d)", table.getKey(),
            sourceCount, targetCount, expected.size(), actual.size());
      }
    }
    return new RowDiff(lost, duplicated, unexpected);
  }

  /**
   * Each distinct row of a table, as a hash of all its columns (QUOTE keeps NULL apart from
   * 'NULL'), with how many times it occurs: COUNT(*) and COUNT(DISTINCT all columns) in one.
   */
  private static Map<String, Long> rowCounts(EmbeddedMariaDb server, String table)
      throws SQLException {
    String[] parts = table.split("\\.");
    String columns =
        COLUMNS.get(table).stream()
            .map(c -> "QUOTE(`" + c + "`)")
            .collect(Collectors.joining(", "));
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT SHA2(CONCAT_WS('|', " + columns + "), 256) AS h, COUNT(*) FROM `"
                    + parts[0] + "`.`" + parts[1] + "` GROUP BY h")) {
      while (r.next()) {
        counts.put(r.getString(1), r.getLong(2));
      }
    }
    return counts;
  }

  private static void assertExactlyTheBackup(EmbeddedMariaDb server, String after)
      throws SQLException {
    assertEquals(RowDiff.NONE, compareWithSource(server), after);
  }

  /** How many lines of the child runs' output under {@code home} contain {@code text}. */
  private static long linesWith(Path home, String text) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(home)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        n += Files.readAllLines(log).stream().filter(line -> line.contains(text)).count();
      }
    }
    return n;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void say(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[fault-injection] " + format + "%n", args);
  }

  /** A dbrestore command run as its own JVM, the way the launcher runs it. */
  private static Child child(Path home, String name, List<String> jvmFlags, List<String> args)
      throws IOException {
    Path jar = Path.of("target", "dbrestore.jar").toAbsolutePath();
    Path lib = Path.of("target", "lib").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar) && Files.isDirectory(lib),
        jar + " and " + lib + " are made by the package phase; run mvn verify, or package first");
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("-Xmx1g");
    command.addAll(OPENS);
    command.add("-Ddbrestore.home=" + home);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(jar + ":" + lib + "/*");
    command.add("dev.dbrestore.pipelines.cli.Main");
    command.addAll(args);
    Path log = home.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Child(process, log);
  }

  private record Child(Process process, Path log) {
    long pid() {
      return process.pid();
    }

    /** Waits for the exit; a run still going after the timeout is killed and fails the test. */
    int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      if (!process.waitFor(timeout, unit)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("dbrestore did not finish in " + timeout + " " + unit + ":\n"
            + tail());
      }
      return process.exitValue();
    }

    /** SIGKILL after {@code millis} unless it ended before; returns the exit status. */
    int killAfter(long millis) throws InterruptedException {
      if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
      return process.waitFor();
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }

    String tail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }
  }
}
