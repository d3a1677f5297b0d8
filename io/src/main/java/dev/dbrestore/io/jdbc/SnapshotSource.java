package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The consistent point of a backup. A driver session opens the point ({@link #openPoint}); while
 * it is open each reader starts its own snapshot transaction ({@link #startSnapshotSession});
 * then the driver closes it ({@link #closePoint}). Named locks coordinate the sessions. How much
 * that gives depends on the kind ({@link #consistency}): MySQL's global read lock stops every
 * write while the point is open, so all readers read one point; a kind without such a lock
 * gives each reader a snapshot of its own start.
 */
public interface SnapshotSource {
  /** What a backup's readers read: one point, or less, with the warning that says so. */
  record Consistency(boolean onePoint, String warning) {
    /** Every reader reads the one recorded point. */
    public static final Consistency ONE_POINT = new Consistency(true, null);
  }

  /**
   * The consistency a backup of these databases with this many readers gets, asked before it
   * starts; by default one point.
   */
  default Consistency consistency(Connection connection, List<String> databases, int readers)
      throws SQLException {
    return Consistency.ONE_POINT;
  }

  /**
   * Starts a reader's snapshot transaction of the databases it reads, while the point is open
   * (call before {@link #closePoint}).
   */
  void startSnapshotSession(Connection connection, List<String> databases) throws SQLException;

  /**
   * Opens the point every reader's snapshot is of and records its coordinates: on MySQL the
   * global read lock and the binary log position under it. Holds until {@link #closePoint} on
   * the same connection.
   */
  Manifest.ConsistentPoint openPoint(Connection connection) throws SQLException;

  /** Closes the point {@link #openPoint} opened (on MySQL: releases the global read lock). */
  void closePoint(Connection connection) throws SQLException;

  /** Takes a named session lock without waiting; true when this session now holds it. */
  boolean takeNamedLock(Connection connection, String name) throws SQLException;

  /** Releases a named session lock. */
  void releaseNamedLock(Connection connection, String name) throws SQLException;

  /** Whether any session holds the named lock. */
  boolean isNamedLockHeld(Connection connection, String name) throws SQLException;
}
