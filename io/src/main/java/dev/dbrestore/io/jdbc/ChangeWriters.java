package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.mysql.replay.MySqlChangeWriter;

/** The change writer for a target's JDBC URL. */
public final class ChangeWriters {
  private ChangeWriters() {}

  /** The writer for the target at {@code jdbcUrl}; refuses a kind of database without one. */
  public static ChangeWriter require(String jdbcUrl) {
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:mysql:")) {
      return MySqlChangeWriter.INSTANCE;
    }
    throw new UserError(
        "The target "
            + (jdbcUrl == null ? "(none)" : jdbcUrl.replaceAll("\\?.*", ""))
            + " cannot take a replay of captured changes; replay writes into MySQL and MariaDB"
            + " targets (jdbc:mysql:// URLs).");
  }
}
