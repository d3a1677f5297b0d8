package dev.dbrestore.io.mysql;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.RowWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a MySQL or MariaDB restore session writes rows: its settings, sql_mode and the INSERT of
 * each conflict policy.
 */
final class MySqlRowWriter implements RowWriter {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  @Override
  public void disableBinlog(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION sql_log_bin = 0");
    }
  }

  @Override
  public String disableBinlogPrivilege() {
    return "BINLOG ADMIN (MariaDB) or SUPER";
  }

  @Override
  public void prepareRestoreSession(Connection connection, Manifest.Source source)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET NAMES utf8mb4");
      s.execute("SET SESSION time_zone = '+00:00'");
      s.execute("SET SESSION foreign_key_checks = 0");
    }
    try (PreparedStatement s = connection.prepareStatement("SET SESSION sql_mode = ?")) {
      s.setString(1, restoreSqlMode(source.sqlMode()));
      s.execute();
    }
  }

  /**
   * Modes that change how this tool's own statements are read (the bulk loader's separators and
   * escapes are written with backslashes) or how values read back: never on a restore session.
   */
  private static final Set<String> DATA_PATH_MODES =
      Set.of("NO_BACKSLASH_ESCAPES", "PAD_CHAR_TO_FULL_LENGTH");

  /**
   * The source's sql_mode without the modes that change how the data path's text is read, plus
   * NO_AUTO_VALUE_ON_ZERO, so a stored 0 stays 0.
   */
  static String restoreSqlMode(String sourceMode) {
    List<String> modes = new ArrayList<>();
    for (String mode : (sourceMode == null ? "" : sourceMode).split(",")) {
      String name = mode.strip();
      if (!name.isEmpty() && !DATA_PATH_MODES.contains(name.toUpperCase(Locale.ROOT))) {
        modes.add(name);
      }
    }
    if (!modes.contains("NO_AUTO_VALUE_ON_ZERO")) {
      modes.add("NO_AUTO_VALUE_ON_ZERO");
    }
    return String.join(",", modes);
  }

  @Override
  public String insertStatement(
      String database, String table, List<Manifest.Column> columns, DataConflictPolicy policy) {
    String names = columns.stream().map(c -> SQL.quote(c.name())).collect(Collectors.joining(", "));
    String values = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String into = SQL.qualified(database, table) + " (" + names + ") VALUES (" + values + ")";
    return switch (policy) {
      case STOP -> "INSERT INTO " + into;
      // Not INSERT IGNORE: that also hides truncation and other errors. A no-op update on a
      // duplicate key skips exactly the rows whose key exists.
      case IGNORE -> {
        String first = SQL.quote(columns.get(0).name());
        yield "INSERT INTO " + into + " ON DUPLICATE KEY UPDATE " + first + " = " + first;
      }
      // REPLACE deletes the row holding the key, then inserts: "delete first, then rewrite".
      case OVERWRITE -> "REPLACE INTO " + into;
    };
  }
}
