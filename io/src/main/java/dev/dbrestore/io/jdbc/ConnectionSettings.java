package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.sql.SQLException;
import java.util.Map;

/** How this tool connects to a kind of database: its driver, properties and their guards. */
public interface ConnectionSettings {
  /** The JDBC driver for this kind of database, from this tool's own class loader. */
  java.sql.Driver driver() throws SQLException;

  /** Connection properties every connection of this tool uses. */
  Map<String, String> connectionProperties();

  /**
   * Properties set last on every connection, over the URL's and every other: no multiple
   * statements in one call, no silent reconnecting, no local files sent.
   */
  Map<String, String> pinnedProperties();

  /**
   * Refuses a JDBC URL that would change a property this tool sets itself (a pinned protection
   * or a setting values depend on), in any of the URL's forms, naming the property.
   */
  void checkUrl(String jdbcUrl);

  /** Properties for connections that read a snapshot (exact binary values, streamed rows). */
  Map<String, String> snapshotReadProperties();

  /** Properties for connections that write rows (batched). */
  Map<String, String> writeProperties();

  /** A plain sentence for a failure to connect. */
  UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role);
}
