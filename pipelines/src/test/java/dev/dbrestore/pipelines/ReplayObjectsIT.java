package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views and routines the log creates, replaces, alters and drops during the window: a restore to
 * a second after them ends with the views and routines the source had at that second (their
 * definitions as the source's server reports them), each defined by the restoring account, not
 * the account named in the log.
 */
class ReplayObjectsIT {
  private static final String DB = "replay_objects_it";
  /** A database neither backed up nor restored, on both servers, as a shared lookup would be. */
  private static final String OTHER = "replay_objects_other";
  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static Instant second;

  @TempDir static Path dir;

  @BeforeAll
  static void backUpChangeObjectsAndCapture() throws Exception {
    source = CaptureServers.capture();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB, OTHER);
    TestServers.dropDatabases(target, DB, OTHER);
    for (EmbeddedMariaDb server : List.of(source, target)) {
      TestServers.execute(server,
          "CREATE DATABASE " + OTHER,
          "CREATE TABLE " + OTHER + ".lookup (id INT PRIMARY KEY)",
          "INSERT INTO " + OTHER + ".lookup VALUES (1), (3)");
    }
    TestServers.execute(source,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v INT)",
        "INSERT INTO " + DB + ".t VALUES (1, 1), (2, 2)",
        "CREATE VIEW " + DB + ".v_kept AS SELECT id FROM " + DB + ".t",
        "CREATE VIEW " + DB + ".v_replaced AS SELECT id FROM " + DB + ".t",
        "CREATE VIEW " + DB + ".v_altered AS SELECT id FROM " + DB + ".t",
        "CREATE VIEW " + DB + ".v_dropped AS SELECT v FROM " + DB + ".t",
        "CREATE PROCEDURE " + DB + ".p_dropped() SELECT 1",
        "CREATE FUNCTION " + DB + ".f_kept() RETURNS INT DETERMINISTIC RETURN 1");
    CliRun backup = CliRun.of(
        "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--repository", dir.toString(), "--source-name", "objs", "--backup-task", "full");
    assertEquals(0, backup.exit(), backup.all());
    try (Stream<Path> sets = Files.list(dir.resolve("objs").resolve("full"))) {
      assertTrue(sets.anyMatch(Files::isDirectory));
    }

    // In the window, as an application's deploy would, in the set's database as session
    // database (unqualified names), with a DEFINER the target does not have.
    try (var c = java.sql.DriverManager.getConnection(source.jdbcUrl() + DB, "root", "");
        var s = c.createStatement()) {
      s.execute("INSERT INTO t VALUES (3, 3)");
      s.execute("CREATE DEFINER=`app`@`%` VIEW v_new AS SELECT id, v FROM t WHERE v > 1");
      s.execute("CREATE OR REPLACE VIEW v_replaced AS SELECT id, v FROM t");
      s.execute("ALTER ALGORITHM=MERGE DEFINER=app@'%' VIEW v_altered AS SELECT id * 2 AS d FROM t");
      s.execute("DROP VIEW v_dropped");
      s.execute("DROP PROCEDURE p_dropped");
      s.execute("CREATE DEFINER=`app`@`%` PROCEDURE p_new(IN n INT) BEGIN UPDATE t SET v = v + n;"
          + " SELECT n; END");
      s.execute("CREATE FUNCTION f_new(x INT) RETURNS INT DETERMINISTIC RETURN x + 1");
      s.execute("ALTER FUNCTION f_kept SQL SECURITY INVOKER COMMENT 'it''s changed' NO SQL");
      s.execute("ALTER PROCEDURE p_new COMMENT 'adds n'");
      // From a session in a database outside the set: the view's unqualified name is that
      // database's table, not one of the set's.
      s.execute("USE " + OTHER);
      s.execute("CREATE VIEW " + DB + ".v_lookup AS SELECT id FROM lookup");
      s.execute("USE " + DB);
      second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      long wait = second.plusSeconds(1).plusMillis(100).toEpochMilli() - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      // After the second: not replayed.
      s.execute("CREATE VIEW v_late AS SELECT 1 AS one");
      s.execute("DROP VIEW v_kept");
    }
    CliRun capture = CaptureServers.capture(source.jdbcUrl(), "objs", dir, "--until-now");
    assertEquals(0, capture.exit(), capture.all());
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    TestServers.dropDatabases(source, DB, OTHER);
    TestServers.dropDatabases(target, DB, OTHER);
  }

  @Test
  void viewsAndRoutinesChangedInTheWindow_endAsTheSourceHadThemAtTheSecond() throws Exception {
    CliRun restore = CliRun.of("restore", "--source", "objs", "--repository", dir.toString(),
        "--point-in-time", second.toString(), "--target", target.jdbcUrl(), "--user", "root",
        "--name", "views and routines in the window");
    assertEquals(0, restore.exit(), restore.all());

    // What the source had at the second, from the source itself: every view and routine but
    // v_late, and v_kept, which was dropped only after it.
    List<String> sourceViews = views(source);
    sourceViews.removeIf(v -> v.startsWith("v_late|"));
    sourceViews.add("v_kept|select `" + DB + "`.`t`.`id` AS `id` from `" + DB + "`.`t`");
    sourceViews.sort(null);
    assertEquals(sourceViews, views(target));
    assertEquals(routines(source), routines(target));
    assertEquals(List.of("f_kept", "f_new", "p_new"),
        TestServers.column(target, "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE"
            + " ROUTINE_SCHEMA = '" + DB + "' ORDER BY ROUTINE_NAME"));
    for (String definer : TestServers.column(target, "SELECT DEFINER FROM"
        + " information_schema.VIEWS WHERE TABLE_SCHEMA = '" + DB + "' UNION ALL SELECT DEFINER"
        + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + DB + "'")) {
      assertFalse(definer.startsWith("app@"), "definer " + definer);
    }
    assertEquals(List.of("1|1", "2|2", "3|3"), TestServers.column(target,
        "SELECT CONCAT(id, '|', v) FROM " + DB + ".t ORDER BY id"));
    assertEquals("3", TestServers.single(target, "SELECT " + DB + ".f_new(2)"));
    assertEquals(List.of("1", "3"),
        TestServers.column(target, "SELECT id FROM " + DB + ".v_lookup ORDER BY id"));
    assertTrue(restore.out().contains("After the views and routines of the set: CREATE VIEW"),
        restore.out());
  }

  @Test
  void withAMapping_theLogsViewsAndRoutinesAreRefusedByThePreCheck_andNothingIsWritten()
      throws Exception {
    TestServers.dropDatabases(target, "objs_mapped");
    CliRun restore = CliRun.of("restore", "--source", "objs", "--repository", dir.toString(),
        "--point-in-time", second.toString(), "--target", target.jdbcUrl(), "--user", "root",
        "--map-database", DB + "=objs_mapped", "--name", "mapped views in the window");
    assertEquals(1, restore.exit(), restore.all());
    assertTrue(restore.all().contains("while the task maps names"), restore.all());
    assertEquals(List.of(), TestServers.column(target, "SELECT SCHEMA_NAME FROM"
        + " information_schema.SCHEMATA WHERE SCHEMA_NAME = 'objs_mapped'"));
  }

  /** Each view as name|definition, the definition as the server prints it. */
  private static List<String> views(EmbeddedMariaDb server) throws Exception {
    return new java.util.ArrayList<>(TestServers.column(server,
        "SELECT CONCAT(TABLE_NAME, '|', VIEW_DEFINITION) FROM information_schema.VIEWS"
            + " WHERE TABLE_SCHEMA = '" + DB + "' ORDER BY TABLE_NAME"));
  }

  private static List<String> routines(EmbeddedMariaDb server) throws Exception {
    return TestServers.column(server,
        "SELECT CONCAT_WS('|', ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION, SQL_DATA_ACCESS,"
            + " SECURITY_TYPE, ROUTINE_COMMENT) FROM"
            + " information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + DB + "'"
            + " ORDER BY ROUTINE_NAME");
  }
}
