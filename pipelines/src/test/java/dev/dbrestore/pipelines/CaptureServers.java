package dev.dbrestore.pipelines;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /** {@code dbrestore capture} of a server as root into a repository, in this JVM. */
  static CliRun capture(String url, String sourceName, Path repository, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "capture", "--source", url, "--user", "root", "--source-name", sourceName,
        "--repository", repository.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }
}
