package dev.dbrestore.io.mysql;

import dev.dbrestore.io.jdbc.ErrorClassifier;
import java.sql.SQLException;

/** What MySQL and MariaDB error numbers mean to this tool. */
final class MySqlErrors implements ErrorClassifier {
  /** The server's error number for a duplicate primary or unique key. */
  static final int DUPLICATE_KEY = 1062;

  /** MariaDB refuses to read events while its event scheduler is DISABLED (error 1577). */
  static boolean isEventSchedulerDisabled(SQLException e) {
    return e.getErrorCode() == 1577
        || (e.getMessage() != null && e.getMessage().contains("event scheduler is disabled"));
  }

  @Override
  public boolean isTransient(SQLException e) {
    int code = e.getErrorCode();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return code == 1213 // deadlock
        || code == 1205 // lock wait timeout
        || code == 1040 // too many connections
        || code == 2006 // server has gone away
        || code == 2013 // lost connection during query
        || code == 1927 // MariaDB: connection killed
        || code == 1053 // server shutdown in progress
        || state.startsWith("08") // connection failures, including Connector/J's own
        || state.equals("40001"); // serialization failure
  }

  @Override
  public boolean isDuplicateKey(SQLException e) {
    return e.getErrorCode() == DUPLICATE_KEY;
  }

  @Override
  public boolean isLocalDataRefused(SQLException e) {
    int code = e.getErrorCode();
    // 1148/4166 (MariaDB), 3948 (MySQL): the server does not take local data.
    return code == 1148 || code == 3948 || code == 4166;
  }
}
