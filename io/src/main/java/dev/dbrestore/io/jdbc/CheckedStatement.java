package dev.dbrestore.io.jdbc;

/**
 * A statement (or index definition) from a backup set that the dialect's check found to be
 * exactly what its entry claims, in the form that will run, with the session settings it was
 * checked under. Only the check makes these, so the dialect can run nothing else.
 */
public final class CheckedStatement {
  private final String sql;
  private final String sqlMode;
  private final String characterSetClient;
  private final String collationConnection;

  private CheckedStatement(
      String sql, String sqlMode, String characterSetClient, String collationConnection) {
    this.sql = sql;
    this.sqlMode = sqlMode;
    this.characterSetClient = characterSetClient;
    this.collationConnection = collationConnection;
  }

  /**
   * A statement the dialect's check ({@link StatementChecker}) accepted, in the form that will
   * run; only a check calls this.
   */
  public static CheckedStatement of(
      String sql, String sqlMode, String characterSetClient, String collationConnection) {
    return new CheckedStatement(sql, sqlMode, characterSetClient, collationConnection);
  }

  /** The text to run, exactly as checked. */
  public String sql() {
    return sql;
  }

  /** The sql_mode the text was read under and must run under. */
  public String sqlMode() {
    return sqlMode;
  }

  public String characterSetClient() {
    return characterSetClient;
  }

  public String collationConnection() {
    return collationConnection;
  }

  @Override
  public String toString() {
    return sql;
  }
}
