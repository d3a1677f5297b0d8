package dev.dbrestore.io.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
}
