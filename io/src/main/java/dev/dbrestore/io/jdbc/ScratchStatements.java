package dev.dbrestore.io.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a drill needs of its scratch target beyond a restore: the databases the server holds and
 * dropping a database the drill created (the lock that keeps two drills off one server is the
 * snapshot's named lock, {@link SnapshotSource#takeNamedLock}).
 */
public interface ScratchStatements {
  /**
   * Whether this session's account sees every database of the server (on MySQL and MariaDB
   * the global SHOW DATABASES privilege): without it, {@link #databases} lists only those it
   * has privileges on, and an empty-looking server may hold others.
   */
  boolean seesEveryDatabase(Connection connection) throws SQLException;

  /** Every database (schema) of the server, its own system schemas included, by name. */
  List<String> databases(Connection connection) throws SQLException;

  /** Drops a database and everything in it; nothing when there is none. */
  void dropDatabase(Connection connection, String database) throws SQLException;
}
