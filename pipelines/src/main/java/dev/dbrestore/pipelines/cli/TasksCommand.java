package dev.dbrestore.pipelines.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dbrestore.pipelines.DbrestoreHome;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbrestore tasks}: the record every restore leaves, listed or shown one at a time. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = {
      "Lists and shows restore tasks. Every restore is recorded in the tasks folder of the"
          + " dbrestore home (DBRESTORE_HOME, else ~/.dbrestore): the task as given (never a"
          + " password), its state, rows written per table, pre-check results and any error.",
      "A task whose dbrestore process ended while it ran shows as INTERRUPTED."
    },
    subcommands = {TasksCommand.ListTasks.class, TasksCommand.ShowTask.class})
public final class TasksCommand implements Runnable {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final int ERROR_CHARS = 60;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: list or show.");
  }

  /** {@code dbrestore tasks list}: one line per restore task, newest first. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists restore tasks, newest first: id, name, state, start, end, rows"
          + " written and the start of the error if any.")
  static final class ListTasks implements Callable<Integer> {
    @Option(names = "--json", description = "Print the task records as a JSON array.")
    boolean json;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      TaskStore store = TaskStore.open(DbrestoreHome.tasks());
      List<TaskRecord> records = store.list();
      if (json) {
        out.println(toJson(records));
      } else if (records.isEmpty()) {
        out.println("No restore tasks are recorded in " + store.dir() + ".");
      } else {
        printTable(out, records);
      }
      out.flush();
      return 0;
    }

    private static void printTable(PrintWriter out, List<TaskRecord> records) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"id", "name", "state", "start", "end", "rows written", "error"});
      for (TaskRecord r : records) {
        rows.add(
            new String[] {
              r.id(),
              orDash(r.name()),
              String.valueOf(r.state()),
              toSeconds(r.startTime()),
              toSeconds(r.endTime()),
              Long.toString(totalRows(r)),
              r.error() == null ? "" : firstChars(r.error(), ERROR_CHARS)
            });
      }
      printColumns(out, "", rows, 5);
    }
  }

  /** {@code dbrestore tasks show ID}: everything one task record holds. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one restore task: the task as given, state, times, process, progress"
          + " (for a running task its stage's rows and bytes done of their totals, percent,"
          + " rows/s and ETA, saved every two seconds; for an ended one its last stage's),"
          + " rows written per target table, pre-check results and the error."
          + " Example: dbrestore tasks show r-20261125-151925-ffc2 --json")
  static final class ShowTask implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The task's id, as tasks list prints it.")
    String id;

    @Option(names = "--json", description = "Print the task record as JSON.")
    boolean json;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      TaskRecord r = TaskStore.open(DbrestoreHome.tasks()).get(id);
      if (json) {
        out.println(toJson(r));
      } else {
        print(out, r);
      }
      out.flush();
      return 0;
    }

    private static void print(PrintWriter out, TaskRecord r) {
      out.printf(Locale.ROOT, "id:        %s%n", r.id());
      out.printf(Locale.ROOT, "name:      %s%n", orDash(r.name()));
      out.printf(Locale.ROOT, "state:     %s%n", r.state());
      out.printf(Locale.ROOT, "started:   %s%n", orDash(r.startTime()));
      out.printf(Locale.ROOT, "ended:     %s%n", orDash(r.endTime()));
      out.printf(Locale.ROOT, "process:   %d on %s%n", r.pid(), orDash(r.host()));
      out.printf(Locale.ROOT, "progress:  %s%n", orDash(r.progress()));
      if (r.figures() != null) {
        out.printf(Locale.ROOT, "figures:   %s (at %s)%n", r.figures().toLine(),
            toSeconds(r.figures().updated()));
      }
      if (!r.stageSeconds().isEmpty()) {
        List<String> stages = new ArrayList<>();
        r.stageSeconds().forEach((stage, seconds) ->
            stages.add(String.format(Locale.ROOT, "%s %.2f s", stage, seconds)));
        out.printf(Locale.ROOT, "stages:    %s%n", String.join(", ", stages));
      }
      out.printf(
          Locale.ROOT, "error:     %s%n", r.error() == null ? "-" : indentAfterFirst(r.error()));

      out.println();
      out.println("task as given:");
      if (r.task().isEmpty()) {
        out.println("  (empty)");
      } else {
        toYaml(r.task()).lines().forEach(line -> out.println("  " + line));
      }

      out.println();
      out.println("rows written:");
      if (r.rowsWritten().isEmpty()) {
        out.println("  (none)");
      } else {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"table", "rows"});
        r.rowsWritten().forEach((table, n) -> rows.add(new String[] {table, String.valueOf(n)}));
        rows.add(new String[] {"total", Long.toString(totalRows(r))});
        printColumns(out, "  ", rows, 1);
      }

      out.println();
      out.println("pre-check:");
      if (r.precheck().isEmpty()) {
        out.println("  (none recorded)");
      } else {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"item", "result", "cause", "remedy"});
        for (Map<String, String> check : r.precheck()) {
          rows.add(
              new String[] {
                orDash(check.get("item")),
                orDash(check.get("result")),
                orDash(check.get("cause")),
                orDash(check.get("remedy"))
              });
        }
        printColumns(out, "  ", rows, -1);
      }
    }
  }

  static long totalRows(TaskRecord r) {
    return r.rowsWritten().values().stream().mapToLong(n -> n == null ? 0 : n).sum();
  }

  /**
   * Prints rows as left-aligned columns, the last one unpadded; the column {@code rightAligned}
   * (-1 for none) is aligned right, as numbers read best.
   */
  private static void printColumns(
      PrintWriter out, String indent, List<String[]> rows, int rightAligned) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < columns; c++) {
        boolean last = c == columns - 1;
        String cell = row[c];
        if (c == rightAligned) {
          line.append(" ".repeat(widths[c] - cell.length())).append(cell);
        } else {
          line.append(cell);
          if (!last) {
            line.append(" ".repeat(widths[c] - cell.length()));
          }
        }
        if (!last) {
          line.append("  ");
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** An ISO-8601 instant to the second, which is all a table of tasks needs. */
  private static String toSeconds(String isoInstant) {
    if (isoInstant == null) {
      return "-";
    }
    try {
      return Instant.parse(isoInstant).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return isoInstant;
    }
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  /** The first line of {@code text}, cut to {@code max} characters with "..." if longer. */
  private static String firstChars(String text, int max) {
    String firstLine = text.strip().lines().findFirst().orElse("");
    boolean cut = firstLine.length() > max || text.strip().lines().count() > 1;
    String shown = firstLine.length() > max ? firstLine.substring(0, max) : firstLine;
    return cut ? shown + "..." : shown;
  }

  private static String indentAfterFirst(String text) {
    return String.join(System.lineSeparator() + "           ", text.lines().toList());
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
