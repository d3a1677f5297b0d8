package dev.dbrestore.pipelines;

import dev.dbrestore.pipelines.embedded.EmbeddedMariaDb;

/**
 * The MariaDB server the capture tests share: binary log on in ROW format with column names in
 * its TABLE_MAP events (binlog_row_metadata=FULL), as capture requires. Started once per JVM.
 */
final class CaptureServers {
  private static EmbeddedMariaDb capture;

  private CaptureServers() {}

  static synchronized EmbeddedMariaDb capture() {
    if (capture == null) {
      capture = EmbeddedMariaDb.start("it-capture", "--binlog-row-metadata=FULL");
      Runtime.getRuntime().addShutdownHook(new Thread(capture::close));
    }
    return capture;
  }
}
