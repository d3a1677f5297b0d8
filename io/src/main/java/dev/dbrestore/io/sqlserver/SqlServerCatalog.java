package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a SQL Server database's tables from its sys.* views: schemas, columns (types spelled as
 * a CREATE TABLE takes them, identity, computed, rowversion, defaults, collations), primary and
 * unique keys, checks, foreign keys and secondary indexes. Names are bound as parameters; the
 * database is quoted into the three-part names of the views.
 */
public final class SqlServerCatalog {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  /** The database's user tables, "schema.table", in name order. */
  public List<String> tables(Connection connection, String database) throws SQLException {
    List<String> tables = new ArrayList<>();
    SqlServerQueries.forEachRow(connection,
        "SELECT s.name, t.name FROM " + views(database, "tables") + " t JOIN "
            + views(database, "schemas") + " s ON s.schema_id = t.schema_id"
            + " WHERE t.is_ms_shipped = 0 ORDER BY s.name, t.name",
        r -> tables.add(SqlServerSyntax.tableName(r.getString(1), r.getString(2))));
    return tables;
  }

  /** One table's definition ("schema.table"). */
  public SqlServerTableDefinition readTable(Connection connection, String database, String table)
      throws SQLException {
    String schema = SqlServerSyntax.schemaOf(table);
    String name = SqlServerSyntax.nameOf(table);
    int id = objectId(connection, database, schema, name);
    return new SqlServerTableDefinition(
        schema, name, columns(connection, database, id), keys(connection, database, id, "PK")
            .stream().findFirst().orElse(null),
        keys(connection, database, id, "UQ"), checks(connection, database, id),
        foreignKeys(connection, database, id), indexes(connection, database, id));
  }

  private static String views(String database, String view) {
    return SQL.quote(database) + ".sys." + view;
  }

  private int objectId(Connection connection, String database, String schema, String name)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT t.object_id FROM " + views(database, "tables") + " t JOIN "
            + views(database, "schemas") + " s ON s.schema_id = t.schema_id"
            + " WHERE s.name = ? AND t.name = ?")) {
      s.setString(1, schema);
      s.setString(2, name);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new UserError("The SQL Server database " + database + " has no table "
              + schema + "." + name + ".");
        }
        return r.getInt(1);
      }
    }
  }

  private List<SqlServerTableDefinition.Column> columns(
      Connection connection, String database, int id) throws SQLException {
    List<SqlServerTableDefinition.Column> columns = new ArrayList<>();
    SqlServerQueries.forEachRow(connection,
        "SELECT c.name, ty.name, ty.is_user_defined, c.max_length, c.precision, c.scale,"
            + " c.is_nullable, CAST(ic.seed_value AS bigint), CAST(ic.increment_value AS bigint),"
            + " cc.definition, cc.is_persisted, dc.name, dc.definition, c.collation_name"
            + " FROM " + views(database, "columns") + " c"
            + " JOIN " + views(database, "types") + " ty ON ty.user_type_id = c.user_type_id"
            + " LEFT JOIN " + views(database, "identity_columns") + " ic"
            + " ON ic.object_id = c.object_id AND ic.column_id = c.column_id"
            + " LEFT JOIN " + views(database, "computed_columns") + " cc"
            + " ON cc.object_id = c.object_id AND cc.column_id = c.column_id"
            + " LEFT JOIN " + views(database, "default_constraints") + " dc"
            + " ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id"
            + " WHERE c.object_id = ? ORDER BY c.column_id",
        r -> {
          String columnName = r.getString(1);
          if (r.getBoolean(3)) {
            throw new UserError("The column " + columnName + " has the user-defined type "
                + r.getString(2) + ", which this version cannot back up yet.");
          }
          String type = spelledType(r.getString(2), r.getInt(4), r.getInt(5), r.getInt(6));
          long seed = r.getLong(8);
          SqlServerTableDefinition.Identity identity =
              r.wasNull() ? null : new SqlServerTableDefinition.Identity(seed, r.getLong(9));
          String computed = r.getString(10);
          columns.add(new SqlServerTableDefinition.Column(
              columnName, type, r.getBoolean(7), identity, computed,
              computed != null && r.getBoolean(11), r.getString(12), r.getString(13),
              computed == null ? r.getString(14) : null));
        }, id);
    return columns;
  }

  /**
   * A type as a CREATE TABLE spells it, from sys.columns: lengths in bytes (halved for Unicode
   * types, -1 for max), precision and scale where the type takes them.
   */
  static String spelledType(String name, int maxLength, int precision, int scale) {
    String type = name.toLowerCase(Locale.ROOT);
    return switch (type) {
      case "char", "varchar", "binary", "varbinary" ->
          type + "(" + (maxLength == -1 ? "max" : String.valueOf(maxLength)) + ")";
      case "nchar", "nvarchar" ->
          type + "(" + (maxLength == -1 ? "max" : String.valueOf(maxLength / 2)) + ")";
      case "decimal", "numeric" -> type + "(" + precision + "," + scale + ")";
      case "time", "datetime2", "datetimeoffset" -> type + "(" + scale + ")";
      case "timestamp" -> "rowversion";
      default -> type;
    };
  }

  private List<SqlServerTableDefinition.Key> keys(
      Connection connection, String database, int id, String kind) throws SQLException {
    Map<String, List<String[]>> keys = new LinkedHashMap<>();
    Map<String, Boolean> clustered = new LinkedHashMap<>();
    SqlServerQueries.forEachRow(connection,
        "SELECT k.name, c.name, ic.is_descending_key, i.type"
            + " FROM " + views(database, "key_constraints") + " k"
            + " JOIN " + views(database, "indexes") + " i"
            + " ON i.object_id = k.parent_object_id AND i.index_id = k.unique_index_id"
            + " JOIN " + views(database, "index_columns") + " ic"
            + " ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
            + " JOIN " + views(database, "columns") + " c"
            + " ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
            + " WHERE k.parent_object_id = ? AND k.type = ? ORDER BY k.name, ic.key_ordinal",
        r -> {
          keys.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
              .add(new String[] {r.getString(2), String.valueOf(r.getBoolean(3))});
          clustered.put(r.getString(1), r.getInt(4) == 1);
        }, id, kind);
    List<SqlServerTableDefinition.Key> result = new ArrayList<>();
    keys.forEach((name, columns) -> result.add(new SqlServerTableDefinition.Key(
        name, columns.stream().map(c -> c[0]).toList(),
        columns.stream().map(c -> Boolean.parseBoolean(c[1])).toList(), clustered.get(name))));
    return result;
  }

  private List<SqlServerTableDefinition.Check> checks(
      Connection connection, String database, int id) throws SQLException {
    List<SqlServerTableDefinition.Check> checks = new ArrayList<>();
    SqlServerQueries.forEachRow(connection,
        "SELECT name, definition FROM " + views(database, "check_constraints")
            + " WHERE parent_object_id = ? ORDER BY name",
        r -> checks.add(new SqlServerTableDefinition.Check(r.getString(1), r.getString(2))),
        id);
    return checks;
  }

  private List<SqlServerTableDefinition.ForeignKey> foreignKeys(
      Connection connection, String database, int id) throws SQLException {
    Map<String, String[]> heads = new LinkedHashMap<>();
    Map<String, List<String[]>> pairs = new LinkedHashMap<>();
    SqlServerQueries.forEachRow(connection,
        "SELECT fk.name, rs.name, rt.name, fk.delete_referential_action_desc,"
            + " fk.update_referential_action_desc, pc.name, rc.name"
            + " FROM " + views(database, "foreign_keys") + " fk"
            + " JOIN " + views(database, "tables") + " rt ON rt.object_id = fk.referenced_object_id"
            + " JOIN " + views(database, "schemas") + " rs ON rs.schema_id = rt.schema_id"
            + " JOIN " + views(database, "foreign_key_columns") + " fc"
            + " ON fc.constraint_object_id = fk.object_id"
            + " JOIN " + views(database, "columns") + " pc"
            + " ON pc.object_id = fc.parent_object_id AND pc.column_id = fc.parent_column_id"
            + " JOIN " + views(database, "columns") + " rc"
            + " ON rc.object_id = fc.referenced_object_id AND rc.column_id = fc.referenced_column_id"
            + " WHERE fk.parent_object_id = ? ORDER BY fk.name, fc.constraint_column_id",
        r -> {
          heads.putIfAbsent(r.getString(1), new String[] {
              SqlServerSyntax.tableName(r.getString(2), r.getString(3)), r.getString(4),
              r.getString(5)});
          pairs.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
              .add(new String[] {r.getString(6), r.getString(7)});
        }, id);
    List<SqlServerTableDefinition.ForeignKey> result = new ArrayList<>();
    heads.forEach((name, head) -> result.add(new SqlServerTableDefinition.ForeignKey(
        name, pairs.get(name).stream().map(p -> p[0]).toList(), head[0],
        pairs.get(name).stream().map(p -> p[1]).toList(), head[1], head[2])));
    return result;
  }

  /**
   * Secondary nonclustered indexes (not a key's, not the heap): key columns, then included ones.
   * A clustered or filtered secondary index is refused: the schema writer has no form for it yet.
   */
  private List<SqlServerTableDefinition.Index> indexes(
      Connection connection, String database, int id) throws SQLException {
    Map<String, Boolean> unique = new LinkedHashMap<>();
    Map<String, List<String>> keyColumns = new LinkedHashMap<>();
    Map<String, List<String>> included = new LinkedHashMap<>();
    SqlServerQueries.forEachRow(connection,
        "SELECT i.name, i.is_unique, i.type, i.has_filter, c.name, ic.is_included_column"
            + " FROM " + views(database, "indexes") + " i"
            + " JOIN " + views(database, "index_columns") + " ic"
            + " ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
            + " JOIN " + views(database, "columns") + " c"
            + " ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
            + " WHERE i.object_id = ? AND i.is_primary_key = 0 AND i.is_unique_constraint = 0"
            + " AND i.type > 0 ORDER BY i.name, ic.is_included_column, ic.key_ordinal,"
            + " ic.index_column_id",
        r -> {
          String name = r.getString(1);
          if (r.getInt(3) != 2 || r.getBoolean(4)) {
            throw new UserError("The index " + name + " is clustered, filtered or of a kind"
                + " this version cannot back up yet.");
          }
          unique.put(name, r.getBoolean(2));
          keyColumns.computeIfAbsent(name, k -> new ArrayList<>());
          included.computeIfAbsent(name, k -> new ArrayList<>());
          (r.getBoolean(6) ? included : keyColumns).get(name).add(r.getString(5));
        }, id);
    List<SqlServerTableDefinition.Index> result = new ArrayList<>();
    unique.forEach((name, u) -> result.add(new SqlServerTableDefinition.Index(
        name, u, keyColumns.get(name), included.get(name))));
    return result;
  }
}
