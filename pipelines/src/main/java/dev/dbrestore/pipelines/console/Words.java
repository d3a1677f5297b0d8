package dev.dbrestore.pipelines.console;

import dev.dbrestore.pipelines.task.TaskState;
import java.time.Duration;
import java.util.Locale;

/** The console's words for states, sizes and durations, as the command line prints them. */
final class Words {
  private Words() {}

  /** A task state as people read it: "pre-check failed", "running", ... */
  static String state(TaskState state) {
    return state.name().toLowerCase(Locale.ROOT).replace("precheck_", "pre-check ").replace('_', ' ');
  }

  /** The state's key in URLs and CSS classes: precheck_failed, running, ... */
  static String key(TaskState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long s = d.toSeconds();
    return s < 3600
        ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
        : String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  static String bytes(long bytes) {
    return dev.dbrestore.pipelines.repository.BackupSetInfo.size(bytes);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
