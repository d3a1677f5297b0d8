package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Everything that differs between database kinds: quoting, session set-up, catalog queries,
 * and how each column's values are read and bound. One implementation per kind of database.
 */
public interface Dialect extends Serializable {

  /** The dialect for a JDBC URL. */
  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
      return MySqlDialect.INSTANCE;
    }
    throw new UserError(
        "The JDBC URL "
            + jdbcUrl.replaceAll("\\?.*", "")
            + " is for a database this version cannot use yet; give a jdbc:mysql:// URL"
            + " (MySQL or MariaDB).");
  }

  /** Connection properties every connection of this tool uses. */
  Map<String, String> connectionProperties();

  /** Properties for connections that read a snapshot (exact binary values, streamed rows). */
  Map<String, String> snapshotReadProperties();

  /** Properties for connections that write rows (batched). */
  Map<String, String> writeProperties();

  /** The identifier quoted for this database. */
  String quote(String identifier);

  /** A table name qualified by its database, both quoted. */
  default String qualified(String database, String table) {
    return quote(database) + "." + quote(table);
  }

  /** A plain sentence for a failure to connect. */
  UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role);

  /** What the server is: kind, version and the settings a restore must reproduce. */
  Manifest.Source describeServer(Connection connection) throws SQLException;

  /** Reads the definition of one database: tables, columns, keys and schema objects. */
  Manifest.Database readDatabase(Connection connection, String database) throws SQLException;

  /** The expression that selects a column's value in the form its encoding stores. */
  String selectExpression(Manifest.Column column);

  /** Reads a column's value from a result set in the form its encoding stores. */
  Object readValue(ResultSet rows, int index, ColumnEncoding encoding) throws SQLException;

  /** Binds a stored value to an insert parameter. */
  void bindValue(PreparedStatement statement, int index, ColumnEncoding encoding, Object value)
      throws SQLException;

  /** Sets up a session that reads one consistent snapshot (call before the lock is released). */
  void startSnapshotSession(Connection connection) throws SQLException;

  /** Sets up a restore session as a careful dump loader does. */
  void prepareRestoreSession(Connection connection, Manifest.Source source) throws SQLException;

  /** The INSERT statement for a table's stored columns. */
  String insertStatement(String database, String table, List<Manifest.Column> columns);
}
