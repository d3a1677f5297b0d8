package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.jdbc.JournalStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The restore journal on SQL Server: two tables in a schema of their own ({@code
 * [dbrestore_journal]}) of the database the target URL names, so a chunk's rows and its entry
 * commit in one transaction of one session.
 */
public final class SqlServerJournal implements JournalStatements {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  private static final Map<String, Set<String>> JOURNAL_TABLES =
      Map.of(
          "chunks_done", Set.of("task_id", "chunk_file", "target_table", "row_count", "done_at"),
          "objects_done", Set.of("task_id", "object", "done_at"));

  /**
   * The statements that create the journal if it is missing. CREATE SCHEMA must be alone in its
   * batch, hence EXEC. The objects key is nonclustered: a clustered key holds 900 bytes at most.
   */
  static List<String> createStatements(String schema) {
    String chunks = table(schema, "chunks_done");
    String objects = table(schema, "objects_done");
    return List.of(
        "IF SCHEMA_ID(" + SqlServerSchemaWriter.literal(schema) + ") IS NULL EXEC("
            + SqlServerSchemaWriter.literal("CREATE SCHEMA " + SQL.quote(schema)) + ")",
        "IF OBJECT_ID(" + SqlServerSchemaWriter.literal(chunks) + ", N'U') IS NULL CREATE TABLE "
            + chunks + " (task_id nvarchar(64) NOT NULL, chunk_file nvarchar(255) NOT NULL,"
            + " target_table nvarchar(400) NOT NULL, row_count bigint NOT NULL,"
            + " done_at datetime2(6) NOT NULL DEFAULT SYSUTCDATETIME(),"
            + " PRIMARY KEY CLUSTERED (task_id, chunk_file))",
        "IF OBJECT_ID(" + SqlServerSchemaWriter.literal(objects) + ", N'U') IS NULL CREATE TABLE "
            + objects + " (task_id nvarchar(64) NOT NULL, object nvarchar(400) NOT NULL,"
            + " done_at datetime2(6) NOT NULL DEFAULT SYSUTCDATETIME(),"
            + " PRIMARY KEY NONCLUSTERED (task_id, object))");
  }

  /**
   * Records an object once: the range lock (UPDLOCK, HOLDLOCK) keeps two sessions from both
   * finding it missing.
   */
  static String markObjectStatement(String schema) {
    String objects = table(schema, "objects_done");
    return "INSERT INTO " + objects + " (task_id, object) SELECT ?, ? WHERE NOT EXISTS"
        + " (SELECT 1 FROM " + objects + " WITH (UPDLOCK, HOLDLOCK)"
        + " WHERE task_id = ? AND object = ?)";
  }

  private static String table(String schema, String table) {
    return SQL.quote(schema) + "." + SQL.quote(table);
  }

  @Override
  public void createJournal(Connection connection, String schema) throws SQLException {
    String database = SqlServerQueries.value(connection, "SELECT DB_NAME()");
    if (SQL.isSystemSchema(database)) {
      throw new UserError(
          "The target URL connects to the server's own database " + database + ", where the"
              + " restore journal may not go; name a database in the URL (databaseName=...).");
    }
    try (Statement s = connection.createStatement()) {
      for (String statement : createStatements(schema)) {
        s.execute(statement);
      }
    }
  }

  @Override
  public boolean isChunkDone(Connection connection, String schema, String taskId, String chunkFile)
      throws SQLException {
    // READ COMMITTED takes no range lock on a missing key (SERIALIZABLE would).
    return SqlServerQueries.exists(connection,
        "SELECT 1 FROM " + table(schema, "chunks_done") + " WHERE task_id = ? AND chunk_file = ?",
        taskId, chunkFile);
  }

  @Override
  public void markChunkDone(
      Connection connection, String schema, String taskId, String chunkFile, String targetTable,
      long rows)
      throws SQLException {
    SqlServerQueries.update(connection,
        "INSERT INTO " + table(schema, "chunks_done")
            + " (task_id, chunk_file, target_table, row_count) VALUES (?, ?, ?, ?)",
        taskId, chunkFile, targetTable, rows);
  }

  @Override
  public Set<String> chunksDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return recorded(connection, schema, "chunks_done",
        "SELECT chunk_file FROM %s WHERE task_id = ?", taskId);
  }

  @Override
  public Map<String, Long> journaledRows(Connection connection, String schema, String taskId)
      throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    if (journalTableExists(connection, schema, "chunks_done")) {
      SqlServerQueries.forEachRow(connection,
          "SELECT target_table, SUM(row_count) FROM " + table(schema, "chunks_done")
              + " WHERE task_id = ? GROUP BY target_table",
          r -> rows.put(r.getString(1), r.getLong(2)), taskId);
    }
    return rows;
  }

  /** The objects recorded, without the stop mark (an entry of its own, no object's). */
  @Override
  public Set<String> objectsDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return recorded(connection, schema, "objects_done",
        "SELECT object FROM %s WHERE task_id = ? AND object <> ?", taskId, Journal.STOP_ENTRY);
  }

  /** What a journal table's query (%s for the table) finds; nothing while it has no table. */
  private static Set<String> recorded(
      Connection connection, String schema, String table, String query, Object... parameters)
      throws SQLException {
    Set<String> values = new HashSet<>();
    if (journalTableExists(connection, schema, table)) {
      SqlServerQueries.forEachRow(connection, String.format(query, table(schema, table)),
          r -> values.add(r.getString(1)), parameters);
    }
    return values;
  }

  private static boolean journalTableExists(Connection connection, String schema, String table)
      throws SQLException {
    return SqlServerQueries.exists(connection,
        "SELECT 1 WHERE OBJECT_ID(?, N'U') IS NOT NULL", table(schema, table));
  }

  @Override
  public void markObjectDone(Connection connection, String schema, String taskId, String object)
      throws SQLException {
    SqlServerQueries.update(
        connection, markObjectStatement(schema), taskId, object, taskId, object);
  }

  @Override
  public void clearStop(Connection connection, String schema, String taskId)
      throws SQLException {
    SqlServerQueries.update(connection,
        "DELETE FROM " + table(schema, "objects_done") + " WHERE task_id = ? AND object = ?",
        taskId, Journal.STOP_ENTRY);
  }

  @Override
  public boolean isStopped(Connection connection, String schema, String taskId)
      throws SQLException {
    return SqlServerQueries.exists(connection,
        "SELECT 1 FROM " + table(schema, "objects_done") + " WHERE task_id = ? AND object = ?",
        taskId, Journal.STOP_ENTRY);
  }

  @Override
  public boolean dropJournal(Connection connection, String schema) throws SQLException {
    if (!SqlServerQueries.exists(connection, "SELECT 1 WHERE SCHEMA_ID(?) IS NOT NULL", schema)) {
      return false;
    }
    List<String> foreign = notJournal(connection, schema);
    if (!foreign.isEmpty()) {
      throw Journal.holdsMore(SQL.quote(schema), foreign);
    }
    try (Statement s = connection.createStatement()) {
      for (String journalTable : JOURNAL_TABLES.keySet()) {
        s.execute("DROP TABLE IF EXISTS " + table(schema, journalTable));
      }
      s.execute("DROP SCHEMA " + SQL.quote(schema));
    }
    return true;
  }

  /**
   * Objects of the schema: tables, views, routines, sequences and any trigger (a trigger's
   * parent is a table; constraints are left out, they belong to their table).
   */
  static final String SCHEMA_OBJECTS =
      "SELECT o.name, o.type, o.type_desc FROM sys.objects o WHERE o.schema_id = SCHEMA_ID(?)"
          + " AND (o.parent_object_id = 0 OR o.type = 'TR') ORDER BY o.name";

  @Override
  public List<String> notJournal(Connection connection, String schema) throws SQLException {
    List<String> foreign = new ArrayList<>();
    Map<String, Set<String>> columns = new LinkedHashMap<>();
    SqlServerQueries.forEachRow(connection, SCHEMA_OBJECTS, r -> {
      String name = r.getString(1);
      if (r.getString(2).strip().equals("U") && JOURNAL_TABLES.containsKey(name)) {
        columns.put(name, new HashSet<>());
      } else {
        foreign.add(r.getString(3).toLowerCase(Locale.ROOT).replace("user_table", "table")
            .replace('_', ' ') + " " + SQL.quote(name));
      }
    }, schema);
    SqlServerQueries.forEachRow(connection,
        "SELECT t.name, c.name FROM sys.tables t JOIN sys.columns c ON c.object_id = t.object_id"
            + " WHERE t.schema_id = SCHEMA_ID(?)",
        r -> {
          Set<String> of = columns.get(r.getString(1));
          if (of != null) {
            of.add(r.getString(2));
          }
        }, schema);
    columns.forEach((journalTable, found) -> {
      if (!found.equals(JOURNAL_TABLES.get(journalTable))) {
        foreign.add("table " + SQL.quote(journalTable) + " with other columns than the journal's");
      }
    });
    return foreign;
  }
}
