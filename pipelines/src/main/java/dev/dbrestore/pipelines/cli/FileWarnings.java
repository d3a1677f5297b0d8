package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.FilePermissions;
import java.nio.file.Path;

/** One line on standard error for a secret's file others may read, where no pre-check runs. */
final class FileWarnings {
  private FileWarnings() {}

  static void warnIfReadableByOthers(String what, Path file) {
    if (file != null) {
      String warning = FilePermissions.warnIfReadableByOthers(file, what);
      if (warning != null) {
        System.err.println("dbrestore: warning: " + warning + ".");
      }
    }
  }

  static void warnIfReadableByOthers(String what, String file) {
    warnIfReadableByOthers(what, file == null ? null : Path.of(file));
  }
}
