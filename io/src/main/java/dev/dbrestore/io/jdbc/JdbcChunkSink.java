package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkCursor;
import dev.dbrestore.io.parquet.ChunkReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes one chunk into its target table in batches, inside one transaction: either every row
 * of the chunk is committed or none is.
 */
public final class JdbcChunkSink {
  /** A batch is sent when it reaches this many rows or {@link #BATCH_BYTES}, whichever first. */
  static final int BATCH_ROWS = 1000;

  static final long BATCH_BYTES = 4L * 1024 * 1024;

  private JdbcChunkSink() {}

  /** What writing a chunk did: rows written, or skipped because the journal has it done. */
  public record Outcome(long rows, boolean skipped) {}

  /** Writes a chunk without a journal; returns the rows written. */
  public static long write(Connection connection, Dialect dialect, ChunkWrite work) {
    return write(connection, dialect, work, null).rows();
  }

  /**
   * Writes a chunk through the bulk loader on an armed connection, in one transaction with its
   * journal entry. Returns null (rolled back, nothing written) when the loader could not write
   * every row exactly as given; the caller then writes the chunk with {@link #write}.
   */
  public static Outcome bulkWrite(
      Connection connection, Dialect dialect, ChunkWrite work, Journal journal) {
    BulkLoader loader =
        dialect.bulkLoader().orElseThrow(() -> new IllegalStateException("No bulk loader"));
    String table = dialect.qualified(work.targetDatabase(), work.targetTable());
    FaultInjection.beforeChunk(work.chunk().file());
    try {
      if (alreadyDone(connection, dialect, work, journal)) {
        return new Outcome(0, true);
      }
      long rows = bulkRows(connection, loader, work);
      if (rows != work.chunk().rowCount()) {
        connection.rollback();
        return null;
      }
      if (journal != null && !recordDone(connection, dialect, journal, work, table, rows)) {
        return new Outcome(0, true);
      }
      connection.commit();
      FaultInjection.afterChunkCommit(work.chunk().file());
      return new Outcome(rows, false);
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw writeFailed(work, table, "", e);
    } catch (IOException e) {
      rollbackQuietly(connection, e);
      throw readFailed(work, table, e);
    }
  }

  /**
   * Reads the chunk's file and inserts its rows, and with a journal records the chunk done in
   * the same transaction; a chunk the journal already has is skipped. On any failure the chunk's
   * transaction is rolled back and the error names the table and chunk.
   */
  public static Outcome write(
      Connection connection, Dialect dialect, ChunkWrite work, Journal journal) {
    String table = dialect.qualified(work.targetDatabase(), work.targetTable());
    long rows = 0;
    FaultInjection.beforeChunk(work.chunk().file());
    try {
      if (alreadyDone(connection, dialect, work, journal)) {
        return new Outcome(0, true);
      }
      rows = insertRows(connection, dialect, work);
      if (journal != null && !recordDone(connection, dialect, journal, work, table, rows)) {
        return new Outcome(0, true);
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw writeFailed(work, table, "", e);
    } catch (IOException | RuntimeException e) {
      rollbackQuietly(connection, e);
      throw readFailed(work, table, e);
    }
    FaultInjection.afterChunkCommit(work.chunk().file());
    return new Outcome(rows, false);
  }

  /**
   * Writes several chunks in one transaction, each with its journal entry, so that many small
   * chunks cost one commit instead of one each. A chunk the journal already has is skipped.
   * Returns one outcome per chunk, in order; or null, with the transaction rolled back and
   * nothing written, when a chunk could not be bulk-loaded exactly or another attempt recorded
   * one of them first: the caller then writes the chunks one at a time with {@link #bulkWrite}
   * and {@link #write}, which handle both.
   */
  public static List<Outcome> writeBatch(
      Connection connection, Dialect dialect, List<ChunkWrite> batch, Journal journal,
      boolean bulkLoad) {
    BulkLoader loader = bulkLoad ? dialect.bulkLoader().orElse(null) : null;
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    ChunkWrite current = batch.get(0);
    FaultInjection.beforeChunk(current.chunk().file());
    try {
      connection.setAutoCommit(false);
      // The journal asked and written once per batch, not once per chunk: the same reads and
      // the same entries, in the same transaction as the rows.
      Set<String> done = Set.of();
      if (journal != null) {
        List<String> files = new ArrayList<>(batch.size());
        batch.forEach(work -> files.add(work.chunk().file()));
        done = dialect.chunksDone(connection, journal.schema(), journal.taskId(), files);
      }
      List<JournalStatements.ChunkDone> entries = new ArrayList<>(batch.size());
      for (ChunkWrite work : batch) {
        current = work;
        if (done.contains(work.chunk().file())) {
          outcomes.add(new Outcome(0, true));
          continue;
        }
        long rows;
        if (loader != null) {
          rows = bulkRows(connection, loader, work);
          if (rows != work.chunk().rowCount()) {
            connection.rollback();
            return null;
          }
        } else {
          rows = insertRows(connection, dialect, work);
        }
        FaultInjection.inBatch(work.chunk().file());
        entries.add(
            new JournalStatements.ChunkDone(
                work.chunk().file(),
                dialect.qualified(work.targetDatabase(), work.targetTable()), rows));
        outcomes.add(new Outcome(rows, false));
      }
      if (journal != null && !entries.isEmpty()
          && !recordAllDone(connection, dialect, journal, entries)) {
        return null; // rolled back: another attempt wrote one of these chunks
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw writeFailed(
          current, dialect.qualified(current.targetDatabase(), current.targetTable()),
          " (in one transaction with " + (batch.size() - 1) + " other small chunks)", e);
    } catch (IOException | RuntimeException e) {
      rollbackQuietly(connection, e);
      throw readFailed(
          current, dialect.qualified(current.targetDatabase(), current.targetTable()), e);
    }
    FaultInjection.afterChunkCommit(batch.get(batch.size() - 1).chunk().file());
    return outcomes;
  }

  /** Streams a chunk through the bulk loader; returns the rows it wrote exactly, or -1. */
  private static long bulkRows(Connection connection, BulkLoader loader, ChunkWrite work)
      throws SQLException, IOException {
    List<Manifest.Column> columns = work.storedColumns();
    try (ChunkCursor cursor =
        new ChunkCursor(
            BackupSet.file(work.setLocation(), work.chunk().file()), work.chunk(), columns)) {
      return loader.loadChunk(
          connection, work.targetDatabase(), work.targetTable(), columns,
          work.conflictPolicy(), cursor, work.chunk().rowCount());
    }
  }

  /**
   * Inserts a chunk's rows in batches, between the dialect's statements around a table's
   * inserts (the second ones run even when the rows fail); returns the rows inserted.
   */
  private static long insertRows(Connection connection, Dialect dialect, ChunkWrite work)
      throws SQLException, IOException {
    String database = work.targetDatabase();
    String table = work.targetTable();
    runAll(connection, dialect.beforeInsert(database, table));
    try {
      return insertChunkRows(connection, dialect, work);
    } finally {
      runAll(connection, dialect.afterInsert(database, table));
    }
  }

  private static void runAll(Connection connection, List<String> statements)
      throws SQLException {
    if (statements.isEmpty()) {
      return;
    }
    try (java.sql.Statement s = connection.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static long insertChunkRows(Connection connection, Dialect dialect, ChunkWrite work)
      throws SQLException, IOException {
    List<Manifest.Column> columns = work.storedColumns();
    ColumnEncoding[] encodings = Manifest.Column.encodings(columns);
    long rows = 0;
    try (ChunkReader reader =
            new ChunkReader(
                BackupSet.file(work.setLocation(), work.chunk().file()), work.chunk(), columns);
        PreparedStatement insert =
            connection.prepareStatement(
                dialect.insertStatement(
                    work.targetDatabase(), work.targetTable(), columns, work.primaryKey(),
                    work.conflictPolicy()))) {
      int batched = 0;
      long batchedBytes = 0;
      Object[] values;
      while ((values = reader.next()) != null) {
        for (int i = 0; i < encodings.length; i++) {
          dialect.bindValue(insert, i + 1, encodings[i], values[i]);
          batchedBytes += approximateSize(values[i]);
        }
        insert.addBatch();
        batched++;
        rows++;
        if (batched >= BATCH_ROWS || batchedBytes >= BATCH_BYTES) {
          insert.executeBatch();
          batched = 0;
          batchedBytes = 0;
        }
      }
      if (batched > 0) {
        insert.executeBatch();
      }
    }
    return rows;
  }

  /**
   * Starts the chunk's transaction; true (rolled back) when the journal already has the chunk.
   */
  private static boolean alreadyDone(
      Connection connection, Dialect dialect, ChunkWrite work, Journal journal)
      throws SQLException {
    connection.setAutoCommit(false);
    if (journal != null
        && dialect.isChunkDone(
            connection, journal.schema(), journal.taskId(), work.chunk().file())) {
      connection.rollback();
      return true;
    }
    return false;
  }

  /**
   * Records the chunk done in its transaction. False, with the transaction rolled back, when
   * another attempt of the same chunk has recorded it first: its rows are there already.
   */
  private static boolean recordDone(
      Connection connection, Dialect dialect, Journal journal, ChunkWrite work, String table,
      long rows)
      throws SQLException {
    try {
      dialect.markChunkDone(
          connection, journal.schema(), journal.taskId(), work.chunk().file(), table, rows);
      return true;
    } catch (SQLException e) {
      if (!dialect.isDuplicateKey(e)) {
        throw e;
      }
      connection.rollback();
      return false;
    }
  }

  /** {@link #recordDone} of a batch's entries in one statement. */
  private static boolean recordAllDone(
      Connection connection, Dialect dialect, Journal journal,
      List<JournalStatements.ChunkDone> entries)
      throws SQLException {
    try {
      dialect.markChunksDone(connection, journal.schema(), journal.taskId(), entries);
      return true;
    } catch (SQLException e) {
      if (!dialect.isDuplicateKey(e)) {
        throw e;
      }
      connection.rollback();
      return false;
    }
  }

  /** The target refused a chunk's rows: names the chunk, the table and the database's error. */
  private static ChunkWriteException writeFailed(
      ChunkWrite work, String table, String with, SQLException e) {
    return new ChunkWriteException(
        "Writing chunk " + work.chunk().file() + " into " + table + with + " failed: "
            + e.getMessage(),
        e);
  }

  /** A chunk's file could not be read: names the chunk, the table and the cause. */
  private static ChunkWriteException readFailed(ChunkWrite work, String table, Exception e) {
    return new ChunkWriteException(
        "Reading chunk " + work.chunk().file() + " of " + table + " from the backup set failed: "
            + e.getMessage(),
        e);
  }

  private static long approximateSize(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof String text) {
      return text.length() * 2L;
    }
    return 8;
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  /** A chunk could not be written; the message names the chunk, the table and the cause. */
  public static final class ChunkWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChunkWriteException(String message, Throwable cause) {
      super(message, cause);
    }

    /** The database's error behind this failure, if it came from the database. */
    public SQLException sqlCause() {
      for (Throwable t = getCause(); t != null; t = t.getCause()) {
        if (t instanceof SQLException sql) {
          return sql;
        }
      }
      return null;
    }
  }
}
