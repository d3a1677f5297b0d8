package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.RowDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Recomputes a table's digest from a server, reading each value exactly as a backup reads it,
 * so it equals the manifest's digest when the table holds the backup's rows, whatever the
 * target's storage format.
 */
public final class TableDigest {
  private static final long REPORT_EVERY = 10_000;

  private TableDigest() {}

  /** The digest of the table's rows, over the backup's stored columns. */
  public static RowDigest compute(
      ConnectionSpec server, Dialect dialect, String database, String table,
      List<Manifest.Column> storedColumns)
      throws SQLException {
    return compute(new Endpoint(server, dialect), database, table, storedColumns);
  }

  /** The digest of the table's rows on an endpoint, over the backup's stored columns. */
  public static RowDigest compute(
      Endpoint server, String database, String table, List<Manifest.Column> storedColumns)
      throws SQLException {
    return compute(server, database, table, storedColumns, rows -> { });
  }

  /**
   * The digest of the table's rows on an endpoint, telling {@code rowsRead} how many more rows
   * it has read every {@value #REPORT_EVERY} rows (for progress; the rest are not told).
   */
  public static RowDigest compute(
      Endpoint server, String database, String table, List<Manifest.Column> storedColumns,
      LongConsumer rowsRead)
      throws SQLException {
    try (Connection c = openForDigests(server)) {
      return compute(c, server.dialect(), database, table, storedColumns, rowsRead);
    }
  }

  /**
   * A connection for {@link #compute(Connection, Dialect, String, String, List, LongConsumer)}:
   * one can serve many tables, which matters when there are many small ones.
   */
  public static Connection openForDigests(Endpoint server) throws SQLException {
    Connection c = server.open(Endpoint.Purpose.SNAPSHOT_READ);
    try {
      server.dialect().prepareReadSession(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** The digest of the table's rows, read on a connection from {@link #openForDigests}. */
  public static RowDigest compute(
      Connection c, Dialect dialect, String database, String table,
      List<Manifest.Column> storedColumns, LongConsumer rowsRead)
      throws SQLException {
    return compute(c, dialect, database, table, storedColumns, -1, rowsRead);
  }

  /**
   * The digest of the table's rows, read on a connection from {@link #openForDigests}, where
   * the table is expected to hold about {@code expectedRows} rows (-1 when not known).
   */
  public static RowDigest compute(
      Connection c, Dialect dialect, String database, String table,
      List<Manifest.Column> storedColumns, long expectedRows, LongConsumer rowsRead)
      throws SQLException {
    ColumnEncoding[] encodings = Manifest.Column.encodings(storedColumns);
    String sql =
        "SELECT "
            + (storedColumns.isEmpty()
                ? "1"
                : storedColumns.stream()
                    .map(dialect::selectExpression)
                    .collect(Collectors.joining(", ")))
            + " FROM "
            + dialect.qualified(database, table);
    RowDigest digest = new RowDigest();
    try (PreparedStatement s = dialect.prepareRead(c, sql, encodings, expectedRows)) {
      dialect.streamRows(s);
      try (ResultSet rows = s.executeQuery()) {
        Object[] values = new Object[encodings.length];
        long read = 0;
        while (rows.next()) {
          for (int i = 0; i < encodings.length; i++) {
            values[i] = dialect.readValue(rows, i + 1, encodings[i]);
          }
          digest.add(values, encodings);
          if (++read == REPORT_EVERY) {
            rowsRead.accept(read);
            read = 0;
          }
        }
      }
    }
    return digest;
  }
}
