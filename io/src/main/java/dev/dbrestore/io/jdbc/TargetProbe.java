package dev.dbrestore.io.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the pre-check and the writers ask a target server before they write. */
public interface TargetProbe {
  /** The account the session is authenticated as, as the server names it ("user@host"). */
  String currentAccount(Connection connection) throws SQLException;

  /** Privileges (upper case, e.g. INSERT) the session's account has on a database. */
  Set<String> privileges(Connection connection, String database) throws SQLException;

  /** The storage engines the server can create tables with, in lower case. */
  Set<String> engines(Connection connection) throws SQLException;

  /** Character sets the server knows. */
  Set<String> characterSets(Connection connection) throws SQLException;

  /** Collations the server knows. */
  Set<String> collations(Connection connection) throws SQLException;

  /** The largest packet the server accepts, in bytes. */
  long maxAllowedPacket(Connection connection) throws SQLException;

  /** Whether the server refuses writes (read_only and its variants). */
  boolean isReadOnly(Connection connection) throws SQLException;

  /** Whether the server's event scheduler runs events now. */
  boolean eventSchedulerRunning(Connection connection) throws SQLException;

  /** The number of rows in a table. */
  long countRows(Connection connection, String database, String table) throws SQLException;

  /** A table's columns, name to type as the server prints it; empty if there is no such table. */
  Map<String, String> columnTypes(Connection connection, String database, String table)
      throws SQLException;

  /** A table's columns and their character sets (null for columns that hold no text). */
  Map<String, String> columnCharsets(Connection connection, String database, String table)
      throws SQLException;

  /**
   * Why a backup set from a source of {@code sourceVersion} may not be restored into a target
   * of {@code targetVersion} (one sentence naming both), or null when it may: the target must
   * not be older, by this kind's own reading of its version.
   */
  String versionRefusal(String sourceVersion, String targetVersion);

  /**
   * {@link #countRows(Connection, String, String)} of several tables of one database, by the
   * table's name as given, in fewer statements where the server can.
   */
  default Map<String, Long> countRows(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : tables) {
      counts.put(table, countRows(connection, database, table));
    }
    return counts;
  }

  /**
   * {@link #columnTypes(Connection, String, String)} of several tables of one database, by the
   * table's name as given; a table that does not exist is left out. A server that can answer in
   * one query does: a schema of thousands of tables paid a catalog query per table.
   */
  default Map<String, Map<String, String>> columnTypes(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    Map<String, Map<String, String>> types = new LinkedHashMap<>();
    for (String table : tables) {
      Map<String, String> columns = columnTypes(connection, database, table);
      if (!columns.isEmpty()) {
        types.put(table, columns);
      }
    }
    return types;
  }

  /**
   * {@link #columnCharsets(Connection, String, String)} of several tables of one database, as
   * {@link #columnTypes(Connection, String, Collection)} gives their types.
   */
  default Map<String, Map<String, String>> columnCharsets(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    Map<String, Map<String, String>> charsets = new LinkedHashMap<>();
    for (String table : tables) {
      Map<String, String> columns = columnCharsets(connection, database, table);
      if (!columns.isEmpty()) {
        charsets.put(table, columns);
      }
    }
    return charsets;
  }
}
