package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.progress.ProgressMode;
import picocli.CommandLine;
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

  /**
   * Set while the command line is parsed (picocli calls it with the default too), so the
   * command's stages show progress in this mode; {@link Main} sets none again afterwards.
   */
  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      converter = ModeConverter.class,
      description =
          "How the long stages (backup, data, replay, verification) show their progress on"
              + " standard error: auto (the default: one line redrawn in place on a terminal,"
              + " else plain), plain (a line every 5 s and one when a stage ends), json (one JSON"
              + " object a line, at least one a second and one at every stage change: event,"
              + " stage, rowsDone, rowsTotal, bytesDone, bytesTotal, percent, rowsPerSecond,"
              + " etaSeconds) or none. Example: --progress=json 2>progress.jsonl")
  void progress(ProgressMode mode) {
    Progress.show(mode);
  }

  /** A --progress value in any case; anything else one sentence, and the usage (exit 2). */
  static final class ModeConverter implements CommandLine.ITypeConverter<ProgressMode> {
    @Override
    public ProgressMode convert(String value) {
      try {
        return ProgressMode.parse(value);
      } catch (UsageError e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

}
