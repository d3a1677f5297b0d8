package dev.dbrestore.pipelines.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dbrestore backups}: what the backup repository holds. */
@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description =
        "The backup sets in a backup repository, kept as <source>/<backup task>/<set id>/.",
    subcommands = {BackupsCommand.ListCommand.class})
public final class BackupsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: list.");
  }

  /** {@code dbrestore backups list}: one line per backup set, complete or not. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Lists the backup sets in the backup repository, sorted by source, backup task and set"
            + " id. A set without a readable manifest.json is not complete: still being written,"
            + " failed, or damaged; it cannot be restored.",
        "With --source, also the window that source can be restored to the second: from its"
            + " oldest full set's consistent point to the last captured commit, gaps shown."
      })
  static final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--source", paramLabel = "NAME",
        description = "Only the backup sets of this source.")
    String source;

    @Option(names = "--repository", paramLabel = "DIR",
        description = "The backup repository's root folder (default: backups/ in dbrestore's"
            + " home folder, ~/.dbrestore unless DBRESTORE_HOME says otherwise).")
    String repository;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      BackupRepository backups = BackupRepository.at(repository);
      List<BackupSetInfo> sets = backups.list(source);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(sets));
      } else if (sets.isEmpty()) {
        out.println(
            "The backup repository at "
                + backups.root()
                + " holds no backup sets"
                + (source == null ? "." : " of the source " + source + "."));
      } else {
        printTable(out, sets);
      }
      if (!json && source != null) {
        printWindow(out, RestorableWindow.of(backups, source));
      }
      out.flush();
      return 0;
    }

    private static void printTable(PrintWriter out, List<BackupSetInfo> sets) {
      int sourceWidth = width("source", sets.stream().map(BackupSetInfo::source).toList());
      int taskWidth = width("backup task", sets.stream().map(BackupSetInfo::backupTask).toList());
      int setWidth = width("set id", sets.stream().map(BackupSetInfo::setId).toList());
      int timeWidth = width("time", sets.stream().map(ListCommand::time).toList());
      String format =
          "%-" + sourceWidth + "s  %-" + taskWidth + "s  %-" + setWidth + "s  %-" + timeWidth
              + "s  %10s  %6s  %s%n";
      out.printf(
          Locale.ROOT, format, "source", "backup task", "set id", "time", "size", "tables",
          "complete");
      for (BackupSetInfo set : sets) {
        out.printf(
            Locale.ROOT,
            format,
            set.source(),
            set.backupTask(),
            set.setId(),
            time(set),
            size(set.bytes()),
            set.tables() < 0 ? "-" : Integer.toString(set.tables()),
            set.complete() ? "yes" : "no");
      }
    }

    /** The window restorable to the second, from the oldest covered full set to the log's end. */
    private static void printWindow(PrintWriter out, RestorableWindow window) {
      if (!window.exists()) {
        out.println("Restorable to the second: none, " + window.why() + ".");
        return;
      }
      out.println(
          "Restorable to the second: " + window.fromTime() + " (full set " + window.from().label()
              + ", " + point(window.fromPoint()) + ") to " + window.toTime()
              + " (last captured commit, " + point(window.toPoint()) + ")"
              + (window.gaps().isEmpty() ? ", no gaps." : ", except:"));
      for (LogManifest.Gap gap : window.gaps()) {
        out.println(
            "  gap: " + gap.fromTime() + " to " + gap.toTime() + " (" + point(gap.from())
                + " to " + point(gap.to()) + "): " + gap.reason());
      }
    }

    private static String point(LogManifest.Point point) {
      return point.binlogFile() + ":" + point.binlogPosition();
    }

    private static String time(BackupSetInfo set) {
      return set.time() == null ? "-" : set.time();
    }

    private static int width(String header, List<String> values) {
      return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
    }

    /** Bytes for a reader: 512 B, 3.8 MiB, 12.0 GiB. */
    static String size(long bytes) {
      if (bytes < 1024) {
        return bytes + " B";
      }
      String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
      double value = bytes;
      int unit = -1;
      while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
      }
      return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
  }
}
