package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of a replay in one transaction with its journal entry, so a retried bundle or
 * a re-run writes nothing twice: a batch the journal has is skipped, and two attempts of one
 * batch are told apart by the journal's primary key. A batch is a group the pipeline formed by
 * key (table and bucket), so it is the same batch in every attempt. Transient errors are retried
 * with backoff up to the limit; anything else fails, naming the batch and the database's error.
 */
abstract class JournaledBatchFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(JournaledBatchFn.class);

  /** Rows sent to the server in one JDBC batch, inside a batch's transaction. */
  static final int BATCH_ROWS = 1000;

  protected final ReplayTarget target;
  private final String phase;
  private final Counter skipped =
      Metrics.counter(getClass(), "batches_skipped_already_replayed");
  private final Counter written = Metrics.counter(getClass(), "batches_written");
  private final Counter retried = Metrics.counter(getClass(), "batch_attempts_retried");

  private transient Connection connection;

  JournaledBatchFn(ReplayTarget target, String phase) {
    this.target = target;
    this.phase = phase;
  }

  /**
   * A batch's name in the journal: the phase, the step (delete, insert, ordered), the table and
   * the bucket; the same in every attempt and re-run.
   */
  protected final String entry(String step, String table, String bucket) {
    return "replay/" + phase + "/" + step + "/" + tableId(table)
        + (bucket == null ? "" : "/" + bucket);
  }

  /** The batch's work in the open transaction; returns the rows it changed. */
  interface Work {
    long run(Connection connection) throws SQLException;
  }

  /**
   * Runs a batch named {@code entry} (the journal's name for it) once: returns the rows it
   * changed, or -1 when the journal has it done already.
   */
  protected final long once(String entry, String table, Work work) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        Connection c = connection();
        c.setAutoCommit(false);
        if (isDone(c, entry)) {
          c.rollback();
          skipped.inc();
          return -1;
        }
        long rows = work.run(c);
        try {
          target.dialect().markChunkDone(
              c, target.journal().schema(), target.journal().taskId(), entry, table, 0);
        } catch (SQLException e) {
          if (!target.dialect().isDuplicateKey(e)) {
            throw e;
          }
          c.rollback(); // another attempt of this batch recorded it first
          skipped.inc();
          return -1;
        }
        c.commit();
        written.inc();
        return rows;
      } catch (SQLException e) {
        closeQuietly();
        if (target.dialect().isTransient(e) && attempt <= target.retries()) {
          long wait = target.backoffMillis() * (1L << Math.min(attempt - 1, 6));
          LOG.warn("Replay batch {} of {}: {}; attempt {} of {} in {} ms", entry, table,
              e.getMessage(), attempt + 1, target.retries() + 1, wait);
          retried.inc();
          Thread.sleep(wait);
          continue;
        }
        throw new UserError(
            "Replaying the log into " + table + " failed (batch " + entry + "): "
                + e.getMessage(), e);
      }
    }
  }

  private boolean isDone(Connection c, String entry) throws SQLException {
    return target.dialect().isChunkDone(
        c, target.journal().schema(), target.journal().taskId(), entry);
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = target.target().openRestoreSession(
          Endpoint.Purpose.BATCH_WRITE, "target", target.source(), target.writeBinlog());
    }
    return connection;
  }

  /** A short, stable name for a table in journal entries (which have 255 characters). */
  static String tableId(String table) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(table.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // The connection outlives a bundle: a runner that hands each bucket to a bundle of its own
  // would otherwise open and set up a session per batch. A broken one is replaced on the next
  // attempt (closeQuietly on any error).
  @Teardown
  public void teardown() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (connection != null) {
      Connection c = connection;
      connection = null;
      try {
        c.close();
      } catch (SQLException ignored) {
        // A broken connection is being thrown away.
      }
    }
  }
}
