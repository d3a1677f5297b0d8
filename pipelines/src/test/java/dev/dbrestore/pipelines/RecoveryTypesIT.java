package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each recovery type through the command line: structure creates objects and writes no row,
 * data writes rows only into tables that already exist, both does all.
 */
class RecoveryTypesIT {
  private static final String DB = "rt_src";

  private static final String ITEMS_DDL =
      "CREATE TABLE rt_src.items (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(8,2))";
  private static final String LOG_DDL =
      "CREATE TABLE rt_src.item_log (id INT AUTO_INCREMENT PRIMARY KEY, item_id INT,"
          + " note VARCHAR(20))";

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;
  private static List<String> sourceItems;
  private static List<String> sourceLog;

  @BeforeAll
  static void backUpTheSourceOnce() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        ITEMS_DDL,
        LOG_DDL,
        "CREATE TRIGGER rt_src.items_logged AFTER INSERT ON rt_src.items FOR EACH ROW"
            + " INSERT INTO rt_src.item_log (item_id, note) VALUES (NEW.id, 'inserted')",
        "INSERT INTO rt_src.items VALUES (1, 'pen', 1.50), (2, 'ink', 7.25), (3, 'pad', 3.00)",
        "CREATE VIEW rt_src.cheap_items AS SELECT id, name FROM rt_src.items WHERE price < 5",
        "CREATE FUNCTION rt_src.with_tax(p DECIMAL(8,2)) RETURNS DECIMAL(8,2) DETERMINISTIC"
            + " RETURN p * 1.2");
    sourceItems = items(source);
    sourceLog = log(source);
    assertEquals(3, sourceLog.size(), "the trigger logged the source's inserts");
    set = work.resolve("set").toString();
    BackupJob.run(TestServers.backupOptions("direct", source, set, DB));
  }

  @BeforeEach
  void emptyTarget() throws Exception {
    TestServers.dropDatabases(target, DB);
  }

  @Test
  void structureCreatesTheDatabaseTablesAndObjects_andWritesNoRow() throws Exception {
    Result r = restore("structure");

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of("item_log", "items"), baseTables());
    assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM rt_src.items"));
    assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM rt_src.item_log"));
    assertEquals(List.of("cheap_items"), views());
    assertEquals(List.of("with_tax"), functions());
    assertEquals(List.of("items_logged"), triggers());
    assertEquals("1.80", TestServers.single(target, "SELECT rt_src.with_tax(1.50)"));
  }

  @Test
  void dataWritesRowsIntoExistingTables_andCreatesNoObject() throws Exception {
    TestServers.execute(target, "CREATE DATABASE " + DB, ITEMS_DDL, LOG_DDL);

    Result r = restore("data");

    assertEquals(0, r.exit, r.err);
    assertEquals(sourceItems, items(target));
    assertEquals(sourceLog, log(target));
    assertEquals(List.of(), views());
    assertEquals(List.of(), functions());
    assertEquals(List.of(), triggers());
  }

  @Test
  void dataFailsPrecheckItem15_whenASelectedTableIsMissing_andWritesNothing() throws Exception {
    TestServers.execute(target, "CREATE DATABASE " + DB, ITEMS_DDL);

    Result r = restore("data");

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("item 15"), r.err);
    assertTrue(r.err.contains("`rt_src`.`item_log` is missing"), r.err);
    assertTrue(r.err.contains("Nothing was written"), r.err);
    assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM rt_src.items"));
    assertEquals(List.of("items"), baseTables());
  }

  @Test
  void bothCreatesEverythingAndWritesEveryRow() throws Exception {
    Result r = restore("both");

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of("item_log", "items"), baseTables());
    assertEquals(sourceItems, items(target));
    // The trigger is created after the rows, so it did not log the restored rows again.
    assertEquals(sourceLog, log(target));
    assertEquals(List.of("cheap_items"), views());
    assertEquals(List.of("with_tax"), functions());
    assertEquals(List.of("items_logged"), triggers());
    assertEquals(List.of("1|pen", "3|pad"),
        TestServers.column(target, "SELECT CONCAT_WS('|', id, name) FROM rt_src.cheap_items ORDER BY id"));
  }

  private static List<String> items(EmbeddedMariaDb server) throws Exception {
    return TestServers.column(server,
        "SELECT CONCAT_WS('|', id, name, price) FROM rt_src.items ORDER BY id");
  }

  private static List<String> log(EmbeddedMariaDb server) throws Exception {
    return TestServers.column(server,
        "SELECT CONCAT_WS('|', id, item_id, note) FROM rt_src.item_log ORDER BY id");
  }

  private static List<String> baseTables() throws Exception {
    return TestServers.column(target, "SELECT TABLE_NAME FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = 'rt_src' AND TABLE_TYPE = 'BASE TABLE' ORDER BY BINARY TABLE_NAME");
  }

  private static List<String> views() throws Exception {
    return TestServers.column(target, "SELECT TABLE_NAME FROM information_schema.VIEWS"
        + " WHERE TABLE_SCHEMA = 'rt_src' ORDER BY BINARY TABLE_NAME");
  }

  private static List<String> functions() throws Exception {
    return TestServers.column(target, "SELECT ROUTINE_NAME FROM information_schema.ROUTINES"
        + " WHERE ROUTINE_SCHEMA = 'rt_src' ORDER BY BINARY ROUTINE_NAME");
  }

  private static List<String> triggers() throws Exception {
    return TestServers.column(target, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
        + " WHERE TRIGGER_SCHEMA = 'rt_src' ORDER BY BINARY TRIGGER_NAME");
  }

  private static Result restore(String recoveryType) {
    List<String> args = new ArrayList<>(List.of(
        "restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
        "--recovery-type", recoveryType, "--accept-warnings"));
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
