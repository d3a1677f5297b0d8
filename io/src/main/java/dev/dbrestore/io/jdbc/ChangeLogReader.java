package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.ColumnEncoding;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Reads a source's change log (a binary log, a transaction log) as committed transactions
 * of row changes and DDL statements, with values in the same encodings as backup chunks. One
 * implementation per kind of database that has such a log; {@link ChangeLogReaders} finds it.
 */
public interface ChangeLogReader {

  /**
   * A place in the source's log: a log file and a byte offset in it. Files sort by the number
   * at the end of their names, as the server numbers them.
   */
  record Position(String file, long offset) implements Serializable, Comparable<Position> {
    @Override
    public int compareTo(Position other) {
      int byFile = Long.compare(fileNumber(file), fileNumber(other.file));
      if (byFile == 0) {
        byFile = file.compareTo(other.file);
      }
      return byFile != 0 ? byFile : Long.compare(offset, other.offset);
    }

    /** The number at the end of a log file's name (binlog.000042: 42), or -1 without one. */
    public static long fileNumber(String file) {
      int dot = file.lastIndexOf('.');
      try {
        return Long.parseLong(file.substring(dot + 1));
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    @Override
    public String toString() {
      return file + ":" + offset;
    }
  }

  /** A column of a changed row as the log describes it at the time of the change. */
  record Column(String name, ColumnEncoding encoding) implements Serializable {}

  /** What a change does. */
  enum Operation {
    INSERT,
    UPDATE,
    DELETE,
    /** A statement that changes structure (CREATE, ALTER, DROP, RENAME, TRUNCATE, ...). */
    DDL
  }

  /**
   * One change: a row inserted (after image), updated (both images), deleted (before image), or
   * a DDL statement with the database it ran in. Images hold every column of the table, in the
   * table's column order, as {@code Long}, {@code Float}, {@code Double}, {@code String} or
   * {@code byte[]} by each column's encoding, or null. {@code eventOffset} is where the log
   * event that carried it starts.
   */
  record Change(
      Operation operation,
      String database,
      String table,
      List<Column> columns,
      List<String> primaryKey,
      Object[] before,
      Object[] after,
      String statement,
      long eventOffset) {}

  /**
   * A committed transaction, whole: where it starts and ends in the log (the end is where the
   * next one starts), its GTID when the server writes one, and its commit event's time.
   */
  record Transaction(
      String gtid,
      String file,
      long startOffset,
      long endOffset,
      Instant commitTime,
      List<Change> changes) {
    public Position end() {
      return new Position(file, endOffset);
    }
  }

  /** Receives each committed transaction, in log order, on the reader's thread. */
  interface Listener {
    void committed(Transaction transaction) throws IOException;
  }

  /** The pre-check's refusal of a start position the server no longer has. */
  final class LogPurged extends dev.dbrestore.io.UserError {
    private static final long serialVersionUID = 1L;
    private final Position start;

    public LogPurged(String message, Position start) {
      super(message);
      this.start = start;
    }

    public Position start() {
      return start;
    }
  }

  /** The server's log as the pre-check found it. */
  record ServerLog(Position end, String serverId, String gtidPosition) {}

  /**
   * The capture pre-check: refuses, naming the setting and its fix, when the server's log cannot
   * be captured exactly (off, not row-based, partial row images, no column names, compressed
   * events, missing privileges), and with {@link LogPurged} when {@code start} is no longer on
   * the server. Returns where the server's log ends now.
   */
  ServerLog check(ConnectionSpec source, Position start);

  /**
   * Starts reading whole transactions from {@code start} (a transaction boundary) on a thread of
   * its own, until the log reaches {@code until} (null: until stopped).
   */
  Following follow(
      ConnectionSpec source, Position start, Position until, long replicaId, Listener listener)
      throws IOException;

  /** A log being read. */
  interface Following {
    /**
     * Waits until the reading ends: at {@code until}, at {@link #stop()}, or at a failure (the
     * listener's or the connection's), which this throws.
     */
    void await() throws IOException, InterruptedException;

    /** Stops reading after the transaction being delivered, if any. */
    void stop();
  }
}
