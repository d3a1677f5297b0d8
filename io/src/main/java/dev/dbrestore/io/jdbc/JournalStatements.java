package dev.dbrestore.io.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The restore journal's statements: what a task has finished, committed with the work itself. */
public interface JournalStatements {
  /** Creates the journal schema and tables if missing. */
  void createJournal(Connection connection, String schema) throws SQLException;

  /**
   * Whether the task has recorded this chunk done. A plain read, taking no lock: a locking read
   * of a missing key takes a gap lock, and two chunks' gap locks deadlock each other's journal
   * inserts. Two attempts of the same chunk are told apart by the journal's primary key instead.
   */
  boolean isChunkDone(Connection connection, String schema, String taskId, String chunkFile)
      throws SQLException;

  /**
   * Records a chunk done, in the caller's transaction; fails with a duplicate-key error when
   * another attempt of the same chunk recorded it first.
   */
  void markChunkDone(
      Connection connection,
      String schema,
      String taskId,
      String chunkFile,
      String targetTable,
      long rows)
      throws SQLException;

  /** One chunk's journal entry: the chunk file, its target table ("`db`.`table`"), its rows. */
  record ChunkDone(String chunkFile, String targetTable, long rows) {}

  /**
   * Which of {@code chunkFiles} the task has recorded done: {@link #isChunkDone} of each, in
   * fewer statements where the dialect can (a batch of small chunks asked once per chunk).
   */
  default Set<String> chunksDone(
      Connection connection, String schema, String taskId, Collection<String> chunkFiles)
      throws SQLException {
    Set<String> done = new HashSet<>();
    for (String file : chunkFiles) {
      if (isChunkDone(connection, schema, taskId, file)) {
        done.add(file);
      }
    }
    return done;
  }

  /**
   * {@link #markChunkDone} of each entry, in the caller's transaction, in fewer statements where
   * the dialect can; fails with a duplicate-key error when another attempt recorded any of them.
   */
  default void markChunksDone(
      Connection connection, String schema, String taskId, List<ChunkDone> entries)
      throws SQLException {
    for (ChunkDone entry : entries) {
      markChunkDone(
          connection, schema, taskId, entry.chunkFile(), entry.targetTable(), entry.rows());
    }
  }

  /** The chunks a task has recorded done. */
  Set<String> chunksDone(Connection connection, String schema, String taskId)
      throws SQLException;

  /** Rows a task has recorded written, per target table ("`db`.`table`"). */
  Map<String, Long> journaledRows(Connection connection, String schema, String taskId)
      throws SQLException;

  /** The objects ("kind `db`.`name`") a task has recorded created. */
  Set<String> objectsDone(Connection connection, String schema, String taskId)
      throws SQLException;

  /** Records an object created. */
  void markObjectDone(Connection connection, String schema, String taskId, String object)
      throws SQLException;

  /** {@link #markObjectDone} of each object, in fewer statements where the dialect can. */
  default void markObjectsDone(
      Connection connection, String schema, String taskId, List<String> objects)
      throws SQLException {
    for (String object : objects) {
      markObjectDone(connection, schema, taskId, object);
    }
  }

  /**
   * Stops the task's data writers, in every process that runs them: each reads the mark before
   * it starts a chunk ({@link #isStopped}). Kept until {@link #clearStop}.
   */
  default void stop(Connection connection, String schema, String taskId) throws SQLException {
    markObjectDone(connection, schema, taskId, Journal.STOP_ENTRY);
  }

  /** Lets the task's data writers start chunks again. */
  void clearStop(Connection connection, String schema, String taskId) throws SQLException;

  /**
   * Whether the task's data writers are stopped: one read by primary key, taking no lock (see
   * {@link #isChunkDone}).
   */
  boolean isStopped(Connection connection, String schema, String taskId) throws SQLException;

  /**
   * Drops the journal schema, after checking it holds exactly the journal's tables, with the
   * journal's columns, and nothing else; refuses (UserError, schema untouched) otherwise.
   * Returns false when there is no such schema.
   */
  boolean dropJournal(Connection connection, String schema) throws SQLException;

  /**
   * What a schema holds besides the journal's tables with the journal's columns ("table `t`",
   * "view `v`", ...); empty for a journal, or for a schema that does not exist.
   */
  List<String> notJournal(Connection connection, String schema) throws SQLException;
}
