package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.SchemaWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/** Creates a restore's databases, tables, indexes and post-data objects on MySQL and MariaDB. */
final class MySqlSchemaWriter implements SchemaWriter {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  @Override
  public void addIndexes(
      Connection connection, String database, String table, List<CheckedStatement> definitions)
      throws SQLException {
    Set<String> existing = new HashSet<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          existing.add(r.getString(1));
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (CheckedStatement checked : definitions) {
      String definition = checked.sql();
      Matcher m = MySqlStatements.SECONDARY_INDEX.matcher("  " + definition);
      String name = m.matches() ? m.group(1).replace("``", "`") : null;
      if (name == null || !existing.contains(name)) {
        missing.add("ADD " + definition);
      }
    }
    if (!missing.isEmpty()) {
      try (Statement s = connection.createStatement()) {
        s.setEscapeProcessing(false);
        s.execute("ALTER TABLE " + SQL.qualified(database, table) + " " + String.join(", ", missing));
      }
    }
  }

  /** Names of the tables, views, routines, triggers and events a database already has. */
  @Override
  public List<String> existingObjects(Connection connection, String database)
      throws SQLException {
    List<String> names = new ArrayList<>();
    String[][] queries = {
      // One-word kinds: callers cut "kind `db`.`name`" at the first space.
      {"SELECT TABLE_NAME, CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN"
          + " 'sequence' ELSE 'table' END FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"},
      {"SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"},
      {"SELECT TRIGGER_NAME, 'TRIGGER' FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"},
      {"SELECT EVENT_NAME, 'EVENT' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?"}
    };
    for (String[] query : queries) {
      try (PreparedStatement s = connection.prepareStatement(query[0])) {
        s.setString(1, database);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            names.add(
                r.getString(2).toLowerCase(Locale.ROOT) + " " + SQL.qualified(database, r.getString(1)));
          }
        }
      } catch (SQLException e) {
        // With the event scheduler DISABLED the server has no events to list.
        if (!MySqlErrors.isEventSchedulerDisabled(e)) {
          throw e;
        }
      }
    }
    return names;
  }

  /** Creates the database with the source's character set and collation if it is missing. */
  @Override
  public void createDatabase(Connection connection, Manifest.Database database)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE DATABASE IF NOT EXISTS "
              + SQL.quote(database.name())
              + " CHARACTER SET "
              + settingName(database.characterSet())
              + " COLLATE "
              + settingName(database.collation()));
    }
  }

  /** Runs a checked CREATE TABLE statement in the given database. */
  @Override
  public void createTable(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    // The driver knows the session's database without asking; it sends USE whenever told to,
    // which was a statement per table for a schema of many.
    if (!database.equals(connection.getCatalog())) {
      connection.setCatalog(database);
    }
    try (Statement s = connection.createStatement()) {
      // The text runs as checked: no JDBC {escape} rewriting by the driver.
      s.setEscapeProcessing(false);
      s.execute(create.sql());
    }
  }

  /**
   * Creates a view, routine, trigger or event from its checked statement (DEFINER removed, so
   * the restoring account becomes its definer) under the sql_mode and client character set it
   * was defined and checked with.
   */
  @Override
  public void createSchemaObject(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    connection.setCatalog(database);
    try (Statement s = connection.createStatement()) {
      try (PreparedStatement mode = connection.prepareStatement("SET SESSION sql_mode = ?")) {
        mode.setString(1, create.sqlMode());
        mode.execute();
      }
      if (create.characterSetClient() != null) {
        s.execute(
            "SET character_set_client = "
                + settingName(create.characterSetClient())
                + ", collation_connection = "
                + settingName(create.collationConnection())
                + ", character_set_results = "
                + settingName(create.characterSetClient()));
      }
      try {
        s.setEscapeProcessing(false);
        s.execute(create.sql());
      } finally {
        s.execute("SET NAMES utf8mb4");
      }
    }
  }

  /** A character set or collation name from a manifest, refused unless it is a plain word. */
  private static String settingName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_]+")) {
      throw new UserError(
          "The backup set names the character set or collation '"
              + name
              + "', which is not a valid name; the manifest is damaged.");
    }
    return name;
  }

  @Override
  public void disableEvent(Connection connection, String database, String event)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("ALTER EVENT " + SQL.qualified(database, event) + " DISABLE");
    } catch (SQLException e) {
      // 1539: unknown event; a one-time event in the past is dropped as soon as it is created.
      if (e.getErrorCode() != 1539) {
        throw e;
      }
    }
  }
}
