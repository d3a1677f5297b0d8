package dev.dbrestore.transforms;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.JdbcChunkSink;
import java.sql.Connection;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Writes each chunk's rows into the target, one transaction per chunk, and emits the rows
 * written per target table. The connection is opened per bundle and set up as a dump loader's.
 */
public final class WriteRows extends DoFn<ChunkWrite, KV<String, Long>> {
  private static final long serialVersionUID = 1L;

  /** Namespace of the per-table counters: one counter per target table, "database.table". */
  public static final String ROWS_BY_TABLE = "dbrestore.rows_written_by_table";

  private final ConnectionSpec target;
  private final Dialect dialect;
  private final Manifest.Source source;

  private final Counter rowsWritten = Metrics.counter(WriteRows.class, "rows_written");
  private final Counter chunksWritten = Metrics.counter(WriteRows.class, "chunks_written");

  private transient Connection connection;

  public WriteRows(ConnectionSpec target, Dialect dialect, Manifest.Source source) {
    this.target = target;
    this.dialect = dialect;
    this.source = source;
  }

  @StartBundle
  public void startBundle() throws Exception {
    connection = target.openOrExplain(dialect, dialect.writeProperties(), "target");
    dialect.prepareRestoreSession(connection, source);
  }

  @ProcessElement
  public void processElement(@Element ChunkWrite chunk, OutputReceiver<KV<String, Long>> out) {
    long rows = JdbcChunkSink.write(connection, dialect, chunk);
    rowsWritten.inc(rows);
    Metrics.counter(ROWS_BY_TABLE, chunk.targetDatabase() + "." + chunk.targetTable()).inc(rows);
    chunksWritten.inc();
    out.output(KV.of(dialect.qualified(chunk.targetDatabase(), chunk.targetTable()), rows));
  }

  @FinishBundle
  public void finishBundle() throws Exception {
    closeConnection();
  }

  @Teardown
  public void teardown() throws Exception {
    closeConnection();
  }

  private void closeConnection() throws Exception {
    if (connection != null) {
      Connection c = connection;
      connection = null;
      c.close();
    }
  }
}
