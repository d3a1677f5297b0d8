package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;

/** The change writer for a target, where its kind of database can take a replay. */
public final class ChangeWriters {
  private ChangeWriters() {}

  /** The writer for the target at {@code jdbcUrl}; refuses a kind of database without one. */
  public static ChangeWriter require(String jdbcUrl) {
    return Dialects.all().stream()
        .filter(d -> jdbcUrl != null && d.acceptsUrl(jdbcUrl))
        .findFirst()
        .map(d -> require(d, jdbcUrl))
        .orElseThrow(() -> refusal(jdbcUrl));
  }

  /** The writer of {@code dialect}, the target's at {@code jdbcUrl}; refuses when it has none. */
  public static ChangeWriter require(Dialect dialect, String jdbcUrl) {
    return dialect.changeWriter().orElseThrow(() -> refusal(jdbcUrl));
  }

  private static UserError refusal(String jdbcUrl) {
    return new UserError(
        "The target "
            + (jdbcUrl == null ? "(none)" : jdbcUrl.replaceAll("\\?.*", ""))
            + " cannot take a replay of captured changes; replay writes into "
            + Dialects.describeChangeLogKinds().replace(" sources", " targets")
            + ".");
  }
}
