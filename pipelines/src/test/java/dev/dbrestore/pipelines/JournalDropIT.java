package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journal drop} drops only a journal: a schema with anything else in it, or one of the
 * server's own, is refused with one sentence and left untouched; a restore's journal is dropped;
 * and a restore whose journal schema is a system schema or a database it restores into is
 * refused by the pre-check.
 */
class JournalDropIT {
  private static final String DB = "jd_src";

  @TempDir static Path work;

  private static EmbeddedMariaDb target;
  private static Path set;

  @BeforeAll
  static void backUpASmallDatabase() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB, "precious", "jd_extra", "jd_real", "jd_missing");
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY)",
        "INSERT INTO " + DB + ".t VALUES (1), (2), (3)");
    set = work.resolve("set");
    CliRun backup =
        CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", set.toString());
    assertEquals(0, backup.exit(), backup.err());
  }

  @Test
  void aSchemaWithUserData_isRefused_andUntouched() throws Exception {
    TestServers.execute(
        target,
        "CREATE DATABASE precious",
        "CREATE TABLE precious.customers (id INT PRIMARY KEY, name VARCHAR(20))",
        "INSERT INTO precious.customers VALUES (1, 'Ada'), (2, 'Grace')");
    try {
      CliRun r = drop("precious");
      assertEquals(1, r.exit(), r.all());
      assertTrue(r.err().contains("holds more than a restore journal (table `customers`)"),
          r.err());
      assertTrue(r.err().contains("left untouched"), r.err());
      assertEquals("2", TestServers.single(target, "SELECT COUNT(*) FROM precious.customers"));
    } finally {
      TestServers.dropDatabases(target, "precious");
    }
  }

  @Test
  void aJournalWithOneExtraTable_isRefused_andUntouched() throws Exception {
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    try (Connection c = target.connect()) {
      dialect.createJournal(c, "jd_extra");
    }
    TestServers.execute(target, "CREATE TABLE jd_extra.notes (id INT PRIMARY KEY)");
    try {
      CliRun r = drop("jd_extra");
      assertEquals(1, r.exit(), r.all());
      assertTrue(r.err().contains("(table `notes`)"), r.err());
      assertEquals(
          "3",
          TestServers.single(target,
              "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'jd_extra'"));

      // A journal table with a column of someone else's is not the journal's either.
      TestServers.execute(target, "DROP TABLE jd_extra.notes",
          "ALTER TABLE jd_extra.objects_done ADD COLUMN remark TEXT");
      CliRun columns = drop("jd_extra");
      assertEquals(1, columns.exit(), columns.all());
      assertTrue(columns.err().contains("`objects_done` with other columns"), columns.err());
    } finally {
      TestServers.dropDatabases(target, "jd_extra");
    }
  }

  @Test
  void theServersOwnSchemasAreRefused() throws Exception {
    for (String schema : new String[] {"mysql", "sys", "performance_schema", "INFORMATION_SCHEMA"}) {
      CliRun r = drop(schema);
      assertEquals(1, r.exit(), r.all());
      assertTrue(r.err().contains("is one of the server's own"), r.err());
    }
    assertTrue(Integer.parseInt(TestServers.single(target,
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql'")) > 10);
  }

  @Test
  void aRestoresJournalIsDropped_andAMissingOneIsReported() throws Exception {
    TestServers.dropDatabases(target, DB);
    try {
      CliRun restore =
          CliRun.of("restore", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
              "--user", "root", "--journal-schema", "jd_real");
      assertEquals(0, restore.exit(), restore.all());
      assertTrue(schemaExists("jd_real"));
      CliRun r = drop("jd_real");
      assertEquals(0, r.exit(), r.all());
      assertTrue(r.out().contains("Dropped the journal schema jd_real"), r.out());
      assertFalse(schemaExists("jd_real"));
      assertEquals("3", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));

      CliRun missing = drop("jd_missing");
      assertEquals(0, missing.exit(), missing.all());
      assertTrue(missing.out().contains("There is no journal schema jd_missing"), missing.out());
    } finally {
      TestServers.dropDatabases(target, DB, "jd_real");
    }
  }

  @Test
  void aRestoreRefusesAJournalInASystemSchemaOrInADatabaseItRestoresInto() throws Exception {
    TestServers.dropDatabases(target, DB);
    ObjectMapper json = new ObjectMapper();
    for (String[] c : new String[][] {
        {"mysql", "the server's own schemas"}, {DB, "a database the task restores into"}}) {
      CliRun pre =
          CliRun.of("precheck", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
              "--user", "root", "--journal-schema", c[0], "--json");
      assertEquals(1, pre.exit(), pre.all());
      JsonNode item16 = null;
      for (JsonNode item : json.readTree(pre.out())) {
        if (item.path("number").asInt() == 16) {
          item16 = item;
        }
      }
      assertTrue(item16 != null, pre.out());
      assertEquals("FAILURE", item16.path("result").asText(), item16.toString());
      assertTrue(item16.path("cause").asText().contains(c[1]), item16.toString());
    }
    CliRun restore =
        CliRun.of("restore", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
            "--user", "root", "--journal-schema", DB);
    assertEquals(1, restore.exit(), restore.all());
    assertTrue(restore.err().contains("item 16 (identifiers)"), restore.err());
    assertFalse(schemaExists(DB));
  }

  private static CliRun drop(String schema) {
    return CliRun.of("journal", "drop", "--target", target.jdbcUrl(), "--user", "root",
        "--journal-schema", schema);
  }

  private static boolean schemaExists(String name) throws Exception {
    return !"0".equals(TestServers.single(target,
        "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + name + "'"));
  }
}
