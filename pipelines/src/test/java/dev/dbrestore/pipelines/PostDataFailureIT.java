package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restore does when a view, routine, trigger or event cannot be created: one that reads a
 * table of another database the target lacks fails after the tables and rows are written, says
 * so and how to resume, and the resume finishes the job once the cause is fixed; one that needs
 * a function the task leaves out, or that neither the backup set nor the target has, is refused
 * by pre-check item 21 before anything is written.
 */
class PostDataFailureIT {
  private static final String APP = "pf_app";
  private static final String LIB = "pf_lib";
  private static final String TAX =
      "CREATE FUNCTION pf_lib.tax(p DECIMAL(8,2)) RETURNS DECIMAL(8,2) DETERMINISTIC"
          + " RETURN p * 1.25";
  private static final String[] RATES = {
    "CREATE TABLE pf_lib.rates (code CHAR(2) PRIMARY KEY, rate DECIMAL(4,2))",
    "INSERT INTO pf_lib.rates VALUES ('de', 1.19), ('fr', 1.20)"
  };

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;

  @BeforeAll
  static void backUpADatabaseWhoseViewsUseAnotherDatabase() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, APP, LIB);
    TestServers.execute(
        source,
        // A shared database that the backup does not include.
        "CREATE DATABASE " + LIB,
        TAX,
        RATES[0],
        RATES[1],
        "CREATE DATABASE " + APP,
        "CREATE TABLE pf_app.items (id INT PRIMARY KEY, price DECIMAL(8,2))",
        "CREATE TABLE pf_app.audit (id INT AUTO_INCREMENT PRIMARY KEY, item INT)",
        "INSERT INTO pf_app.items VALUES (1, 10.00), (2, 4.00), (3, 7.50)",
        "CREATE FUNCTION pf_app.twice(x DECIMAL(8,2)) RETURNS DECIMAL(8,2) DETERMINISTIC"
            + " RETURN x * 2",
        "CREATE PROCEDURE pf_app.reprice() UPDATE pf_app.items SET price = pf_app.twice(price)",
        "CREATE VIEW pf_app.doubled AS SELECT id, pf_app.twice(price) AS price FROM pf_app.items",
        "CREATE VIEW pf_app.gross AS SELECT i.id, r.code, i.price * r.rate AS gross"
            + " FROM pf_app.items i JOIN pf_lib.rates r",
        "CREATE VIEW pf_app.gross_total AS SELECT SUM(gross) AS total FROM pf_app.gross",
        "CREATE VIEW pf_app.taxed AS SELECT id, pf_lib.tax(price) AS taxed FROM pf_app.items",
        "CREATE TRIGGER pf_app.items_ai AFTER INSERT ON pf_app.items FOR EACH ROW"
            + " INSERT INTO pf_app.audit (item) VALUES (NEW.id)",
        "CREATE EVENT pf_app.nightly ON SCHEDULE EVERY 1 DAY STARTS '2037-01-01 00:00:00'"
            + " DISABLE DO CALL pf_app.reprice()");
    set = work.resolve("set").toString();
    BackupJob.run(TestServers.backupOptions("direct", source, set, APP));
  }

  @BeforeEach
  void emptyTarget() throws Exception {
    TestServers.dropDatabases(target, APP, LIB);
  }

  @Test
  void aViewTheTargetCannotCreate_failsAfterTablesAndRows_sayingSo_andResumeFinishes()
      throws Exception {
    // The target has the shared function, not the shared table.
    TestServers.execute(target, "CREATE DATABASE " + LIB, TAX);
    Result failed =
        cli("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
            "--accept-warnings");

    assertEquals(1, failed.exit, failed.err);
    assertTrue(
        failed.err.contains("Creating view `pf_app`.`gross` in the target failed: Table"
            + " 'pf_lib.rates' doesn't exist."), failed.err);
    assertTrue(
        failed.err.contains("Tables and rows are restored; views, routines, triggers or events"
            + " are not: fix this and run `dbrestore restore --resume r-"), failed.err);
    Matcher id = Pattern.compile("--resume (r-[0-9a-z-]+)`").matcher(failed.err);
    assertTrue(id.find(), failed.err);
    String taskId = id.group(1);
    assertEquals(TaskState.FAILED, TaskStore.open(DbrestoreHome.tasks()).get(taskId).state());
    // The tables and rows are there; the routines came first; the trigger and event not yet.
    for (String table : List.of("items", "audit")) {
      String checksum = "CHECKSUM TABLE pf_app." + table + " EXTENDED";
      assertEquals(TestServers.column(source, checksum), TestServers.column(target, checksum));
    }
    assertEquals(
        List.of("FUNCTION twice", "PROCEDURE reprice"),
        TestServers.column(
            target,
            "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = 'pf_app' ORDER BY ROUTINE_NAME DESC"));
    assertEquals(
        "0",
        TestServers.single(
            target,
            "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'pf_app'"));

    // The DBA fixes the cause: the shared table the view reads.
    TestServers.execute(target, RATES);
    Result resumed =
        cli("restore", "--resume", taskId, "--accept-warnings");

    assertEquals(0, resumed.exit, resumed.err);
    assertEquals(List.of(), SameAsSource.differences(source, target, APP));
    assertEquals(TaskState.SUCCEEDED, TaskStore.open(DbrestoreHome.tasks()).get(taskId).state());
    // The trigger came after the rows: none of them was audited twice.
    assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM pf_app.audit"));
  }

  @Test
  void viewsNeedingFunctionsTheTargetWillNotHave_failPrecheckItem21_andNothingIsWritten()
      throws Exception {
    Result r =
        cli("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
            "--accept-warnings", "--exclude", "functions:pf_app.twice");

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("item 21 (object selection)"), r.err);
    assertTrue(
        r.err.contains("View `pf_app`.`doubled` needs function `pf_app`.`twice`, which the task"
            + " does not restore and the target does not have; view `pf_app`.`taxed` needs"
            + " function `pf_lib`.`tax`, which neither the backup set nor the target has."),
        r.err);
    assertTrue(r.err.contains("Nothing was written"), r.err);
    assertEquals(
        List.of(),
        TestServers.column(
            target, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'pf_app'"));
  }

  private record Result(int exit, String err) {}

  private static Result cli(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }
}
