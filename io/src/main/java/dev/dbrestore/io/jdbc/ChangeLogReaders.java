package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.util.Optional;

/** The change-log reader for a JDBC URL, where that kind of database has a log to capture. */
public final class ChangeLogReaders {
  private ChangeLogReaders() {}

  /** The reader for the source at {@code jdbcUrl}, or empty when its kind has no such log. */
  public static Optional<ChangeLogReader> forUrl(String jdbcUrl) {
    if (jdbcUrl == null) {
      return Optional.empty();
    }
    return Dialects.all().stream()
        .filter(d -> d.acceptsUrl(jdbcUrl))
        .findFirst()
        .flatMap(Dialect::changeLogReader);
  }

  /** The reader for the source at {@code jdbcUrl}; refuses a kind of database without one. */
  public static ChangeLogReader require(String jdbcUrl) {
    return forUrl(jdbcUrl)
        .orElseThrow(
            () ->
                new UserError(
                    "The source "
                        + (jdbcUrl == null ? "(none)" : jdbcUrl.replaceAll("\\?.*", ""))
                        + " keeps no change log that capture can read; capture works with "
                        + Dialects.describeChangeLogKinds()
                        + "."));
  }
}
