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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which objects a task restores and under which names: include and exclude patterns given as
 * flags or in a task file, database and table mapping, mapping refused with views selected, and
 * the task name's limit of 64 characters. Checked by what exists in the target afterwards.
 */
class SelectionAndMappingIT {
  private static final String SHOP = "sm_shop";
  private static final String SHOP_EU = "sm_shop_eu";
  private static final String MISC = "sm_misc";
  private static final String COPY = "sm_shop_copy";
  private static final String[] ALL = {SHOP, SHOP_EU, MISC, COPY};

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;
  private static List<String> sourceOrders;

  @BeforeAll
  static void backUpThreeDatabasesOnce() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, ALL);
    TestServers.execute(
        source,
        "CREATE DATABASE " + SHOP,
        "CREATE TABLE sm_shop.orders (id INT PRIMARY KEY, total INT)",
        "CREATE TABLE sm_shop.orders_2023 (id INT PRIMARY KEY, total INT)",
        "CREATE TABLE sm_shop.orders_archive (id INT PRIMARY KEY, total INT)",
        "CREATE TABLE sm_shop.customers (id INT PRIMARY KEY, name VARCHAR(20))",
        "INSERT INTO sm_shop.orders VALUES (1, 10), (2, 20), (3, 30)",
        "INSERT INTO sm_shop.orders_2023 VALUES (1, 5)",
        "INSERT INTO sm_shop.orders_archive VALUES (1, 1), (2, 2)",
        "INSERT INTO sm_shop.customers VALUES (1, 'ann'), (2, 'bob')",
        "CREATE VIEW sm_shop.big_orders AS SELECT id, total FROM sm_shop.orders WHERE total > 15",
        "CREATE DATABASE " + SHOP_EU,
        "CREATE TABLE sm_shop_eu.orders (id INT PRIMARY KEY, total INT)",
        "INSERT INTO sm_shop_eu.orders VALUES (1, 100)",
        "CREATE DATABASE " + MISC,
        "CREATE TABLE sm_misc.notes (id INT PRIMARY KEY, text VARCHAR(20))",
        "INSERT INTO sm_misc.notes VALUES (1, 'hello')");
    sourceOrders = orders(source, SHOP, "orders");
    set = work.resolve("set").toString();
    BackupJob.run(TestServers.backupOptions("direct", source, set, SHOP, SHOP_EU, MISC));
  }

  @BeforeEach
  void emptyTarget() throws Exception {
    TestServers.dropDatabases(target, ALL);
  }

  @Test
  void includeTablesPatternRestoresOnlyMatchingTables() throws Exception {
    Result r = restore("--include", "tables:sm_shop.orders*");

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of("orders", "orders_2023", "orders_archive"), tables(SHOP));
    assertEquals(List.of(SHOP), databases());
    assertEquals(sourceOrders, orders(target, SHOP, "orders"));
  }

  @Test
  void excludeTablesPatternLeavesOutOnlyThatTable() throws Exception {
    Result r = restore("--exclude", "tables:sm_shop.orders_archive");

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of("big_orders", "customers", "orders", "orders_2023"), tables(SHOP));
    assertEquals(List.of("orders"), tables(SHOP_EU));
    assertEquals(List.of("notes"), tables(MISC));
  }

  @Test
  void includeAndExcludeTogether_excludeWins() throws Exception {
    Result r =
        restore("--include", "tables:sm_shop.orders*", "--exclude", "tables:sm_shop.orders_archive");

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of("orders", "orders_2023"), tables(SHOP));
    assertEquals(List.of(SHOP), databases());
  }

  @Test
  void includeDatabasesPatternRestoresEveryMatchingDatabase() throws Exception {
    Result r = restore("--include", "databases:sm_shop*");

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of(SHOP, SHOP_EU), databases());
    assertEquals(List.of("big_orders", "customers", "orders", "orders_2023", "orders_archive"),
        tables(SHOP));
    assertEquals(List.of("orders"), tables(SHOP_EU));
  }

  @Test
  void aTaskFileWithIncludeAndExcludeRestoresWhatTheSameFlagsDo() throws Exception {
    Result flags =
        restore("--include", "tables:sm_shop.orders*", "--exclude", "tables:sm_shop.orders_archive");
    assertEquals(0, flags.exit, flags.err);
    List<String> byFlags = everyTable();

    TestServers.dropDatabases(target, ALL);
    Path file = work.resolve("selection-task.yaml");
    Files.writeString(file, String.join("\n",
        "name: sm selection by task file",
        "backupSet: " + set,
        "target: " + target.jdbcUrl(),
        "targetUser: root",
        "objects:",
        "  include:",
        "    tables: [\"sm_shop.orders*\"]",
        "  exclude:",
        "    tables: [\"sm_shop.orders_archive\"]",
        ""));
    Result byFile = cli("restore", "--task", file.toString(), "--accept-warnings");

    assertEquals(0, byFile.exit, byFile.err);
    assertEquals(List.of("sm_shop.orders", "sm_shop.orders_2023"), byFlags);
    assertEquals(byFlags, everyTable());
  }

  @Test
  void mappingRestoresRowsUnderTheNewDatabaseAndTableNames() throws Exception {
    Result r = restore(
        "--include", "databases:sm_shop", "--exclude", "views:*",
        "--map-database", "sm_shop=sm_shop_copy", "--map-table", "sm_shop.orders=orders_old");

    assertEquals(0, r.exit, r.err);
    assertEquals(List.of(COPY), databases());
    assertEquals(List.of("customers", "orders_2023", "orders_archive", "orders_old"), tables(COPY));
    assertEquals(sourceOrders, orders(target, COPY, "orders_old"));
    assertEquals(orders(source, SHOP, "orders_archive"), orders(target, COPY, "orders_archive"));
  }

  @Test
  void mappingWithViewsSelectedFailsPrecheckItem7_andWritesNothing() throws Exception {
    Result r = restore(
        "--include", "databases:sm_shop", "--map-database", "sm_shop=sm_shop_copy");

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("item 7"), r.err);
    assertTrue(r.err.contains("Nothing was written"), r.err);
    assertEquals(List.of(), databases());
  }

  @Test
  void aTaskNameOf65CharactersIsRefused_and64AreAccepted() throws Exception {
    String name65 = "n".repeat(65);
    Result refused = restore("--name", name65, "--include", "databases:sm_misc");

    assertEquals(2, refused.exit, refused.err);
    assertTrue(refused.err.contains("64"), refused.err);
    assertFalse(refused.err.contains("Exception"), refused.err);
    assertEquals(List.of(), databases());

    String name64 = "sm name " + System.nanoTime() + "-";
    name64 = name64 + "x".repeat(64 - name64.length());
    assertEquals(64, name64.length());
    Result accepted = restore("--name", name64, "--include", "databases:sm_misc");

    assertEquals(0, accepted.exit, accepted.err);
    assertEquals(List.of(MISC), databases());
    String name = name64;
    assertEquals(
        TaskState.SUCCEEDED,
        TaskStore.open(DbrestoreHome.tasks()).list().stream()
            .filter(t -> name.equals(t.name()))
            .findFirst()
            .orElseThrow()
            .state());
  }

  /** The test's databases present in the target. */
  private static List<String> databases() throws Exception {
    return TestServers.column(target, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
        + " WHERE SCHEMA_NAME LIKE 'sm\\_%' ORDER BY BINARY SCHEMA_NAME");
  }

  /** Tables and views of one target database. */
  private static List<String> tables(String database) throws Exception {
    return TestServers.column(target, "SELECT TABLE_NAME FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = '" + database + "' ORDER BY BINARY TABLE_NAME");
  }

  private static List<String> everyTable() throws Exception {
    return TestServers.column(target,
        "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES"
            + " WHERE TABLE_SCHEMA LIKE 'sm\\_%' ORDER BY BINARY TABLE_SCHEMA, BINARY TABLE_NAME");
  }

  private static List<String> orders(EmbeddedMariaDb server, String database, String table)
      throws Exception {
    return TestServers.column(server, "SELECT CONCAT_WS('|', id, total) FROM `" + database
        + "`.`" + table + "` ORDER BY id");
  }

  private static Result restore(String... selection) {
    List<String> args = new ArrayList<>(List.of(
        "restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
        "--accept-warnings"));
    args.addAll(List.of(selection));
    return cli(args.toArray(String[]::new));
  }

  private static Result cli(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
