package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.FaultInjection;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema of 200 tiny tables (one empty, some with odd names, one whose text is latin1 and so
 * goes by INSERT) is restored through the batched path exactly: every table's CHECKSUM TABLE
 * equals the source's, and every chunk is journaled once. A batch that fails after some of its
 * chunks' rows leaves none of them behind, and the resumed task loses and duplicates nothing.
 */
class ManySmallTablesIT {
  private static final String DB = "mst_src";
  private static final String FAULT = "dbrestore.fault.failInBatch";

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;
  private static final List<String> TABLES = new ArrayList<>();

  @BeforeAll
  static void backUpTwoHundredTinyTables() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    List<String> statements = new ArrayList<>();
    statements.add("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4");
    for (int i = 1; i <= 195; i++) {
      TABLES.add("t" + i);
    }
    TABLES.addAll(List.of("odd name", "Mixed-Case", "back`tick", "ünïcödé", "empty"));
    for (String table : TABLES) {
      String q = "`" + DB + "`.`" + table.replace("`", "``") + "`";
      boolean latin1 = table.equals("t7");
      statements.add(
          "CREATE TABLE " + q + " (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(60)"
              + (latin1 ? " CHARACTER SET latin1" : "") + ", KEY k_idx (k)) ENGINE=InnoDB");
      if (!table.equals("empty")) {
        int n = TABLES.indexOf(table);
        statements.add(
            "INSERT INTO " + q + " VALUES (1, " + n + ", 'é " + n + "'), (2, " + (n + 1)
                + ", NULL), (3, " + (n + 2) + ", 'tab\there')");
      }
    }
    TestServers.execute(source, statements.toArray(String[]::new));
    set = work.resolve("set").toString();
    CliRun backup =
        CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", set);
    assertEquals(0, backup.exit(), backup.err());
  }

  @Test
  void twoHundredTinyTables_areRestoredExactly_eachChunkJournaledOnce() throws Exception {
    String copy = "mst_copy";
    TestServers.dropDatabases(target, copy);
    CliRun restore = restore(copy, "mst exact");
    assertEquals(0, restore.exit(), restore.all());
    assertTrue(restore.out().contains("200 of 200 tables hold exactly the backup's rows"),
        restore.out());
    assertEquals(checksums(source, DB), checksums(target, copy));
    assertJournaledOnce("target_table LIKE '`" + copy + "`.%'");
    TestServers.dropDatabases(target, copy);
  }

  @Test
  void aBatchFailingAfterSomeOfItsChunks_leavesNoneOfTheirRows_andTheResumeLosesAndDuplicatesNothing()
      throws Exception {
    String copy = "mst_resumed";
    TestServers.dropDatabases(target, copy);
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    Set<String> before = ids(store);
    CliRun failed;
    FaultInjection.reset();
    // The 30th chunk of the batches: the writers' first batches hold 25 chunks each.
    System.setProperty(FAULT, "30");
    try {
      failed = restore(copy, "mst fault", "--retries", "0");
    } finally {
      System.clearProperty(FAULT);
    }
    assertEquals(1, failed.exit(), failed.all());
    assertTrue(failed.err().contains("Injected fault in a batch"), failed.err());
    Set<String> created = ids(store);
    created.removeAll(before);
    assertEquals(1, created.size(), created.toString());
    String taskId = created.iterator().next();
    assertEquals(TaskState.FAILED, store.get(taskId).state());

    // Every row in the target belongs to a journaled chunk: the failed batch left nothing.
    Map<String, Long> journaled;
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    try (Connection c = target.connect()) {
      journaled = dialect.journaledRows(c, Journal.DEFAULT_SCHEMA, taskId);
    }
    List<String> unjournaled = new ArrayList<>();
    for (Map.Entry<String, Long> table : rowCounts(target, copy).entrySet()) {
      long expected = journaled.getOrDefault("`" + copy + "`.`"
          + table.getKey().replace("`", "``") + "`", 0L);
      if (table.getValue() != expected) {
        unjournaled.add(table.getKey() + ": " + table.getValue() + " rows, journal " + expected);
      }
    }
    assertEquals(List.of(), unjournaled);
    assertTrue(journaled.size() < 199, "the fault stopped the restore part way: " + journaled);

    CliRun resume = CliRun.of("restore", "--resume", taskId);
    assertEquals(0, resume.exit(), resume.all());
    assertTrue(resume.out().contains("200 of 200 tables hold exactly the backup's rows"),
        resume.out());
    assertEquals(checksums(source, DB), checksums(target, copy));
    assertJournaledOnce("task_id = '" + taskId + "'");
    TestServers.dropDatabases(target, copy);
  }

  @Test
  void columnTypesAndCountsOfManyTables_areOneAnswerPerTable_byTheirExactNames() throws Exception {
    Dialect dialect = Dialect.forUrl(source.jdbcUrl());
    List<String> asked = List.of("odd name", "Mixed-Case", "mixed-case", "back`tick", "missing");
    Map<String, Map<String, String>> types;
    try (Connection c = source.connect()) {
      types = dialect.columnTypes(c, DB, asked);
      for (String table : List.of("odd name", "Mixed-Case", "back`tick")) {
        assertEquals(dialect.columnTypes(c, DB, table), types.get(table), table);
      }
    }
    List<String> counted = List.of("odd name", "Mixed-Case", "back`tick", "ünïcödé", "empty");
    try (Connection c = source.connect()) {
      Map<String, Long> each = new LinkedHashMap<>();
      for (String table : counted) {
        each.put(table, dialect.countRows(c, DB, table));
      }
      assertEquals(each, dialect.countRows(c, DB, counted));
      assertEquals(0L, each.get("empty"));
    }
    // lower_case_table_names = 0 here: a name in another case is another (missing) table.
    assertEquals(Set.of("odd name", "Mixed-Case", "back`tick"), types.keySet());
    assertEquals(
        List.of("id", "k", "c"), new ArrayList<>(types.get("odd name").keySet()));
  }

  /** The journal's entries that match {@code where}: each chunk once, 597 rows in all. */
  private static void assertJournaledOnce(String where) throws SQLException {
    List<String> figures =
        TestServers.column(target,
            "SELECT CONCAT(COUNT(*), ' ', COUNT(DISTINCT chunk_file), ' ', SUM(row_count))"
                + " FROM dbrestore_journal.chunks_done WHERE " + where);
    String[] entriesChunksRows = figures.get(0).split(" ");
    assertEquals(entriesChunksRows[0], entriesChunksRows[1], "entries and distinct chunks");
    assertEquals("597", entriesChunksRows[2], "rows journaled");
  }

  private static CliRun restore(String copy, String name, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
                "--map-database", DB + "=" + copy, "--name", name));
    args.addAll(List.of(flags));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** CHECKSUM TABLE of every table of a database, as the server computes it, by table name. */
  private static Map<String, String> checksums(EmbeddedMariaDb server, String db)
      throws SQLException {
    Map<String, String> sums = new LinkedHashMap<>();
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet r =
            s.executeQuery("CHECKSUM TABLE `" + db + "`.`" + table.replace("`", "``") + "`")) {
          r.next();
          sums.put(table, r.getString(2));
        }
      }
    }
    return sums;
  }

  private static Map<String, Long> rowCounts(EmbeddedMariaDb server, String db)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT COUNT(*) FROM `" + db + "`.`" + table.replace("`", "``") + "`")) {
          r.next();
          counts.put(table, r.getLong(1));
        }
      }
    }
    return counts;
  }

  private static Set<String> ids(TaskStore store) {
    Set<String> ids = new HashSet<>();
    store.list().forEach(r -> ids.add(r.id()));
    return ids;
  }
}
