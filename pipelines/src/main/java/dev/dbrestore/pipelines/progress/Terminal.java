package dev.dbrestore.pipelines.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error is a terminal, and how wide it is. */
final class Terminal {
  private Terminal() {}

  /**
   * Standard error is a terminal: on Linux its file descriptor names a terminal device; where
   * there is no /proc, the JVM's console (which needs standard input and output on a terminal).
   */
  static boolean isTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(Path.of("/proc/self/fd"))) {
      try {
        String device = Files.readSymbolicLink(fd).toString();
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /** The terminal's width from COLUMNS, which shells set; 80 without it. */
  static int columns() {
    try {
      String columns = System.getenv("COLUMNS");
      return columns == null ? 80 : Integer.parseInt(columns.strip());
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
