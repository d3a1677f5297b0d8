package dev.dbrestore.io.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The queries of one shape the MySQL classes ask many times: one value, one column, one row. */
final class MySqlQueries {
  private MySqlQueries() {}

  /** The first column of a query's first row as text ("SELECT @@x"), or null without a row. */
  static String value(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /** The first column of a query's first row as a number. */
  static long number(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The first column of every row, in lower case. */
  static Set<String> names(Connection connection, String sql) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        names.add(r.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /** Whether the database exists on the server. */
  static boolean schemaExists(Connection connection, String database) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** One information_schema.COLUMNS attribute of a table's columns, by name, in column order. */
  static Map<String, String> columnAttribute(
      Connection connection, String database, String table, String attribute)
      throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT COLUMN_NAME, " + attribute + " FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          values.put(r.getString(1), r.getString(2));
        }
      }
    }
    return values;
  }

  /** Table names in one IN list at most, so a statement stays well under any packet limit. */
  private static final int TABLES_PER_QUERY = 500;

  /**
   * One information_schema.COLUMNS attribute of several tables' columns, by the table's name as
   * given, each in column order, in one query per {@value #TABLES_PER_QUERY} tables; a table
   * that does not exist is left out. The catalog compares names without regard to case, so the
   * rows are matched to the names here as the server's lower_case_table_names matches names.
   */
  static Map<String, Map<String, String>> columnAttribute(
      Connection connection, String database, Collection<String> tables,
      String attribute) throws SQLException {
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    if (tables.isEmpty()) {
      return values;
    }
    boolean anyCase;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT @@lower_case_table_names")) {
      anyCase = r.next() && r.getInt(1) != 0;
    }
    Map<String, String> asked = new HashMap<>();
    for (String table : tables) {
      asked.put(anyCase ? table.toLowerCase(Locale.ROOT) : table, table);
    }
    List<String> names = new ArrayList<>(tables);
    for (int from = 0; from < names.size(); from += TABLES_PER_QUERY) {
      List<String> part =
          names.subList(from, Math.min(names.size(), from + TABLES_PER_QUERY));
      String marks = String.join(", ", Collections.nCopies(part.size(), "?"));
      try (PreparedStatement s =
          connection.prepareStatement(
              "SELECT TABLE_NAME, COLUMN_NAME, " + attribute + " FROM information_schema.COLUMNS"
                  + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (" + marks + ")"
                  + " ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
        s.setString(1, database);
        for (int i = 0; i < part.size(); i++) {
          s.setString(i + 2, part.get(i));
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            String found = r.getString(1);
            String table = asked.get(anyCase ? found.toLowerCase(Locale.ROOT) : found);
            if (table != null) {
              values.computeIfAbsent(table, t -> new LinkedHashMap<>())
                  .put(r.getString(2), r.getString(3));
            }
          }
        }
      }
    }
    return values;
  }
}
