package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkCursor;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A database's bulk loader, where it has one ({@link Dialect#bulkLoader()}): rows streamed into
 * a table in one statement, on a connection opened and armed for it.
 */
public interface BulkLoader {
  /** Properties for connections that stream rows; the connection must be {@link #arm armed}. */
  Map<String, String> properties();

  /** Makes a bulk-load connection safe and ready: it sends no file but the streams it is given. */
  void arm(Connection connection) throws SQLException;

  /**
   * Whether the loader writes these columns exactly into a target table whose columns have
   * these character sets (column name to character set, null for non-text columns).
   */
  boolean canLoad(List<Manifest.Column> columns, Map<String, String> targetCharsets);

  /**
   * Streams rows, in the loader's own format (where it reads a byte stream, as MySQL's LOAD DATA
   * does), into a table in the caller's transaction. Returns
   * true when every row went in as given (no warning, no duplicate skipped where the policy
   * forbids it); false means the caller must roll back and write the rows another way.
   */
  default boolean load(
      Connection connection,
      String database,
      String table,
      List<Manifest.Column> columns,
      DataConflictPolicy policy,
      InputStream rows,
      long expectedRows)
      throws SQLException {
    throw new UnsupportedOperationException(
        "This bulk loader reads a chunk's rows (loadChunk), not a stream of its own format.");
  }

  /**
   * Streams a chunk's rows from its cursor as {@link #load} does; returns the rows streamed, or
   * -1 when not every row went in as given (the caller rolls back).
   */
  long loadChunk(
      Connection connection,
      String database,
      String table,
      List<Manifest.Column> columns,
      DataConflictPolicy policy,
      ChunkCursor rows,
      long expectedRows)
      throws SQLException, IOException;
}
