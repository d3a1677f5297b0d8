package dev.dbrestore.pipelines.drill;

import dev.dbrestore.pipelines.UsageError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration as a drill's SLO flags give it: 90s, 15m, 1h30m, 250ms, 2d, or ISO-8601 PT15M. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration a flag gives; anything else is a usage error naming the flag. */
  public static Duration parse(String flag, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("p")) {
      try {
        return nonNegative(flag, text, Duration.parse(value.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        throw bad(flag, text);
      }
    }
    Matcher m = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      long unitNanos = switch (m.group(2)) {
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> 86_400_000_000_000L;
      };
      total = total.plusNanos(Math.round(amount * unitNanos));
      end = m.end();
    }
    if (end == 0 || end != value.length()) {
      throw bad(flag, text);
    }
    return nonNegative(flag, text, total);
  }

  /** A duration as a person writes it: "1h30m", "90s", "250ms". */
  public static String format(Duration d) {
    if (d.toMillis() < 1000 && d.toNanos() % 1_000_000_000L != 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder s = new StringBuilder();
    long seconds = d.getSeconds();
    long[] units = {86400, 3600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (seconds >= units[i]) {
        s.append(seconds / units[i]).append(names[i]);
        seconds %= units[i];
      }
    }
    return s.length() == 0 ? "0s" : s.toString();
  }

  private static Duration nonNegative(String flag, String text, Duration d) {
    if (d.isNegative()) {
      throw bad(flag, text);
    }
    return d;
  }

  private static UsageError bad(String flag, String text) {
    return new UsageError(flag + " " + text + " is not a duration; give it like 90s, 15m, 1h30m,"
        + " 250ms or 2d.");
  }
}
