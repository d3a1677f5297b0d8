package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.SnapshotSource;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The consistent point on SQL Server: each reader reads in one SNAPSHOT transaction, started
 * while the driver's point is open; application locks (sp_getapplock, owned by the session)
 * coordinate the sessions.
 *
 * <p>SQL Server has no lock that stops every write while the readers start, so only one reader
 * reads exactly one point; several readers each read the point of their own start, all within
 * the moment the point is open. A database that does not allow SNAPSHOT isolation is read under
 * READ COMMITTED, each chunk as of its own read. {@link #consistency} warns of both.
 */
public final class SqlServerSnapshot implements SnapshotSource {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  /** Whether a database allows SNAPSHOT isolation (snapshot_isolation_state 1 is ON). */
  static final String SNAPSHOT_ALLOWED =
      "SELECT 1 FROM sys.databases WHERE name = ? AND snapshot_isolation_state = 1";

  static final String TAKE_LOCK =
      "{? = call sys.sp_getapplock(?, 'Exclusive', 'Session', 0)}";
  static final String RELEASE_LOCK = "{? = call sys.sp_releaseapplock(?, 'Session')}";

  /** 0 when another session holds the lock (a session's own lock is compatible with it). */
  static final String LOCK_FREE = "SELECT APPLOCK_TEST('public', ?, 'Exclusive', 'Session')";

  @Override
  public Consistency consistency(Connection connection, List<String> databases, int readers)
      throws SQLException {
    List<String> without = withoutSnapshot(connection, databases);
    if (!without.isEmpty()) {
      String names = String.join(", ", without);
      return new Consistency(false, "The SQL Server database " + names + " does not allow"
          + " SNAPSHOT isolation, so its chunks are read under READ COMMITTED, each as of its"
          + " own read and not at one point; for a consistent backup run ALTER DATABASE "
          + SQL.quote(without.get(0)) + " SET ALLOW_SNAPSHOT_ISOLATION ON first");
    }
    if (readers > 1) {
      return new Consistency(false, "SQL Server has no lock that stops writes while the "
          + readers + " readers start their SNAPSHOT transactions, so each reader's tables are"
          + " consistent as of its own start, all within the moment the readers start; for one"
          + " point across every table back up with --readers 1");
    }
    return Consistency.ONE_POINT;
  }

  private static List<String> withoutSnapshot(Connection connection, List<String> databases)
      throws SQLException {
    List<String> without = new ArrayList<>();
    for (String database : databases) {
      if (!SqlServerQueries.exists(connection, SNAPSHOT_ALLOWED, database)) {
        without.add(database);
      }
    }
    return without;
  }

  /** The statements that start a reader's transaction of these databases. */
  static List<String> snapshotStatements(List<String> databases, boolean snapshotAllowed) {
    List<String> statements = new ArrayList<>();
    statements.add("SET TRANSACTION ISOLATION LEVEL "
        + (snapshotAllowed ? "SNAPSHOT" : "READ COMMITTED"));
    statements.add("BEGIN TRANSACTION");
    if (snapshotAllowed) {
      // A SNAPSHOT transaction's snapshot starts at its first read of each database, not at
      // BEGIN: read each now, while the point is open.
      for (String database : databases) {
        statements.add("SELECT TOP (1) 1 FROM " + SQL.quote(database) + ".sys.objects");
      }
    }
    return statements;
  }

  @Override
  public void startSnapshotSession(Connection connection, List<String> databases)
      throws SQLException {
    boolean allowed = withoutSnapshot(connection, databases).isEmpty();
    try (Statement s = connection.createStatement()) {
      for (String statement : snapshotStatements(databases, allowed)) {
        s.execute(statement);
      }
    }
  }

  /** Records the time: no lock stops writes on SQL Server, and a logical backup takes no log. */
  @Override
  public Manifest.ConsistentPoint openPoint(Connection connection) {
    return new Manifest.ConsistentPoint(null, null, null, Instant.now().toString());
  }

  @Override
  public void closePoint(Connection connection) {}

  @Override
  public boolean takeNamedLock(Connection connection, String name) throws SQLException {
    return callLock(connection, TAKE_LOCK, name) >= 0;
  }

  @Override
  public void releaseNamedLock(Connection connection, String name) throws SQLException {
    callLock(connection, RELEASE_LOCK, name);
  }

  private static int callLock(Connection connection, String call, String name)
      throws SQLException {
    try (CallableStatement s = connection.prepareCall(call)) {
      s.registerOutParameter(1, Types.INTEGER);
      s.setString(2, name);
      s.execute();
      return s.getInt(1);
    }
  }

  /** Whether another session holds the lock: the callers only ask of others' locks. */
  @Override
  public boolean isNamedLockHeld(Connection connection, String name) throws SQLException {
    return "0".equals(SqlServerQueries.value(connection, LOCK_FREE, name));
  }
}
