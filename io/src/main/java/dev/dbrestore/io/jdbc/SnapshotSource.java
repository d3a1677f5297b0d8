package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The consistent point of a backup: the lock that stops writes, the point recorded under it,
 * the snapshot sessions that read it, and the named locks that coordinate them.
 */
public interface SnapshotSource {
  /** Sets up a session that reads one consistent snapshot (call before the lock is released). */
  void startSnapshotSession(Connection connection) throws SQLException;

  /** Takes the global read lock and records the log coordinates of this point. */
  Manifest.ConsistentPoint lockAndRecordPoint(Connection connection) throws SQLException;

  /** Releases the global read lock taken by {@link #lockAndRecordPoint}. */
  void releaseGlobalReadLock(Connection connection) throws SQLException;

  /** Takes a named session lock without waiting; true when this session now holds it. */
  boolean takeNamedLock(Connection connection, String name) throws SQLException;

  /** Releases a named session lock. */
  void releaseNamedLock(Connection connection, String name) throws SQLException;

  /** Whether any session holds the named lock. */
  boolean isNamedLockHeld(Connection connection, String name) throws SQLException;
}
