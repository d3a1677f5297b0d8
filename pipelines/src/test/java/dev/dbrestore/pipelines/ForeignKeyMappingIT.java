package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapping renames what a foreign key references too: a child's key points at its parent under
 * the parent's target name, in the parent's target database, never at the source's name (which
 * may be another table, or the original database restored beside).
 */
class ForeignKeyMappingIT {
  private static final String DB = "fkm";
  private static final String OTHER = "fkm_other";

  /** Each foreign key of a database, as the server lists it. */
  private static final String KEYS =
      "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,"
          + " REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
          + " WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL"
          + " ORDER BY TABLE_NAME, CONSTRAINT_NAME";

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;

  @BeforeAll
  static void backUpParentsAndChildrenInTwoDatabases() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    execute(source,
        "DROP DATABASE IF EXISTS " + DB, "DROP DATABASE IF EXISTS " + OTHER,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE DATABASE " + DB, "CREATE DATABASE " + OTHER,
        "CREATE TABLE " + DB + ".parent (id INT PRIMARY KEY, name VARCHAR(20))",
        "CREATE TABLE " + DB + ".child (id INT PRIMARY KEY, parent_id INT,"
            + " CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id))",
        // A key to a table of another database: the server prints it qualified.
        "CREATE TABLE " + OTHER + ".remote_child (id INT PRIMARY KEY, parent_id INT,"
            + " CONSTRAINT remote_parent FOREIGN KEY (parent_id) REFERENCES " + DB
            + ".parent (id))",
        "INSERT INTO " + DB + ".parent SELECT seq, CONCAT('p', seq) FROM seq.seq_1_to_30",
        "INSERT INTO " + DB + ".child SELECT seq, 31 - seq FROM seq.seq_1_to_30",
        "INSERT INTO " + OTHER + ".remote_child SELECT seq, seq FROM seq.seq_1_to_30");
    set = work.resolve("set").toString();
    Result backup = cli("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", DB, "--database", OTHER, "--output", set);
    assertEquals(0, backup.exit, backup.err);
  }

  @BeforeEach
  void targetIsEmpty() throws Exception {
    execute(target, "SET FOREIGN_KEY_CHECKS = 0",
        "DROP DATABASE IF EXISTS " + DB, "DROP DATABASE IF EXISTS " + OTHER,
        "DROP DATABASE IF EXISTS fkm_copy", "DROP DATABASE IF EXISTS fkm_other_copy");
  }

  @Test
  void aRenamedParentIsWhatItsChildrensKeysReference() throws Exception {
    Result restore = cli("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--map-table", DB + ".parent=parent_2005");
    assertEquals(0, restore.exit, restore.err);

    assertEquals(List.of(List.of("child", "child_parent", "parent_id", DB, "parent_2005", "id")),
        rows(target, KEYS, DB));
    assertEquals(
        List.of(List.of("remote_child", "remote_parent", "parent_id", DB, "parent_2005", "id")),
        rows(target, KEYS, OTHER));
    assertEquals(List.of(List.of("30")), rows(target,
        "SELECT COUNT(*) FROM " + DB + ".child c JOIN " + DB + ".parent_2005 p"
            + " ON p.id = c.parent_id"));
    // The key holds on the target: a child of a parent that is not there is refused.
    assertThrows(SQLException.class,
        () -> execute(target, "INSERT INTO " + DB + ".child VALUES (100, 99)"));
  }

  @Test
  void aCopyBesideTheOriginalReferencesTheCopysParentNotTheOriginals() throws Exception {
    // The original databases are on the target already; the copy goes beside them.
    Result original = cli("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root");
    assertEquals(0, original.exit, original.err);

    Result copy = cli("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--map-database", DB + "=fkm_copy",
        "--map-database", OTHER + "=fkm_other_copy");
    assertEquals(0, copy.exit, copy.err);

    assertEquals(List.of(List.of("child", "child_parent", "parent_id", "fkm_copy", "parent", "id")),
        rows(target, KEYS, "fkm_copy"));
    assertEquals(
        List.of(List.of("remote_child", "remote_parent", "parent_id", "fkm_copy", "parent", "id")),
        rows(target, KEYS, "fkm_other_copy"));
    // The originals keep their own keys.
    assertEquals(rows(source, KEYS, OTHER), rows(target, KEYS, OTHER));
    // Deleting the original's parents does not touch the copy.
    execute(target, "SET FOREIGN_KEY_CHECKS = 0", "DELETE FROM " + OTHER + ".remote_child");
    execute(target, "DELETE FROM " + DB + ".child", "DELETE FROM " + DB + ".parent");
    assertEquals(List.of(List.of("30")),
        rows(target, "SELECT COUNT(*) FROM fkm_other_copy.remote_child"));
  }

  private static Connection connect(EmbeddedMariaDb server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), "root", "");
  }

  private static void execute(EmbeddedMariaDb server, String... statements) throws SQLException {
    try (Connection c = connect(server);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static List<List<String>> rows(EmbeddedMariaDb server, String sql, String... params)
      throws SQLException {
    try (Connection c = connect(server);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<List<String>> result = new ArrayList<>();
        int n = r.getMetaData().getColumnCount();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(r.getString(i));
          }
          result.add(row);
        }
        return result;
      }
    }
  }

  private static Result cli(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
