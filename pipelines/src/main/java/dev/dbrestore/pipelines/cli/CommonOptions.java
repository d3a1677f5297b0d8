package dev.dbrestore.pipelines.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** Options every command that runs a pipeline takes. */
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

  @Unmatched
  @SuppressWarnings("FieldMayBeFinal")
  List<String> pipelineOptions = new ArrayList<>();
}
