package dev.dbrestore.io.sqlserver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Small queries the SQL Server roles run, with every value bound as a parameter. */
final class SqlServerQueries {
  private SqlServerQueries() {}

  /** What is done with each row of a query's result. */
  interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /** Runs a query with its parameters bound, handing each row to {@code reader}. */
  static void forEachRow(
      Connection connection, String sql, RowReader reader, Object... parameters)
      throws SQLException {
    try (PreparedStatement s = prepare(connection, sql, parameters);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        reader.read(r);
      }
    }
  }

  /** The first column of the first row, as text (null when there is no row). */
  static String value(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement s = prepare(connection, sql, parameters);
        ResultSet r = s.executeQuery()) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /** Whether the query returns a row. */
  static boolean exists(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement s = prepare(connection, sql, parameters);
        ResultSet r = s.executeQuery()) {
      return r.next();
    }
  }

  /** Runs a statement that returns no rows; the rows it changed. */
  static int update(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement s = prepare(connection, sql, parameters)) {
      return s.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters)
      throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }
}
