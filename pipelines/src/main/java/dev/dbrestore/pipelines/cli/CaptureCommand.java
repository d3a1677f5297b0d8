package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.Passwords;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.capture.CaptureJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code dbrestore capture}: follows a source's binary log into log segments. */
@Command(
    name = "capture",
    mixinStandardHelpOptions = true,
    description = {
      "Follows the source's binary log as a replica does and writes its row changes and DDL"
          + " into log segments in the backup repository, <repository>/<source name>/binlog/,"
          + " so the source can later be restored to any second after its oldest full set.",
      "It starts where the last durable segment ends, or at the consistent point of the"
          + " source's oldest full set; a segment holds whole transactions only and becomes"
          + " durable atomically, so a capture that is killed resumes with no gap and no"
          + " duplicate.",
      "Its pre-check names each server setting and privilege that capture needs and is"
          + " missing, with the statement that fixes it (docs/backup-set-format.md lists them)."
    })
public final class CaptureCommand implements Callable<Integer> {
  @Option(names = "--source", required = true, paramLabel = "JDBC_URL",
      description = "The source server's JDBC URL, with one host and port.")
  String source;

  /** The capture account: it needs replication privileges and is not the restore account. */
  @Mixin ConnectionOptions connection;

  @Option(names = "--source-name", required = true, paramLabel = "NAME",
      description = "The source's name in the backup repository, as its full backups give it.")
  String sourceName;

  @Option(names = "--repository", paramLabel = "DIR",
      description = "The backup repository's root folder (default: backups/ in dbrestore's home"
          + " folder, ~/.dbrestore unless DBRESTORE_HOME says otherwise).")
  String repository;

  @Option(names = "--until-now",
      description = "Capture up to where the server's log ends when capture starts, make it"
          + " durable and exit (for cron and drills). Without it, capture follows the log until"
          + " SIGTERM or Ctrl-C, then closes its open segment and exits.")
  boolean untilNow;

  @Option(names = "--accept-gap",
      description = "When the server has already purged the log where capture must start, go on"
          + " from the oldest newer full set it still has the log for; the stretch between is"
          + " recorded as a gap and shown in the restorable window. Without it such a start is"
          + " refused.")
  boolean acceptGap;

  @Option(names = "--segment-size", paramLabel = "MB", defaultValue = "64",
      description = "Start a new segment once the open one holds this many megabytes"
          + " (default ${DEFAULT-VALUE}).")
  long segmentMegabytes;

  /** Tests rotate tiny segments; a DBA thinks in megabytes. */
  @Option(names = "--segment-bytes", hidden = true, paramLabel = "N")
  Long segmentBytes;

  @Option(names = "--segment-seconds", paramLabel = "S", defaultValue = "60",
      description = "Make the open segment durable once it is this many seconds old, so at most"
          + " this much captured time is lost to a crash (default ${DEFAULT-VALUE}).")
  long segmentSeconds;

  @Option(names = "--replica-server-id", paramLabel = "N",
      description = "The server id capture connects with, unique among the source's replicas"
          + " (default: one derived from the source name).")
  Long replicaServerId;

  @Option(names = "--verbose", description = "Print stack traces and the log reader's progress.")
  boolean verbose;

  /** Options of the file system the repository is on, such as --awsRegion=... for s3://. */
  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Logging.configure(verbose);
    if (!pipelineOptions.isEmpty()
        || repository != null && StorageFolder.isObjectStore(repository)) {
      // Beam's file systems for s3://, loaded only when needed: they slow the start.
      RunnerConfig.options(PipelineOptions.class, RunnerConfig.DEFAULT, pipelineOptions);
    }
    if (segmentMegabytes < 1 || segmentSeconds < 1) {
      throw new UsageError("Give --segment-size and --segment-seconds as 1 or more.");
    }
    if (connection.user == null) {
      throw new UsageError(
          "Name the capture account with --user: one with replication privileges, not the"
              + " restore account.");
    }
    connection.warnIfPasswordFileReadableByOthers();
    CaptureJob job =
        new CaptureJob(
            new CaptureJob.Options(
                source, connection.user,
                Passwords.source(connection.passwordEnv, connection.passwordFile), sourceName,
                repository, untilNow, acceptGap,
                segmentBytes != null ? segmentBytes : segmentMegabytes * 1024 * 1024,
                Duration.ofSeconds(segmentSeconds), replicaServerId),
            System.out);
    // Handled, not left to the JVM's shutdown: the open segment is closed and the exit is 0.
    SignalHandler stop = signal -> job.stop();
    SignalHandler oldTerm = handle("TERM", stop);
    SignalHandler oldInt = handle("INT", stop);
    try {
      CaptureJob.Result result = job.run();
      if (!result.nothingNew()) {
        System.out.println(
            "Captured " + result.transactions() + " transactions (" + result.rows()
                + " row changes, " + result.statements() + " statements) into "
                + result.segments() + " segments; the log is durable up to "
                + result.end().binlogFile() + ":" + result.end().binlogPosition() + ".");
      }
      return 0;
    } finally {
      handle("TERM", oldTerm);
      handle("INT", oldInt);
    }
  }

  /** Installs a handler; the JVM's own stays where it may not be replaced (-Xrs). */
  private static SignalHandler handle(String signal, SignalHandler handler) {
    if (handler == null) {
      return null;
    }
    try {
      return Signal.handle(new Signal(signal), handler);
    } catch (IllegalArgumentException notAllowed) {
      return null;
    }
  }
}
