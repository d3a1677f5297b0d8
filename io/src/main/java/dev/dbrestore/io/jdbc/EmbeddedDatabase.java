package dev.dbrestore.io.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A kind of database whose server can run inside this tool's own jar ({@link
 * Dialect#embedded()}), with a sample database to try a backup and restore on and a content
 * fingerprint to compare two copies by.
 */
public interface EmbeddedDatabase {
  /** The server's product name, for messages ("starting two embedded ... servers"). */
  String serverName();

  /** Starts a new server; {@code name} shows in its folder names. */
  EmbeddedServer start(String name);

  /** Creates the sample database with about {@code rows} rows. */
  void createSampleDatabase(Connection connection, String database, int rows)
      throws SQLException;

  /**
   * A fingerprint of a table's content computed by the server itself, equal on two servers
   * exactly when their rows are equal.
   */
  String fingerprint(Connection connection, String database, String table) throws SQLException;
}
