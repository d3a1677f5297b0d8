package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sakila backed up from one real MariaDB server and restored into another, on the DirectRunner
 * and on FlinkRunner [local] with parallelism 2: every table's CHECKSUM TABLE equal, the same
 * views, routines and triggers, and film_text not doubled by its trigger; and from the command
 * line without --accept-warnings, item 14 (definers, foreign keys) a notice that does not block.
 */
class SakilaRoundTripIT {
  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;

  @BeforeAll
  static void loadSakila() throws Exception {
    Sakila.requireOrSkip();
    source = TestServers.source();
    target = TestServers.target();
    Sakila.loadInto(source);
    // A definer the target does not have: the restore must make the restoring account definer.
    TestServers.execute(
        source,
        "CREATE OR REPLACE DEFINER = 'ghost'@'%' SQL SECURITY DEFINER VIEW sakila.ghost_view"
            + " AS SELECT COUNT(*) AS films FROM sakila.film",
        "CREATE EVENT IF NOT EXISTS sakila.purge_old_payments ON SCHEDULE EVERY 1 DAY"
            + " DISABLE DO DELETE FROM sakila.payment WHERE payment_date < '2000-01-01'");
  }

  @Test
  void restoresSakilaExactly_onTheDirectRunner() throws Exception {
    roundTrip("direct");
  }

  @Test
  void restoresSakilaExactly_onFlinkRunnerLocalWithParallelism2() throws Exception {
    roundTrip("flink-local");
  }

  @Test
  void aSakilaRestoreFromTheCommandLine_needsNoAcceptWarnings_andPrintsItem14AsANotice()
      throws Exception {
    TestServers.dropDatabases(target, "sakila");
    String set = work.resolve("sakila-cli").toString();
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", "sakila", "--output", set);
    assertEquals(0, backup.exit(), backup.all());

    // As the README's first restore: no --accept-warnings.
    CliRun restore =
        CliRun.of("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root");
    assertEquals(0, restore.exit(), restore.all());
    String item14 = restore.out().lines()
        .filter(line -> line.startsWith("14. definers and foreign keys"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no item 14 in " + restore.out()));
    assertTrue(item14.contains(" notice "), item14);
    assertTrue(item14.contains("becomes " + TestServers.single(target, "SELECT CURRENT_USER()")),
        item14);
    assertTrue(item14.contains("foreign keys are not enforced while rows are loaded"), item14);
    assertFalse(restore.out().lines().anyMatch(line -> line.matches("\\d+\\. .* warning .*")),
        "no item warns for a plain restore of Sakila: " + restore.out());

    // The task record keeps the level beside each item.
    java.util.regex.Matcher id = java.util.regex.Pattern
        .compile("Task (r-\\d{8}-\\d{6}-[0-9a-f]{4}): restored").matcher(restore.out());
    assertTrue(id.find(), restore.out());
    TaskRecord record = TaskStore.open(DbrestoreHome.tasks()).get(id.group(1));
    assertEquals(TaskState.SUCCEEDED, record.state());
    assertEquals(List.of("notice"), record.precheck().stream()
        .filter(item -> item.get("item").equals("14 definers and foreign keys"))
        .map(item -> item.get("result"))
        .toList());

    for (String table : List.of("payment", "rental", "film_text")) {
      String checksum = "CHECKSUM TABLE sakila.`" + table + "` EXTENDED";
      assertEquals(TestServers.column(source, checksum), TestServers.column(target, checksum),
          "CHECKSUM TABLE of " + table);
    }
  }

  private static String showCreate(EmbeddedMariaDb server, String table) throws Exception {
    try (java.sql.Connection c = server.connect();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("SHOW CREATE TABLE sakila.`" + table + "`")) {
      r.next();
      return r.getString(2);
    }
  }

  private void roundTrip(String runnerConfig) throws Exception {
    TestServers.dropDatabases(target, "sakila");
    String set = work.resolve("sakila-" + runnerConfig).toString();
    BackupOptions backup = TestServers.backupOptions(runnerConfig, source, set, "sakila");
    backup.setChunkRows(5000L);
    BackupJob.run(backup);
    RestoreReport report = RestoreJob.run(TestServers.restoreOptions(runnerConfig, set, target));
    System.out.printf(
        Locale.ROOT,
        "Sakila restore on %s: %d rows, total %.2f s, data stage %.2f s (%.0f rows/s),"
            + " verification %.2f s%n",
        runnerConfig,
        report.rowsRestored(),
        report.total().toNanos() / 1e9,
        report.data().toNanos() / 1e9,
        report.rowsRestored() / (report.data().toNanos() / 1e9),
        report.verify().toNanos() / 1e9);
    assertEquals(16, report.verification().size());
    assertEquals(
        List.of(),
        report.verification().stream()
            .filter(v -> v.skipped() != null || !v.matches())
            .map(Object::toString)
            .toList());

    List<String> tables =
        TestServers.column(
            source,
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila'"
                + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
    assertEquals(16, tables.size());
    for (String table : tables) {
      String checksum = "CHECKSUM TABLE sakila.`" + table + "` EXTENDED";
      assertEquals(
          TestServers.column(source, checksum),
          TestServers.column(target, checksum),
          "CHECKSUM TABLE of " + table);
    }
    assertEquals("1000", TestServers.single(target, "SELECT COUNT(*) FROM sakila.film_text"));
    // The same definitions, secondary indexes (added after the data) included.
    for (String table : tables) {
      assertEquals(
          showCreate(source, table), showCreate(target, table), "SHOW CREATE TABLE " + table);
    }

    String views =
        "SELECT CONCAT(TABLE_NAME, ' ', VIEW_DEFINITION) FROM information_schema.VIEWS"
            + " WHERE TABLE_SCHEMA = 'sakila' ORDER BY TABLE_NAME";
    String routines =
        "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME, ' ', ROUTINE_DEFINITION)"
            + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'sakila'"
            + " ORDER BY ROUTINE_NAME";
    String triggers =
        "SELECT CONCAT_WS(' ', TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING,"
            + " EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT)"
            + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'sakila'"
            + " ORDER BY TRIGGER_NAME";
    // Sakila's 7 views plus ghost_view.
    assertEquals(8, TestServers.column(source, views).size());
    assertEquals(6, TestServers.column(source, routines).size());
    assertEquals(6, TestServers.column(source, triggers).size());
    assertEquals(TestServers.column(source, views), TestServers.column(target, views));
    assertEquals(TestServers.column(source, routines), TestServers.column(target, routines));
    assertEquals(TestServers.column(source, triggers), TestServers.column(target, triggers));
    String events =
        "SELECT CONCAT_WS(' ', EVENT_NAME, STATUS, INTERVAL_VALUE, INTERVAL_FIELD, EVENT_DEFINITION)"
            + " FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'sakila'";
    assertEquals(1, TestServers.column(source, events).size());
    assertEquals(TestServers.column(source, events), TestServers.column(target, events));

    String restoringAccount = TestServers.single(target, "SELECT CURRENT_USER()");
    List<String> definers =
        TestServers.column(
            target,
            "SELECT DISTINCT DEFINER FROM ("
                + " SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'sakila'"
                + " UNION ALL SELECT DEFINER FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = 'sakila'"
                + " UNION ALL SELECT DEFINER FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = 'sakila'"
                + " UNION ALL SELECT DEFINER FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA = 'sakila') d");
    assertEquals(List.of(restoringAccount), definers);
    assertFalse(restoringAccount.startsWith("ghost"));
  }
}
