package dev.dbrestore.pipelines.cli;

import picocli.CommandLine.Option;

/**
 * Options every command that runs a pipeline takes. Pipeline options (--name=value) are each
 * command's own {@code @Unmatched} field: picocli ignores {@code @Unmatched} in a mixin.
 */
public final class CommonOptions {
  @Option(
      names = "--runner-config",
      paramLabel = "FILE",
      description =
          "How to run: a YAML file of pipeline options, or direct (the default), flink-local or"
              + " flink-cluster from runner-configs/.")
  String runnerConfig;

  @Option(names = "--verbose", description = "Print stack traces and Beam's own progress.")
  boolean verbose;

}
