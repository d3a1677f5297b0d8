package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.format.Sha256;
import dev.dbrestore.io.jdbc.Dialects;
import dev.dbrestore.pipelines.Failures;
import dev.dbrestore.pipelines.UsageError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dbrestore} command line: parses, runs one command, and maps failures to exits. */
@Command(
    name = "dbrestore",
    mixinStandardHelpOptions = true,
    version = "dbrestore 0.1.0",
    description = "Backs up and restores databases with Apache Beam pipelines.",
    subcommands = {
      BackupCommand.class,
      CaptureCommand.class,
      RestoreCommand.class,
      DrillCommand.class,
      DemoCommand.class,
      PrecheckCommand.class,
      TasksCommand.class,
      BackupsCommand.class,
      QueryCommand.class,
      ConsoleCommand.class,
      JournalCommand.class,
      VerifyCommand.class,
      WarmUpCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit status: 0 done, 1 failed (one line says why; --verbose adds the stack trace),"
          + " 2 the command was given wrongly."
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Name a command: " + commandNames(spec) + ".");
  }

  /** The commands a user may give, as the help lists them: "backup, restore, ... or help". */
  static String commandNames(CommandLine.Model.CommandSpec spec) {
    List<String> names = new ArrayList<>();
    spec.subcommands().forEach(
        (name, sub) -> {
          if (!sub.getCommandSpec().usageMessage().hidden()) {
            names.add(name);
          }
        });
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or " + names.get(names.size() - 1);
  }

  public static void main(String[] args) {
    Sha256.loadInBackground(); // beside the start-up, not in the way of the first digest
    initPipelineOptionsInBackground();
    System.exit(execute(args));
  }

  /**
   * Beam's options factory validates every options interface on the class path when it loads
   * (about a second of CPU here under C1); loading it on a thread of its own overlaps that with
   * parsing the command line. A failure shows again, in its own words, where it is first used.
   */
  private static void initPipelineOptionsInBackground() {
    Thread init = new Thread(() -> {
      try {
        Class.forName("org.apache.beam.sdk.options.PipelineOptionsFactory");
      } catch (Throwable e) { // the command that needs it reports it
      }
    }, "pipeline-options-init");
    init.setDaemon(true);
    init.start();
  }

  /** Runs the command line and returns the exit status. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with errors written to {@code err}; returns the exit status. */
  public static int execute(PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.getCommandSpec().usageMessage().description(
        commandLine.getCommandSpec().usageMessage().description()[0], Dialects.describe());
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          PrintWriter errors = cmd.getErr();
          boolean verbose = false;
          for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            verbose |= r.hasMatchedOption("--verbose");
          }
          if (verbose) {
            exception.printStackTrace(errors);
          }
          errors.println("dbrestore: " + Failures.message(exception));
          errors.flush();
          return Failures.reason(exception) instanceof UsageError ? 2 : 1;
        });
    try {
      return commandLine.execute(args);
    } finally {
      // --progress is per command: a job run next in this JVM shows none unless asked.
      dev.dbrestore.pipelines.progress.Progress.show(
          dev.dbrestore.pipelines.progress.ProgressMode.NONE);
    }
  }
}
