package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CatalogReader;
import dev.dbrestore.io.jdbc.StatementCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a backup reads from a SQL Server source: the server, each database's tables (their
 * definitions as JSON, {@link SqlServerDefinitions}), views, functions, procedures and triggers
 * with their references, sequences, and chunk bounds by primary key.
 */
public final class SqlServerBackupCatalog implements CatalogReader {
  /** The kind of a SQL Server server, as manifests and data-source files name it. */
  public static final String KIND = "sqlserver";

  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  static final String SERVER_QUERY = "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)),"
      + " CAST(@@SERVERNAME AS nvarchar(128)), CAST(SERVERPROPERTY('Collation') AS nvarchar(128))";

  private final SqlServerCatalog tables = new SqlServerCatalog();
  private final SqlServerModules modules = new SqlServerModules();

  @Override
  public Manifest.Source describeServer(Connection connection) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(SERVER_QUERY);
        ResultSet r = s.executeQuery()) {
      r.next();
      return new Manifest.Source(KIND, r.getString(1), r.getString(2), null, null, null,
          r.getString(3), 0);
    }
  }

  @Override
  public Manifest.Database readDatabase(Connection connection, String database)
      throws SQLException {
    List<Manifest.Table> read = new ArrayList<>();
    for (String table : tables.tables(connection, database)) {
      read.add(table(tables.readTable(connection, database, table)));
    }
    String collation = SqlServerQueries.value(connection,
        "SELECT CAST(DATABASEPROPERTYEX(?, 'Collation') AS nvarchar(128))", database);
    return new Manifest.Database(database, null, collation, read,
        modules.modules(connection, database, StatementCheck.Kind.VIEW),
        modules.modules(connection, database, StatementCheck.Kind.FUNCTION),
        modules.modules(connection, database, StatementCheck.Kind.PROCEDURE),
        modules.modules(connection, database, StatementCheck.Kind.TRIGGER), List.of(),
        modules.sequences(connection, database));
  }

  /** A table's manifest entry: its definition as JSON, its columns and how each is stored. */
  static Manifest.Table table(SqlServerTableDefinition definition) {
    List<Manifest.Column> columns = new ArrayList<>();
    for (SqlServerTableDefinition.Column c : definition.columns()) {
      // The server makes rowversion and computed values: kept out of the chunks.
      columns.add(new Manifest.Column(c.name(), c.type(), c.nullable(), c.serverMade(), null,
          c.serverMade() ? dev.dbrestore.io.format.ColumnEncoding.BYTES
              : SqlServerValues.encodingOf(c.type())));
    }
    List<String> key = definition.primaryKey() == null ? List.of()
        : definition.primaryKey().columns();
    return new Manifest.Table(
        SqlServerSyntax.tableName(definition.schema(), definition.name()),
        SqlServerDefinitions.toJson(definition), columns, key, 0, List.of());
  }

  @Override
  public boolean databaseExists(Connection connection, String database) throws SQLException {
    return SqlServerQueries.exists(connection, "SELECT 1 WHERE DB_ID(?) IS NOT NULL", database);
  }

  /** The key {@code chunkRows} rows on, by OFFSET ... FETCH in key order. */
  static String boundaryQuery(
      String database, String table, List<String> key, Object[] after, long chunkRows,
      List<Object> parameters) {
    String columns = key.stream().map(SQL::quote).collect(Collectors.joining(", "));
    return "SELECT " + columns + " FROM " + SQL.qualified(database, table)
        + (after == null ? "" : " WHERE " + SQL.keyAfter(key, after, parameters))
        + " ORDER BY " + columns + " OFFSET " + (chunkRows - 1) + " ROWS FETCH NEXT 1 ROWS ONLY";
  }

  @Override
  public Object[] nextChunkBoundary(
      Connection connection, String database, String table, List<String> primaryKey,
      Object[] after, long chunkRows)
      throws SQLException {
    List<Object> parameters = new ArrayList<>();
    String sql = boundaryQuery(database, table, primaryKey, after, chunkRows, parameters);
    Object[][] key = new Object[1][];
    SqlServerQueries.forEachRow(connection, sql, r -> {
      key[0] = new Object[primaryKey.size()];
      for (int i = 0; i < key[0].length; i++) {
        key[0][i] = r.getObject(i + 1);
      }
    }, parameters.toArray());
    return key[0];
  }

  /** The rows sys.partitions counts for the table's heap or clustered index. */
  @Override
  public long estimatedRows(Connection connection, String database, String table)
      throws SQLException {
    String rows = SqlServerQueries.value(connection,
        "SELECT SUM(rows) FROM " + SQL.quote(database) + ".sys.partitions"
            + " WHERE object_id = OBJECT_ID(?) AND index_id IN (0, 1)",
        SQL.qualified(database, table));
    return rows == null ? -1 : Long.parseLong(rows);
  }
}
