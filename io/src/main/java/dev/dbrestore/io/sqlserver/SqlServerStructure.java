package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.SchemaWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a SQL Server restore's checked structure: the database, its sequences, each table's
 * batch (schema, table, indexes), the deferred indexes after the rows and the foreign keys once
 * every table exists, and each module in its database's context under the settings it was
 * created with.
 */
public final class SqlServerStructure implements SchemaWriter {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  /** A database's tables, views, functions, procedures and triggers with their kind's word. */
  static String objectsQuery(String database) {
    String sys = SQL.quote(database) + ".sys.";
    return "SELECT CASE o.type WHEN 'U' THEN 'table' WHEN 'V' THEN 'view' WHEN 'P' THEN"
        + " 'procedure' WHEN 'TR' THEN 'trigger' ELSE 'function' END, s.name, o.name"
        + " FROM " + sys + "objects o JOIN " + sys + "schemas s ON s.schema_id = o.schema_id"
        + " WHERE o.is_ms_shipped = 0 AND o.type IN ('U', 'V', 'P', 'TR', 'FN', 'IF', 'TF')"
        + " ORDER BY s.name, o.name";
  }

  @Override
  public List<String> existingObjects(Connection connection, String database)
      throws SQLException {
    List<String> objects = new ArrayList<>();
    if (SqlServerQueries.exists(connection, "SELECT 1 WHERE DB_ID(?) IS NOT NULL", database)) {
      SqlServerQueries.forEachRow(connection, objectsQuery(database), r -> objects.add(
          r.getString(1) + " " + SQL.qualified(database, r.getString(2) + "." + r.getString(3))));
    }
    return objects;
  }

  /** CREATE DATABASE, with the source database's collation, when there is none of the name. */
  static String createDatabaseStatement(Manifest.Database database) {
    String where = "database " + database.name();
    return "IF DB_ID(" + SqlServerSchemaWriter.literal(database.name()) + ") IS NULL"
        + " CREATE DATABASE " + SQL.quote(database.name())
        + (database.collation() == null ? ""
            : " COLLATE " + new SqlServerStatementCheck().checkCollation(where, database.collation()));
  }

  @Override
  public void createDatabase(Connection connection, Manifest.Database database)
      throws SQLException {
    execute(connection, List.of(createDatabaseStatement(database)));
  }

  /** The checked batch: the schema if missing, the sequence only if there is none. */
  @Override
  public void createSequence(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    execute(connection, List.of(create.sql()));
  }

  @Override
  public void createTable(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    execute(connection, List.of(create.sql()));
  }

  /** The T-SQL of a deferred index or foreign key for its table, and the query for its name. */
  static String[] deferredStatement(String database, String table, String checkedJson) {
    SqlServerDefinitions.Deferred deferred = SqlServerDefinitions.read(
        "index", "the checked statements", checkedJson, SqlServerDefinitions.Deferred.class);
    SqlServerTableDefinition target = new SqlServerTableDefinition(
        SqlServerSyntax.schemaOf(table), SqlServerSyntax.nameOf(table), List.of(), null,
        List.of(), List.of(), List.of(), List.of());
    String sys = SQL.quote(database) + ".sys.";
    if (deferred.index() != null) {
      return new String[] {
          new SqlServerSchemaWriter().createIndex(database, target, deferred.index()),
          "SELECT 1 FROM " + sys + "indexes WHERE object_id = OBJECT_ID(?) AND name = ?",
          deferred.index().name()};
    }
    return new String[] {
        new SqlServerSchemaWriter().addForeignKey(database, target, deferred.foreignKey()),
        "SELECT 1 FROM " + sys + "foreign_keys WHERE parent_object_id = OBJECT_ID(?) AND name = ?",
        deferred.foreignKey().name()};
  }

  @Override
  public void addIndexes(
      Connection connection, String database, String table, List<CheckedStatement> definitions)
      throws SQLException {
    for (CheckedStatement definition : definitions) {
      String[] statement = deferredStatement(database, table, definition.sql());
      if (!SqlServerQueries.exists(
          connection, statement[1], SQL.qualified(database, table), statement[2])) {
        execute(connection, List.of(statement[0]));
      }
    }
  }

  /**
   * A module's statements: its two settings, then its definition alone in a batch of its
   * database (CREATE VIEW, FUNCTION, PROCEDURE and TRIGGER must each be first in their batch).
   */
  static List<String> moduleStatements(String database, CheckedStatement create) {
    List<String> statements = new ArrayList<>();
    for (String setting : create.sqlMode().split(",\\s*")) {
      statements.add("SET " + setting);
    }
    statements.add("EXEC " + SQL.quote(database) + ".sys.sp_executesql "
        + SqlServerSchemaWriter.literal(create.sql()));
    return statements;
  }

  @Override
  public void createSchemaObject(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    execute(connection, moduleStatements(database, create));
  }

  /** SQL Server has no events. */
  @Override
  public void disableEvent(Connection connection, String database, String event) {}

  private static void execute(Connection connection, List<String> statements)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
