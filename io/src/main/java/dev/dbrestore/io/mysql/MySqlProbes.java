package dev.dbrestore.io.mysql;

import dev.dbrestore.io.jdbc.TargetProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What the pre-check and the writers ask a MySQL or MariaDB target. */
final class MySqlProbes implements TargetProbe {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  @Override
  public Map<String, String> columnCharsets(Connection connection, String database, String table)
      throws SQLException {
    return MySqlQueries.columnAttribute(connection, database, table, "CHARACTER_SET_NAME");
  }

  @Override
  public Map<String, Map<String, String>> columnCharsets(
      Connection connection, String database, Collection<String> tables)
      throws SQLException {
    return MySqlQueries.columnAttribute(connection, database, tables, "CHARACTER_SET_NAME");
  }

  @Override
  public Map<String, Map<String, String>> columnTypes(
      Connection connection, String database, Collection<String> tables)
      throws SQLException {
    return MySqlQueries.columnAttribute(connection, database, tables, "COLUMN_TYPE");
  }

  @Override
  public Set<String> privileges(Connection connection, String database) throws SQLException {
    Set<String> privileges = new HashSet<>();
    String account = currentAccount(connection);
    int at = account.lastIndexOf('@');
    String grantee = "'" + account.substring(0, at) + "'@'" + account.substring(at + 1) + "'";
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?")) {
      s.setString(1, grantee);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          privileges.add(r.getString(1).toUpperCase(Locale.ROOT));
        }
      }
    }
    // Schema grants may name the database with LIKE wildcards (shop\_%).
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
                + " WHERE GRANTEE = ? AND ? LIKE TABLE_SCHEMA")) {
      s.setString(1, grantee);
      s.setString(2, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          privileges.add(r.getString(1).toUpperCase(Locale.ROOT));
        }
      }
    }
    return privileges;
  }

  @Override
  public Set<String> characterSets(Connection connection) throws SQLException {
    return MySqlQueries.names(connection, "SELECT CHARACTER_SET_NAME FROM information_schema.CHARACTER_SETS");
  }

  @Override
  public Set<String> collations(Connection connection) throws SQLException {
    return MySqlQueries.names(connection, "SELECT COLLATION_NAME FROM information_schema.COLLATIONS");
  }

  @Override
  public long maxAllowedPacket(Connection connection) throws SQLException {
    return MySqlQueries.number(connection, "SELECT @@GLOBAL.max_allowed_packet");
  }

  @Override
  public boolean isReadOnly(Connection connection) throws SQLException {
    if (Integer.parseInt(MySqlQueries.value(connection, "SELECT @@GLOBAL.read_only")) != 0) {
      return true;
    }
    try {
      String superReadOnly = MySqlQueries.value(connection, "SELECT @@GLOBAL.super_read_only");
      return superReadOnly != null && Integer.parseInt(superReadOnly) != 0;
    } catch (SQLException notMySql) {
      return false;
    }
  }

  @Override
  public long countRows(Connection connection, String database, String table)
      throws SQLException {
    return MySqlQueries.number(
        connection, "SELECT COUNT(*) FROM " + SQL.qualified(database, table));
  }

  /** Tables counted in one statement at most. */
  private static final int TABLES_PER_COUNT = 100;

  @Override
  public Map<String, Long> countRows(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    // One UNION ALL per hundred tables, each count labelled with its table's place: a schema
    // of many small tables paid a statement per table.
    List<String> names = new ArrayList<>(tables);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int from = 0; from < names.size(); from += TABLES_PER_COUNT) {
      int to = Math.min(names.size(), from + TABLES_PER_COUNT);
      StringBuilder sql = new StringBuilder();
      for (int i = from; i < to; i++) {
        if (i > from) {
          sql.append(" UNION ALL ");
        }
        sql.append("SELECT ").append(i).append(", COUNT(*) FROM ")
            .append(SQL.qualified(database, names.get(i)));
      }
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery(sql.toString())) {
        while (r.next()) {
          counts.put(names.get(r.getInt(1)), r.getLong(2));
        }
      }
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    names.forEach(name -> ordered.put(name, counts.get(name)));
    return ordered;
  }

  @Override
  public Map<String, String> columnTypes(Connection connection, String database, String table)
      throws SQLException {
    return MySqlQueries.columnAttribute(connection, database, table, "COLUMN_TYPE");
  }

  @Override
  public Set<String> engines(Connection connection) throws SQLException {
    return MySqlQueries.names(
        connection,
        "SELECT ENGINE FROM information_schema.ENGINES WHERE SUPPORT IN ('YES', 'DEFAULT')");
  }

  @Override
  public boolean eventSchedulerRunning(Connection connection) throws SQLException {
    String value = MySqlQueries.value(connection, "SELECT @@GLOBAL.event_scheduler");
    return "ON".equalsIgnoreCase(value) || "1".equals(value);
  }

  /** Versions compared by their first three numbers ("10.11.6-MariaDB" is 10.11.6). */
  @Override
  public String versionRefusal(String sourceVersion, String targetVersion) {
    return compareVersions(targetVersion, sourceVersion) < 0
        ? "The target runs " + targetVersion + ", older than the backup's source "
            + sourceVersion + "."
        : null;
  }

  /** Compares dotted version numbers by their first three numbers. */
  static int compareVersions(String a, String b) {
    int[] x = versionNumbers(a);
    int[] y = versionNumbers(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  private static int[] versionNumbers(String version) {
    int[] numbers = new int[3];
    String[] parts = version.split("[^0-9]+", 4);
    for (int i = 0; i < 3 && i < parts.length; i++) {
      numbers[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
    }
    return numbers;
  }

  @Override
  public String currentAccount(Connection connection) throws SQLException {
    return MySqlQueries.value(connection, "SELECT CURRENT_USER()");
  }
}
