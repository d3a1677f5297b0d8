package dev.dbrestore.pipelines.task;

import dev.dbrestore.io.UserError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The point in time of a restore, as a task file and --point-in-time give it. */
public final class PointInTime {
  private PointInTime() {}

  /**
   * A point in time with its zone; a time without one is refused with an example, since the same
   * wall-clock time is another second in every zone.
   */
  public static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(text);
        throw new UserError("The point in time " + text + " has no zone; give it with Z or an"
            + " offset, e.g. 2026-12-01T14:04:59Z or 2026-12-01T16:04:59+02:00.");
      } catch (DateTimeParseException notLocal) {
        throw new UserError("The point in time " + text + " is not an ISO-8601 time; give it like"
            + " 2026-12-01T14:04:59Z.");
      }
    }
  }
}
