package dev.dbrestore.pipelines.progress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far one stage has got at one moment: rows and bytes done, each of its total where the
 * total is known (null otherwise), the percent done, the rate since the stage started and the
 * seconds left at that rate (null until there is a rate).
 *
 * @param stage the stage's word, as the task record's progress names it: data, replay, ...
 * @param rowsDone rows done, counting those a resumed task had done before
 * @param rowsTotal rows the stage has in all; null when unknown
 * @param bytesDone bytes of chunk or log files done
 * @param bytesTotal bytes the stage has in all; null when unknown
 * @param percent rows done of their total (bytes where rows have none), 0 to 100; null unknown
 * @param rowsPerSecond rows done by this run per second since the stage started
 * @param etaSeconds seconds left at that rate; null without a total or a rate
 * @param updated when the figures were taken, an ISO-8601 instant
 */
public record Figures(
    String stage,
    long rowsDone,
    Long rowsTotal,
    long bytesDone,
    Long bytesTotal,
    Double percent,
    Double rowsPerSecond,
    Long etaSeconds,
    String updated) {

  /** The figures as the JSON progress event: event, stage, rowsDone, ... etaSeconds. */
  public Map<String, Object> asEvent() {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", "progress");
    event.put("stage", stage);
    event.put("rowsDone", rowsDone);
    event.put("rowsTotal", rowsTotal);
    event.put("bytesDone", bytesDone);
    event.put("bytesTotal", bytesTotal);
    event.put("percent", percent == null ? null : Math.round(percent * 10) / 10.0);
    event.put("rowsPerSecond", rowsPerSecond == null ? null : (double) Math.round(rowsPerSecond));
    event.put("etaSeconds", etaSeconds);
    return event;
  }

  /**
   * One short line for people: {@code data 45.0% 180,000/400,000 rows 17/38 MB 52,000 rows/s
   * ETA 4s}; a figure not known is left out (bytes where a stage counts none: the replay).
   */
  public String toLine() {
    StringBuilder line = new StringBuilder(stage);
    if (percent != null) {
      line.append(String.format(java.util.Locale.ROOT, " %.1f%%", percent));
    }
    line.append(' ').append(count(rowsDone));
    if (rowsTotal != null) {
      line.append('/').append(count(rowsTotal));
    }
    line.append(" rows");
    if (bytesDone > 0 || bytesTotal != null) {
      line.append(' ').append(megabytes(bytesDone));
      if (bytesTotal != null) {
        line.append('/').append(megabytes(bytesTotal));
      }
      line.append(" MB");
    }
    if (rowsPerSecond != null) {
      line.append(' ').append(count(Math.round(rowsPerSecond))).append(" rows/s");
    }
    if (etaSeconds != null) {
      line.append(" ETA ").append(duration(etaSeconds));
    }
    return line.toString();
  }

  private static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }

  private static String megabytes(long bytes) {
    double mb = bytes / 1e6;
    return mb < 10
        ? String.format(java.util.Locale.ROOT, "%.1f", mb)
        : String.format(java.util.Locale.ROOT, "%,d", Math.round(mb));
  }

  /** 42s, 3m07s, 2h05m. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
