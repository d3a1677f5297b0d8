package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a backup reads from the source: the server, each database's definition, chunk bounds. */
public interface CatalogReader {
  /** What the server is: kind, version and the settings a restore must reproduce. */
  Manifest.Source describeServer(Connection connection) throws SQLException;

  /** Reads the definition of one database: tables, columns, keys and schema objects. */
  Manifest.Database readDatabase(Connection connection, String database) throws SQLException;

  /** Whether the database exists on the server. */
  boolean databaseExists(Connection connection, String database) throws SQLException;

  /** The key of the row {@code chunkRows} rows after {@code after}, or null when fewer remain. */
  Object[] nextChunkBoundary(
      Connection connection,
      String database,
      String table,
      List<String> primaryKey,
      Object[] after,
      long chunkRows)
      throws SQLException;

  /**
   * Of these tables of a database, those that may hold {@code rows} rows or more, so need their
   * key walked for chunk bounds; the others are one chunk each. A kind that cannot tell them
   * apart cheaply returns them all.
   */
  default Set<String> tablesOfAtLeast(
      Connection connection, String database, List<String> tables, long rows)
      throws SQLException {
    return Set.copyOf(tables);
  }

  /**
   * The server's own estimate of a table's rows (its statistics, not a count), for a backup's
   * progress; -1 where the server keeps none.
   */
  default long estimatedRows(Connection connection, String database, String table)
      throws SQLException {
    return -1;
  }

  /** {@link #estimatedRows(Connection, String, String)} of each of these tables of a database. */
  default Map<String, Long> estimatedRows(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    Map<String, Long> estimates = new HashMap<>();
    for (String table : tables) {
      estimates.put(table, estimatedRows(connection, database, table));
    }
    return estimates;
  }
}
