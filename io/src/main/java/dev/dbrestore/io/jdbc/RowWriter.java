package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** How a restore session writes rows: its settings and the statement for each conflict policy. */
public interface RowWriter {
  /** Sets up a restore session as a careful dump loader does. */
  void prepareRestoreSession(Connection connection, Manifest.Source source) throws SQLException;

  /** Turns off the binary log for this session; fails if the account may not. */
  void disableBinlog(Connection connection) throws SQLException;

  /** The privilege an account needs for {@link #disableBinlog}, as a grant would name it. */
  String disableBinlogPrivilege();

  /**
   * The statement that writes a row of a table's stored columns under a data conflict policy:
   * a plain insert (stop), an insert that skips a row whose primary or unique key exists
   * (ignore), or one that deletes the existing row first (overwrite).
   */
  String insertStatement(
      String database, String table, List<Manifest.Column> columns, DataConflictPolicy policy);

  /**
   * The same statement, for a table whose primary key is {@code key} (empty when it has none):
   * for databases whose conflict statements name the key they match on. By default the key is
   * not needed.
   */
  default String insertStatement(
      String database, String table, List<Manifest.Column> columns, List<String> key,
      DataConflictPolicy policy) {
    return insertStatement(database, table, columns, policy);
  }

  /** Statements a session runs before it inserts a chunk's rows into a table; none by default. */
  default List<String> beforeInsert(String database, String table) {
    return List.of();
  }

  /** Statements a session runs after a chunk's inserts, whether they succeeded or not. */
  default List<String> afterInsert(String database, String table) {
    return List.of();
  }

  /**
   * Whether {@link #beforeTableLoad} and {@link #afterTableLoad} do anything, so a restore opens
   * no connection for them otherwise. False by default.
   */
  default boolean hasTableLoadStatements() {
    return false;
  }

  /**
   * Runs once before any chunk of a table is written, on a connection of its own; it must be
   * safe to run again (a resumed task runs it again). Nothing by default.
   */
  default void beforeTableLoad(Connection connection, String database, String table)
      throws SQLException {}

  /**
   * Runs once after every chunk of a table is written, safe to run again like {@link
   * #beforeTableLoad}. Nothing by default.
   */
  default void afterTableLoad(Connection connection, String database, String table)
      throws SQLException {}
}
