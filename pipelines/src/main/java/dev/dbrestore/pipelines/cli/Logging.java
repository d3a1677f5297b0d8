package dev.dbrestore.pipelines.cli;

/** Sets the log levels before the first logger is made. */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
  }
}
