package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names are data: a database whose name has a comma, quotes and a backtick, given once with
 * --database, is backed up and restored under that exact name, along with an empty table and
 * a table without a primary key holding duplicate rows.
 */
class OddNamesIT {
  private static final String DB = "odd,name `q` 'x' \"y\"";
  private static final String Q = "`odd,name ``q`` 'x' \"y\"`";

  @TempDir Path work;

  @Test
  void aDatabaseWithCommasQuotesAndBackticksRoundTripsByItsExactName() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + Q,
        "CREATE TABLE " + Q + ".`ta``ble; x` (id INT PRIMARY KEY, `va,l` VARCHAR(10))",
        "INSERT INTO " + Q + ".`ta``ble; x` VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        "CREATE TABLE " + Q + ".empty_table (id INT PRIMARY KEY)",
        "CREATE TABLE " + Q + ".no_key (v VARCHAR(10))",
        "INSERT INTO " + Q + ".no_key VALUES ('same'), ('same'), (NULL)");
    String set = work.resolve("set").toString();
    assertEquals(
        0,
        cli("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", set, "--chunk-rows", "2"));
    assertEquals(
        0, cli("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root"));

    assertEquals(DB, TestServers.single(
        target, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'odd,%'"));
    assertEquals("1:a,2:b,3:c", TestServers.single(
        target, "SELECT GROUP_CONCAT(id, ':', `va,l` ORDER BY id) FROM " + Q + ".`ta``ble; x`"));
    assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM " + Q + ".empty_table"));
    assertEquals("same,same,<null>", TestServers.single(
        target, "SELECT GROUP_CONCAT(IFNULL(v, '<null>') ORDER BY v IS NULL, v) FROM " + Q + ".no_key"));
  }

  private static int cli(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    if (exit != 0) {
      System.out.println(err);
    }
    return exit;
  }
}
