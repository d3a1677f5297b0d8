package dev.dbrestore.pipelines.repository;

/**
 * One backup set in a backup repository, as {@code dbrestore backups list} shows it. A complete
 * set has {@code time} (the manifest's start time), {@code bytes} (the sum of its chunks) and
 * {@code tables}; a set that is not complete (no readable manifest) has no time (null), the
 * size of its files, and {@code tables} -1.
 */
public record BackupSetInfo(
    String source,
    String backupTask,
    String setId,
    String time,
    long bytes,
    int tables,
    boolean complete) {

  /** A size as the listing prints it: bytes, then KiB, MiB, ... with one decimal. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
