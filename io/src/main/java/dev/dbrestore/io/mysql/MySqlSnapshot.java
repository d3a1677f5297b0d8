package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.SnapshotSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The consistent point on MySQL and MariaDB: FLUSH TABLES WITH READ LOCK, the binary log position
 * and GTID under it, consistent-snapshot sessions, named locks.
 */
public final class MySqlSnapshot implements SnapshotSource {
  @Override
  public void startSnapshotSession(Connection connection, List<String> databases)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00'");
      s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    }
  }

  /**
   * Takes the global read lock and records the binlog coordinates and time of this point. The
   * lock holds until {@link #closePoint} on the same connection.
   */
  @Override
  public Manifest.ConsistentPoint openPoint(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try {
        s.execute("FLUSH TABLES WITH READ LOCK");
      } catch (SQLException e) {
        if (e.getErrorCode() == 1227) {
          throw new UserError(
              "The source account may not take the global read lock that a consistent backup"
                  + " needs; grant it the RELOAD privilege.",
              e);
        }
        throw e;
      }
      String file = null;
      Long position = null;
      try (ResultSet r = binaryLogStatus(s)) {
        if (r.next()) {
          file = r.getString(1);
          position = r.getLong(2);
        }
      }
      String gtid;
      try {
        gtid = MySqlQueries.value(connection, "SELECT @@GLOBAL.gtid_current_pos");
      } catch (SQLException notMariaDb) {
        gtid = MySqlQueries.value(connection, "SELECT @@GLOBAL.gtid_executed");
      }
      if (gtid != null && gtid.isEmpty()) {
        gtid = null;
      }
      return new Manifest.ConsistentPoint(file, position, gtid, Instant.now().toString());
    }
  }

  @Override
  public void closePoint(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("UNLOCK TABLES");
    }
  }

  /** Takes a named user-level lock without waiting; true when this session now holds it. */
  @Override
  public boolean takeNamedLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    }
  }

  @Override
  public void releaseNamedLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      s.setString(1, name);
      s.executeQuery().close();
    }
  }

  /** Whether some session holds the named lock. */
  @Override
  public boolean isNamedLockHeld(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        r.getLong(1);
        return !r.wasNull();
      }
    }
  }

  /**
   * The server's binary log status (file, position, ...): MySQL 8.4 renamed SHOW MASTER STATUS;
   * MariaDB and older MySQL know only the old name.
   */
  public static ResultSet binaryLogStatus(Statement s) throws SQLException {
    try {
      return s.executeQuery("SHOW BINARY LOG STATUS");
    } catch (SQLException oldName) {
      return s.executeQuery("SHOW MASTER STATUS");
    }
  }
}
