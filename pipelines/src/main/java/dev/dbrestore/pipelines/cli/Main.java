package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.JdbcChunkSink;
import dev.dbrestore.pipelines.UsageError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dbrestore} command line: parses, runs one command, and maps failures to exits. */
@Command(
    name = "dbrestore",
    mixinStandardHelpOptions = true,
    version = "dbrestore 0.1.0",
    description = "Backs up and restores MySQL and MariaDB databases with Apache Beam pipelines.",
    subcommands = {
      BackupCommand.class,
      RestoreCommand.class,
      DemoCommand.class,
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
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: backup, restore or demo.");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit status. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with errors written to {@code err}; returns the exit status. */
  public static int execute(PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
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
          Throwable reason = reason(exception);
          errors.println("dbrestore: " + message(reason));
          errors.flush();
          return reason instanceof UsageError ? 2 : 1;
        });
    return commandLine.execute(args);
  }

  /** The failure to report: a user error or chunk failure anywhere in the chain, else the root. */
  static Throwable reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UserError) {
        return t;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JdbcChunkSink.ChunkWriteException) {
        return t;
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String message(Throwable reason) {
    if (reason instanceof UserError || reason instanceof JdbcChunkSink.ChunkWriteException) {
      return reason.getMessage();
    }
    return reason.getClass().getSimpleName()
        + (reason.getMessage() == null ? "" : ": " + reason.getMessage().lines().findFirst().orElse(""));
  }
}
