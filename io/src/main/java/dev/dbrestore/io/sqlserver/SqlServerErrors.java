package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.jdbc.ErrorClassifier;
import java.sql.SQLException;

/** What SQL Server error numbers mean to this tool. */
public final class SqlServerErrors implements ErrorClassifier {
  /** Violation of a PRIMARY KEY or UNIQUE constraint. */
  static final int UNIQUE_CONSTRAINT = 2627;

  /** A duplicate key row in a unique index. */
  static final int UNIQUE_INDEX = 2601;

  /** A statement conflicted with a CHECK, FOREIGN KEY or other constraint. */
  static final int CONSTRAINT_CONFLICT = 547;

  /** The constraint a 547 message names: 'conflicted with the CHECK constraint "ck_x"'. */
  private static final java.util.regex.Pattern CONSTRAINT =
      java.util.regex.Pattern.compile(
          "conflicted with the ([A-Z ]+?) constraint \"((?:[^\"]|\"\")*)\"");

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

  /**
   * Error 547 from WITH CHECK CHECK CONSTRAINT ALL: rows written while the constraints were not
   * checked break one, which the server then cannot trust.
   */
  @Override
  public String explainBrokenConstraint(SQLException e, String table) {
    if (e.getErrorCode() != CONSTRAINT_CONFLICT) {
      return null;
    }
    java.util.regex.Matcher m = CONSTRAINT.matcher(e.getMessage() == null ? "" : e.getMessage());
    String constraint = m.find()
        ? "the " + m.group(1).toLowerCase(java.util.Locale.ROOT) + " constraint "
            + SqlServerSyntax.INSTANCE.quote(m.group(2).replace("\"\"", "\""))
        : "a constraint";
    return "Rows restored into " + table + " break " + constraint + ", so it cannot be checked"
        + " and trusted again after the load (" + e.getMessage() + "); correct or delete those"
        + " rows in the target, or drop the constraint, then resume the restore.";
  }
}
