package dev.dbrestore.pipelines.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code dbrestore backups}: what the backup repository holds. */
@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description =
        "The backup sets in a backup repository, kept as <source>/<backup task>/<set id>/.",
    subcommands = {BackupsCommand.ListCommand.class, BackupsCommand.ShowCommand.class})
public final class BackupsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: list or show.");
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

    /** Options of the file system the repository is on, such as --awsRegion=... for s3://. */
    @Unmatched List<String> pipelineOptions = new ArrayList<>();

    @Override
    public Integer call() throws JsonProcessingException {
      if (!pipelineOptions.isEmpty()
          || repository != null && StorageFolder.isObjectStore(repository)) {
        // Beam's file systems for s3://, loaded only when needed: they slow the start.
        RunnerConfig.options(PipelineOptions.class, RunnerConfig.DEFAULT, pipelineOptions);
      }
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
      return BackupSetInfo.size(bytes);
    }
  }

  /** {@code dbrestore backups show SET}: what one backup set holds. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Shows one backup set: where it came from, its consistent point, whether it is signed,"
            + " every table with its rows, chunks and size, and its views, functions,"
            + " procedures, triggers and events. Reads the manifest only.",
        "Example:",
        "  dbrestore backups show 20261125-150102-3fa9",
        "  dbrestore backups show /backups/shop-2026-11-25 --json"
      })
  static final class ShowCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET",
        description = "The backup set: a folder, or a set id in the backup repository.")
    String set;

    @Mixin SetArgument lookup;

    @Option(names = "--json", description = "Print a JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      BackupSet backupSet = lookup.open(set);
      Manifest manifest = backupSet.manifest();
      boolean signed = backupSet.isSigned();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(asJson(backupSet, signed)));
      } else {
        print(out, backupSet, signed);
      }
      out.flush();
      return 0;
    }

    private static void print(PrintWriter out, BackupSet backupSet, boolean signed) {
      Manifest m = backupSet.manifest();
      out.println("Backup set " + m.setId() + " at " + backupSet.location());
      Manifest.Source source = m.source();
      out.println("Source:           " + source.kind() + " " + source.version() + ", server id "
          + source.serverId());
      out.println("Taken:            " + m.startTime() + " to " + m.endTime());
      out.println("Consistent point: " + point(m.consistentPoint()));
      out.println("Signed:           " + (signed
          ? "yes (`restore` or `query` with the signing key checks it)" : "no"));
      out.println();
      List<String[]> rows = new ArrayList<>();
      long totalRows = 0;
      long totalBytes = 0;
      int chunks = 0;
      int tables = 0;
      for (Manifest.Database db : m.databases()) {
        for (Manifest.Table table : db.tables()) {
          long bytes = table.chunks().stream().mapToLong(Manifest.Chunk::bytes).sum();
          rows.add(new String[] {db.name(), table.name(), Long.toString(table.rowCount()),
              Integer.toString(table.chunks().size()), ListCommand.size(bytes)});
          totalRows += table.rowCount();
          totalBytes += bytes;
          chunks += table.chunks().size();
          tables++;
        }
      }
      String[] header = {"database", "table", "rows", "chunks", "size"};
      int[] widths = new int[header.length];
      for (int i = 0; i < header.length; i++) {
        widths[i] = header[i].length();
        for (String[] row : rows) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      String format = "%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %"
          + widths[3] + "s  %" + widths[4] + "s%n";
      out.printf(Locale.ROOT, format, (Object[]) header);
      for (String[] row : rows) {
        out.printf(Locale.ROOT, format, (Object[]) row);
      }
      out.printf(Locale.ROOT, "%d %s, %d rows, %s in %d %s%n", tables,
          tables == 1 ? "table" : "tables", totalRows, ListCommand.size(totalBytes), chunks,
          chunks == 1 ? "chunk" : "chunks");
      out.println();
      out.println("Objects:");
      for (Manifest.Database db : m.databases()) {
        out.println("  " + db.name() + " (" + db.characterSet() + ", " + db.collation() + ")");
        objects(out, "views", names(db.views(), false));
        objects(out, "functions", names(db.functions(), false));
        objects(out, "procedures", names(db.procedures(), false));
        objects(out, "triggers", names(db.triggers(), true));
        objects(out, "events", names(db.events(), false));
      }
    }

    private static void objects(PrintWriter out, String kind, List<String> names) {
      out.println("    " + kind + " (" + names.size() + ")"
          + (names.isEmpty() ? "" : ": " + String.join(", ", names)));
    }

    private static List<String> names(List<Manifest.SchemaObject> objects, boolean onTable) {
      return objects == null
          ? List.of()
          : objects.stream()
              .map(o -> onTable && o.table() != null ? o.name() + " (on " + o.table() + ")"
                  : o.name())
              .toList();
    }

    private static String point(Manifest.ConsistentPoint point) {
      if (point == null) {
        return "not recorded";
      }
      StringBuilder text = new StringBuilder(String.valueOf(point.time()));
      if (point.binlogFile() != null) {
        text.append(", binary log ").append(point.binlogFile()).append(':')
            .append(point.binlogPosition());
      } else {
        text.append(", no binary log");
      }
      if (point.gtidSet() != null) {
        text.append(", GTID ").append(point.gtidSet());
      }
      return text.toString();
    }

    private static Map<String, Object> asJson(BackupSet backupSet, boolean signed) {
      Manifest m = backupSet.manifest();
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("setId", m.setId());
      root.put("location", backupSet.location());
      root.put("source", m.source());
      root.put("startTime", m.startTime());
      root.put("endTime", m.endTime());
      root.put("consistentPoint", m.consistentPoint());
      root.put("signed", signed);
      List<Map<String, Object>> databases = new ArrayList<>();
      for (Manifest.Database db : m.databases()) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", db.name());
        d.put("characterSet", db.characterSet());
        d.put("collation", db.collation());
        List<Map<String, Object>> tables = new ArrayList<>();
        for (Manifest.Table table : db.tables()) {
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("name", table.name());
          t.put("rows", table.rowCount());
          t.put("chunks", table.chunks().size());
          t.put("bytes", table.chunks().stream().mapToLong(Manifest.Chunk::bytes).sum());
          tables.add(t);
        }
        d.put("tables", tables);
        d.put("views", names(db.views(), false));
        d.put("functions", names(db.functions(), false));
        d.put("procedures", names(db.procedures(), false));
        List<Map<String, String>> triggers = new ArrayList<>();
        for (Manifest.SchemaObject trigger : db.triggers() == null ? List.<Manifest.SchemaObject>of()
            : db.triggers()) {
          Map<String, String> t = new LinkedHashMap<>();
          t.put("name", trigger.name());
          t.put("table", trigger.table());
          triggers.add(t);
        }
        d.put("triggers", triggers);
        d.put("events", names(db.events(), false));
        databases.add(d);
      }
      root.put("databases", databases);
      return root;
    }
  }
}
