package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.jdbc.ErrorClassifier;
import java.sql.SQLException;

/** What SQL Server error numbers mean to this tool. */
public final class SqlServerErrors implements ErrorClassifier {
  /** Violation of a PRIMARY KEY or UNIQUE constraint. */
  static final int UNIQUE_CONSTRAINT = 2627;

  /** A duplicate key row in a unique index. */
  static final int UNIQUE_INDEX = 2601;

  @Override
  public boolean isTransient(SQLException e) {
    int code = e.getErrorCode();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return code == 1205 // chosen as the deadlock victim
        || code == 1222 // lock request time out
        || code == 40501 // Azure SQL: service busy
        || code == 40613 // Azure SQL: database not currently available
        || code == 49918 // not enough resources to process the request
        || state.startsWith("08") // connection failures, including the driver's own
        || state.equals("40001"); // serialization failure
  }

  @Override
  public boolean isDuplicateKey(SQLException e) {
    return e.getErrorCode() == UNIQUE_CONSTRAINT || e.getErrorCode() == UNIQUE_INDEX;
  }

  /** SQL Server's bulk copy streams from the client: there is no local data to refuse. */
  @Override
  public boolean isLocalDataRefused(SQLException e) {
    return false;
  }
}
