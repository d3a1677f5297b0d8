package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A server this tool talks to: where and as whom ({@link ConnectionSpec}) and in which dialect.
 * Connections are opened for a {@link Purpose}, which decides their properties.
 */
public record Endpoint(ConnectionSpec spec, Dialect dialect) implements Serializable {
  /** What a connection is for. */
  public enum Purpose {
    /** Catalog reads, structure, the journal: the dialect's plain properties. */
    ADMIN,
    /** Reading a snapshot's rows exactly, streamed. */
    SNAPSHOT_READ,
    /** Writing rows in batches. */
    BATCH_WRITE,
    /** Streaming rows with the bulk loader; the connection comes armed. */
    BULK_LOAD
  }

  /** The endpoint of a spec, in the dialect its URL names. */
  public static Endpoint of(ConnectionSpec spec) {
    return new Endpoint(spec, Dialects.forUrl(spec.jdbcUrl()));
  }

  /** Opens a connection for a purpose. BULK_LOAD fails where the dialect has no bulk loader. */
  public Connection open(Purpose purpose) throws SQLException {
    if (purpose == Purpose.BULK_LOAD) {
      BulkLoader loader = bulkLoader();
      Connection connection = spec.open(dialect, loader.properties());
      try {
        loader.arm(connection);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
      return connection;
    }
    return spec.open(dialect, properties(purpose));
  }

  /**
   * Opens a connection for a purpose, turning the failures a user can fix (wrong password,
   * unreachable server, unknown database) into one plain sentence naming the {@code role}.
   */
  public Connection openOrExplain(Purpose purpose, String role) {
    try {
      return open(purpose);
    } catch (SQLException e) {
      throw dialect.explainConnectFailure(e, spec, role);
    }
  }

  /**
   * Opens a connection that writes restored rows (BATCH_WRITE or BULK_LOAD): explained as {@link
   * #openOrExplain} does, in the source's restore session, with the binary log off unless
   * {@code writeBinlog}.
   */
  public Connection openRestoreSession(
      Purpose purpose, String role, Manifest.Source source, boolean writeBinlog)
      throws SQLException {
    Connection connection = openOrExplain(purpose, role);
    try {
      dialect.prepareRestoreSession(connection, source);
      if (!writeBinlog) {
        dialect.disableBinlog(connection);
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private Map<String, String> properties(Purpose purpose) {
    return switch (purpose) {
      case ADMIN -> Map.of();
      case SNAPSHOT_READ -> dialect.snapshotReadProperties();
      case BATCH_WRITE -> dialect.writeProperties();
      case BULK_LOAD -> bulkLoader().properties();
    };
  }

  private BulkLoader bulkLoader() {
    return dialect
        .bulkLoader()
        .orElseThrow(
            () -> new IllegalStateException(
                "The dialect of " + spec.address() + " has no bulk loader"));
  }

  @Override
  public String toString() {
    return spec.toString();
  }
}
