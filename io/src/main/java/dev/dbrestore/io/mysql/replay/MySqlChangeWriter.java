package dev.dbrestore.io.mysql.replay;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The replay's statements for MySQL and MariaDB targets. */
public final class MySqlChangeWriter implements ChangeWriter {
  private static final long serialVersionUID = 1L;
  public static final MySqlChangeWriter INSTANCE = new MySqlChangeWriter();

  private MySqlChangeWriter() {}

  private Object readResolve() {
    return INSTANCE;
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  static String qualified(String database, String table) {
    return quote(database) + "." + quote(table);
  }

  @Override
  public CheckedDdl checkStructureStatement(
      String sessionDatabase, String statement, String sqlMode, Scope scope) {
    return StructureStatement.check(sessionDatabase, statement, sqlMode, scope);
  }

  @Override
  public void runStructureStatement(Connection connection, CheckedDdl ddl) throws SQLException {
    if (!ddl.apply()) {
      throw new IllegalArgumentException("Not a statement to apply: " + ddl.kind());
    }
    try (Statement s = connection.createStatement()) {
      s.execute(ddl.sql());
    }
  }

  @Override
  public String structureFingerprint(Connection connection, CheckedDdl ddl, Scope scope)
      throws SQLException {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (TableEffect effect : ddl.effects()) {
      List<String[]> names = new ArrayList<>();
      names.add(new String[] {effect.database(), effect.table()});
      if (effect.newDatabase() != null) {
        names.add(new String[] {effect.newDatabase(), effect.newTable()});
      }
      for (String[] name : names) {
        String database = scope.targetDatabase(name[0]);
        String sql = name[1] == null
            ? "SHOW CREATE DATABASE " + quote(database)
            : "SHOW CREATE TABLE " + qualified(database, scope.targetTable(name[0], name[1]));
        String shown;
        try (Statement s = connection.createStatement();
            java.sql.ResultSet r = s.executeQuery(sql)) {
          shown = r.next() ? r.getString(2) : "absent";
        } catch (SQLException e) {
          if (e.getErrorCode() != 1146 && e.getErrorCode() != 1049) {
            throw e; // anything but no such table, no such database
          }
          shown = "absent";
        }
        sha.update((sql + "\n" + shown + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  @Override
  public String deleteByKeys(
      String database, String table, List<String> keyColumns, int keys) {
    if (keys < 1) {
      throw new IllegalArgumentException("A delete by keys needs at least one key");
    }
    // One column: an IN list, a range read of the primary key. Several: a disjunction of
    // equalities, which the range optimizer reads the same way.
    if (keyColumns.size() == 1) {
      return "DELETE FROM " + qualified(database, table) + " WHERE " + quote(keyColumns.get(0))
          + " IN (" + String.join(", ", java.util.Collections.nCopies(keys, "?")) + ")";
    }
    String one = "(" + keyColumns.stream().map(k -> quote(k) + " = ?")
        .collect(Collectors.joining(" AND ")) + ")";
    return "DELETE FROM " + qualified(database, table) + " WHERE "
        + String.join(" OR ", java.util.Collections.nCopies(keys, one));
  }

  @Override
  public String insertRow(String database, String table, List<String> columns) {
    return "INSERT INTO " + qualified(database, table) + " ("
        + columns.stream().map(MySqlChangeWriter::quote).collect(Collectors.joining(", "))
        + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
  }

  @Override
  public String upsertRow(String database, String table, List<String> columns) {
    // VALUES(c) is the row that would have been inserted; every column set, so the row is the
    // image whatever it held.
    return insertRow(database, table, columns) + " ON DUPLICATE KEY UPDATE "
        + columns.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")")
            .collect(Collectors.joining(", "));
  }

  @Override
  public boolean hasUniqueSecondaryKey(Connection connection, String database, String table)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
            + " AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY' LIMIT 1")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  @Override
  public String deleteOneRow(String database, String table, List<ChangeLogReader.Column> columns) {
    return "DELETE FROM " + qualified(database, table) + " WHERE " + match(columns) + " LIMIT 1";
  }

  @Override
  public String updateOneRow(String database, String table, List<ChangeLogReader.Column> columns) {
    return "UPDATE " + qualified(database, table) + " SET "
        + columns.stream().map(c -> quote(c.name()) + " = ?").collect(Collectors.joining(", "))
        + " WHERE " + match(columns) + " LIMIT 1";
  }

  /**
   * Every column equal, NULL to NULL ({@code <=>}). Text is compared by its bytes as well: under
   * a case- or accent-insensitive collation (or PAD SPACE) the plain comparison matches rows a
   * duplicate-keeping table tells apart; the plain one stays so that an index can serve.
   */
  private static String match(List<ChangeLogReader.Column> columns) {
    List<String> parts = new ArrayList<>();
    for (ChangeLogReader.Column c : columns) {
      String name = quote(c.name());
      parts.add(name + " <=> ?");
      if (c.encoding() == ColumnEncoding.TEXT) {
        parts.add("CAST(CONVERT(" + name + " USING utf8mb4) AS BINARY) <=> CAST(? AS BINARY)");
      }
    }
    return String.join(" AND ", parts);
  }

  @Override
  public int bindRowMatch(
      Dialect dialect,
      PreparedStatement statement,
      int index,
      List<ChangeLogReader.Column> columns,
      Object[] image)
      throws SQLException {
    for (int i = 0; i < columns.size(); i++) {
      ColumnEncoding encoding = columns.get(i).encoding();
      dialect.bindValue(statement, index++, encoding, image[i]);
      if (encoding == ColumnEncoding.TEXT) {
        dialect.bindValue(statement, index++, encoding, image[i]);
      }
    }
    return index;
  }
}
