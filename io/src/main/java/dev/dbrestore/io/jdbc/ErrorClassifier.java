package dev.dbrestore.io.jdbc;

import java.sql.SQLException;

/** What a database's errors mean to this tool, so no caller reads a vendor's error numbers. */
public interface ErrorClassifier {
  /**
   * Whether an error is transient: deadlock, lock wait timeout, lost connection, server gone
   * away, too many connections. Those are retried; anything else fails at once.
   */
  boolean isTransient(SQLException e);

  /** Whether an error is a duplicate primary or unique key. */
  boolean isDuplicateKey(SQLException e);

  /** Whether an error says the server does not take local data for the bulk loader. */
  boolean isLocalDataRefused(SQLException e);

  /**
   * One sentence when an error says rows of {@code table} break a constraint the load checks
   * again after its rows are in (naming the constraint and what to do); null for any other
   * error, and by default.
   */
  default String explainBrokenConstraint(SQLException e, String table) {
    return null;
  }
}
