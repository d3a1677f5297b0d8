package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Creates a restore's structure and post-data objects from checked statements. */
public interface SchemaWriter {
  /** Names of the objects a database already has, as "kind `db`.`name`". */
  List<String> existingObjects(Connection connection, String database) throws SQLException;

  /** Creates the database with the backup's character set and collation if it is missing. */
  void createDatabase(Connection connection, Manifest.Database database) throws SQLException;

  /**
   * Creates a sequence from its checked statement in the given database, before the tables (a
   * default may take its next value); keeps one that exists. Only kinds whose statement checker
   * passes sequences have them.
   */
  default void createSequence(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    throw new IllegalStateException("This kind of database restores no sequences.");
  }

  /** Runs a table's checked CREATE statement in the given database. */
  void createTable(Connection connection, String database, CheckedStatement create)
      throws SQLException;

  /** Adds checked index definitions to a table in one statement; skips those that exist. */
  void addIndexes(
      Connection connection, String database, String table, List<CheckedStatement> definitions)
      throws SQLException;

  /**
   * Creates a view, routine, trigger or event from its checked statement (DEFINER removed, so
   * the restoring account becomes its definer) under the settings it was checked with.
   */
  void createSchemaObject(Connection connection, String database, CheckedStatement create)
      throws SQLException;

  /** Disables an event that exists; does nothing if the server dropped it already. */
  void disableEvent(Connection connection, String database, String event) throws SQLException;
}
