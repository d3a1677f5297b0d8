package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.RowWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a SQL Server restore session writes rows: its SET options, and the INSERT (stop) or MERGE
 * (ignore, overwrite) of each conflict policy, matched on the table's primary key.
 */
public final class SqlServerRowWriter implements RowWriter {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  private static final SqlServerLoadStatements LOAD = new SqlServerLoadStatements();

  /**
   * The session options a restore runs under: those indexed views, computed-column indexes and
   * filtered indexes require, an error that aborts the whole transaction, and dates read
   * year-month-day whatever the login's language.
   */
  public static final List<String> SESSION_SETTINGS =
      List.of(
          "SET XACT_ABORT ON",
          "SET ANSI_NULLS ON",
          "SET ANSI_PADDING ON",
          "SET ANSI_WARNINGS ON",
          "SET ARITHABORT ON",
          "SET CONCAT_NULL_YIELDS_NULL ON",
          "SET QUOTED_IDENTIFIER ON",
          "SET NUMERIC_ROUNDABORT OFF",
          "SET DATEFORMAT ymd");

  @Override
  public void prepareRestoreSession(Connection connection, Manifest.Source source)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String setting : SESSION_SETTINGS) {
        s.execute(setting);
      }
    }
  }

  /** SQL Server has no per-session switch for its transaction log. */
  @Override
  public void disableBinlog(Connection connection) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "SQL Server has no session switch that keeps writes out of its transaction log.");
  }

  @Override
  public String disableBinlogPrivilege() {
    return "none (SQL Server has no such switch)";
  }

  /**
   * Without the key only the stop policy has a statement: ignore and overwrite match rows on it
   * ({@link #insertStatement(String, String, List, List, DataConflictPolicy)}).
   */
  @Override
  public String insertStatement(
      String database, String table, List<Manifest.Column> columns, DataConflictPolicy policy) {
    if (policy != DataConflictPolicy.STOP) {
      throw new UnsupportedOperationException(
          "A SQL Server " + policy + " statement matches rows on the table's key; pass it.");
    }
    return insertStatement(database, table, columns, List.of(), policy);
  }

  @Override
  public String insertStatement(
      String database, String table, List<Manifest.Column> columns, List<String> key,
      DataConflictPolicy policy) {
    String target = SQL.qualified(database, table);
    String names = columns.stream().map(c -> SQL.quote(c.name())).collect(Collectors.joining(", "));
    String values =
        columns.stream().map(SqlServerValues::placeholder).collect(Collectors.joining(", "));
    if (policy == DataConflictPolicy.STOP || key.isEmpty()) {
      // A table without a key has no duplicates to recognise: every row is written.
      return "INSERT INTO " + target + " (" + names + ") VALUES (" + values + ")";
    }
    String on = key.stream()
        .map(k -> "t." + SQL.quote(k) + " = s." + SQL.quote(k))
        .collect(Collectors.joining(" AND "));
    String sourceValues =
        columns.stream().map(c -> "s." + SQL.quote(c.name())).collect(Collectors.joining(", "));
    // HOLDLOCK: without it two sessions may both find a key missing and both insert it.
    StringBuilder merge = new StringBuilder("MERGE INTO ").append(target)
        .append(" WITH (HOLDLOCK) AS t USING (VALUES (").append(values).append(")) AS s (")
        .append(names).append(") ON ").append(on);
    if (policy == DataConflictPolicy.OVERWRITE) {
      List<String> updates = columns.stream()
          .filter(c -> !key.contains(c.name()))
          .map(c -> "t." + SQL.quote(c.name()) + " = s." + SQL.quote(c.name()))
          .toList();
      if (!updates.isEmpty()) {
        merge.append(" WHEN MATCHED THEN UPDATE SET ").append(String.join(", ", updates));
      }
    }
    return merge.append(" WHEN NOT MATCHED THEN INSERT (").append(names)
        .append(") VALUES (").append(sourceValues).append(");").toString();
  }

  /**
   * Identity values are inserted as stored: IDENTITY_INSERT on for the table, where it has an
   * identity column (a table without one refuses the setting), one table per session at a time.
   */
  @Override
  public List<String> beforeInsert(String database, String table) {
    return List.of(identityInsert(database, table, "ON"));
  }

  /** IDENTITY_INSERT off again, so the session's next table may turn it on. */
  @Override
  public List<String> afterInsert(String database, String table) {
    return List.of(identityInsert(database, table, "OFF"));
  }

  @Override
  public boolean hasTableLoadStatements() {
    return true;
  }

  /**
   * Constraints not checked and triggers not fired while the table's chunks are written (each
   * statement leaves the table as it finds it when run again).
   */
  @Override
  public void beforeTableLoad(Connection connection, String database, String table)
      throws SQLException {
    execute(connection, beforeTableLoadStatements(database, table));
  }

  /** What {@link #beforeTableLoad} runs: identity values are each chunk's session's own. */
  static List<String> beforeTableLoadStatements(String database, String table) {
    return LOAD.beforeLoad(database, table, false);
  }

  /**
   * Every row checked against the constraints again, so the server trusts them, and triggers
   * enabled; a row that breaks one fails here (error 547), before any later stage runs.
   */
  @Override
  public void afterTableLoad(Connection connection, String database, String table)
      throws SQLException {
    execute(connection, afterTableLoadStatements(database, table));
  }

  /** What {@link #afterTableLoad} runs. */
  static List<String> afterTableLoadStatements(String database, String table) {
    return LOAD.afterLoad(database, table, false);
  }

  private static void execute(Connection connection, List<String> statements)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static String identityInsert(String database, String table, String onOrOff) {
    String name = SQL.qualified(database, table);
    return "IF OBJECTPROPERTY(OBJECT_ID(" + SqlServerSchemaWriter.literal(name)
        + "), 'TableHasIdentity') = 1 SET IDENTITY_INSERT " + name + " " + onOrOff;
  }
}
