package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.StatementCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a SQL Server database's views, functions, procedures and triggers from sys.sql_modules,
 * each with the objects it names (sys.sql_expression_dependencies, for the order a restore
 * creates them in),
 * each definition checked by {@link SqlServerStatementCheck#checkModule} as it is read, and its
 * sequences from sys.sequences (each checked as {@link SqlServerSchemaWriter#createSequence}
 * writes it).
 *
 * <p>A module's {@code sqlMode} holds the two settings it was created under and must be created
 * under again ("ANSI_NULLS ON, QUOTED_IDENTIFIER ON").
 */
public final class SqlServerModules {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  private final SqlServerStatementCheck check = new SqlServerStatementCheck();

  /** The sys.objects types of each kind of module. */
  static String types(StatementCheck.Kind kind) {
    return switch (kind) {
      case VIEW -> "'V'";
      case FUNCTION -> "'FN', 'IF', 'TF'";
      case PROCEDURE -> "'P'";
      case TRIGGER -> "'TR'";
      default -> throw new IllegalArgumentException("SQL Server has no " + kind);
    };
  }

  /**
   * The modules of a kind: schema, name, definition, the trigger's table (schema and name) and
   * the two settings. Database triggers (no parent table) are left out: they are no table's.
   */
  static String modulesQuery(String database, StatementCheck.Kind kind) {
    String sys = SQL.quote(database) + ".sys.";
    return "SELECT s.name, o.name, m.definition, ps.name, po.name, m.uses_ansi_nulls,"
        + " m.uses_quoted_identifier FROM " + sys + "sql_modules m"
        + " JOIN " + sys + "objects o ON o.object_id = m.object_id"
        + " JOIN " + sys + "schemas s ON s.schema_id = o.schema_id"
        + " LEFT JOIN " + sys + "objects po ON po.object_id = o.parent_object_id"
        + " LEFT JOIN " + sys + "schemas ps ON ps.schema_id = po.schema_id"
        + " WHERE o.is_ms_shipped = 0 AND o.type IN (" + types(kind) + ")"
        + (kind == StatementCheck.Kind.TRIGGER ? " AND o.parent_object_id <> 0" : "")
        + " ORDER BY s.name, o.name";
  }

  /**
   * What each module of a database names in the same database, resolved by the server:
   * referencing schema and name, referenced schema and name. Names that the server could not
   * bind to an object (a table a procedure creates, say) and those of other databases are left
   * out; a module naming itself too.
   */
  static String referencesQuery(String database) {
    String sys = SQL.quote(database) + ".sys.";
    return "SELECT DISTINCT s.name, o.name, rs.name, ro.name"
        + " FROM " + sys + "sql_expression_dependencies d"
        + " JOIN " + sys + "objects o ON o.object_id = d.referencing_id"
        + " JOIN " + sys + "schemas s ON s.schema_id = o.schema_id"
        + " JOIN " + sys + "objects ro ON ro.object_id = d.referenced_id"
        + " JOIN " + sys + "schemas rs ON rs.schema_id = ro.schema_id"
        + " WHERE d.referencing_class = 1 AND d.referenced_class = 1"
        + " AND d.referenced_server_name IS NULL AND d.referenced_database_name IS NULL"
        + " AND ro.object_id <> o.object_id"
        + " ORDER BY s.name, o.name, rs.name, ro.name";
  }

  /** Each module's references, by its "schema.name". */
  private static java.util.Map<String, List<String>> references(
      Connection connection, String database) throws SQLException {
    java.util.Map<String, List<String>> references = new java.util.HashMap<>();
    SqlServerQueries.forEachRow(connection, referencesQuery(database), r ->
        references.computeIfAbsent(SqlServerSyntax.tableName(r.getString(1), r.getString(2)),
            k -> new ArrayList<>()).add(SqlServerSyntax.tableName(r.getString(3), r.getString(4))));
    return references;
  }

  /** The module settings as a backup set keeps them. */
  static String settings(boolean ansiNulls, boolean quotedIdentifier) {
    return "ANSI_NULLS " + (ansiNulls ? "ON" : "OFF") + ", QUOTED_IDENTIFIER "
        + (quotedIdentifier ? "ON" : "OFF");
  }

  /** The views, functions, procedures or triggers of a database, each checked. */
  public List<Manifest.SchemaObject> modules(
      Connection connection, String database, StatementCheck.Kind kind) throws SQLException {
    List<Manifest.SchemaObject> modules = new ArrayList<>();
    java.util.Map<String, List<String>> references = references(connection, database);
    SqlServerQueries.forEachRow(connection, modulesQuery(database, kind), r -> {
      String name = SqlServerSyntax.tableName(r.getString(1), r.getString(2));
      String where = kind.word().toLowerCase(Locale.ROOT) + " " + name + " of " + database;
      String definition = r.getString(3);
      if (definition == null) {
        throw new UserError("The " + where + " is encrypted (WITH ENCRYPTION), so its definition"
            + " cannot be backed up; recreate it without encryption or leave it out.");
      }
      String table = r.getString(5) == null ? null
          : SqlServerSyntax.tableName(r.getString(4), r.getString(5));
      check.checkModule(kind, where, r.getString(1), r.getString(2), table, definition);
      modules.add(new Manifest.SchemaObject(name, table, definition, null,
          settings(r.getBoolean(6), r.getBoolean(7)), null, null,
          List.copyOf(references.getOrDefault(name, List.of()))));
    });
    return modules;
  }

  /** A sequence's settings, from sys.sequences. */
  static String sequencesQuery(String database) {
    String sys = SQL.quote(database) + ".sys.";
    return "SELECT s.name, q.name, t.name, q.precision, CAST(q.start_value AS nvarchar(40)),"
        + " CAST(q.increment AS nvarchar(40)), CAST(q.minimum_value AS nvarchar(40)),"
        + " CAST(q.maximum_value AS nvarchar(40)), q.is_cycling, q.is_cached, q.cache_size,"
        + " CAST(q.last_used_value AS nvarchar(40))"
        + " FROM " + sys + "sequences q JOIN " + sys + "schemas s ON s.schema_id = q.schema_id"
        + " JOIN " + sys + "types t ON t.user_type_id = q.user_type_id ORDER BY s.name, q.name";
  }

  /**
   * A sequence as a backup set keeps it; a decimal or numeric type gets its precision. Checked
   * as read (its T-SQL written once), as a restore checks it again.
   */
  static Manifest.Sequence sequence(
      String schema, String name, String type, int precision, String start, String increment,
      String minimum, String maximum, boolean cycling, boolean cached, Integer cacheSize,
      String lastUsed) {
    String spelled = type.equals("decimal") || type.equals("numeric")
        ? type + "(" + precision + ",0)" : type;
    Manifest.Sequence sequence = new Manifest.Sequence(SqlServerSyntax.tableName(schema, name),
        spelled, start, increment, minimum, maximum, cycling, cached, cacheSize, lastUsed);
    new SqlServerSchemaWriter().createSequence("checked", sequence);
    return sequence;
  }

  /** The database's sequences, each checked. */
  public List<Manifest.Sequence> sequences(Connection connection, String database)
      throws SQLException {
    List<Manifest.Sequence> sequences = new ArrayList<>();
    SqlServerQueries.forEachRow(connection, sequencesQuery(database), r -> {
      int cache = r.getInt(11);
      Integer cacheSize = r.wasNull() ? null : cache;
      sequences.add(sequence(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
          r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getBoolean(9),
          r.getBoolean(10), cacheSize, r.getString(12)));
    });
    return sequences;
  }
}
