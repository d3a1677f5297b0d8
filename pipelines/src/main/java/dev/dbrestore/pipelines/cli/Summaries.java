package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.restore.Verification;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The per-table summaries the commands print. */
final class Summaries {
  private Summaries() {}

  static void printBackup(PrintStream out, Manifest manifest, long nanos) {
    long rows = 0;
    long bytes = 0;
    int chunks = 0;
    out.printf(Locale.ROOT, "%-48s %12s %8s %14s%n", "table", "rows", "chunks", "bytes");
    for (Manifest.Database db : manifest.databases()) {
      for (Manifest.Table table : db.tables()) {
        long tableBytes = table.chunks().stream().mapToLong(Manifest.Chunk::bytes).sum();
        out.printf(
            Locale.ROOT,
            "%-48s %12d %8d %14d%n",
            db.name() + "." + table.name(),
            table.rowCount(),
            table.chunks().size(),
            tableBytes);
        rows += table.rowCount();
        bytes += tableBytes;
        chunks += table.chunks().size();
      }
    }
    double seconds = nanos / 1e9;
    out.printf(
        Locale.ROOT,
        "Backup set %s: %d rows in %d chunks (%d bytes) in %.1f s (%.0f rows/s).%n",
        manifest.setId(),
        rows,
        chunks,
        bytes,
        seconds,
        rows / Math.max(seconds, 1e-9));
    Manifest.ConsistentPoint point = manifest.consistentPoint();
    if (point != null && point.binlogFile() != null) {
      out.printf(
          Locale.ROOT, "Consistent point: %s:%d%s%n", point.binlogFile(), point.binlogPosition(),
          point.gtidSet() == null ? "" : " (GTID " + point.gtidSet() + ")");
    }
  }

  static void printPrecheck(PrintStream out, PreCheck.Report report) {
    out.printf(Locale.ROOT, "%-36s %-8s %s%n", "pre-check item", "result", "cause / remedy");
    for (PreCheck.Item item : report.items()) {
      out.printf(
          Locale.ROOT,
          "%-36s %-8s %s%n",
          item.number() + ". " + item.name(),
          item.result().name().toLowerCase(Locale.ROOT),
          item.cause());
      if (!item.remedy().isEmpty() && item.result() != PreCheck.Result.PASS) {
        out.printf(Locale.ROOT, "%-36s %-8s -> %s%n", "", "", item.remedy());
      }
    }
    if (!report.notices().isEmpty()) {
      out.println(
          "Notices say how this restore runs; they never stop it and need no accepting: items "
              + report.notices().stream()
                  .map(i -> String.valueOf(i.number()))
                  .collect(java.util.stream.Collectors.joining(", "))
              + ".");
    }
    out.println();
  }

  static void printRestore(PrintStream out, RestoreReport report) {
    if (report.replay() != null) {
      out.print(report.replay().toText());
    }
    out.printf(
        Locale.ROOT, "%-48s %12s %12s %12s  %s%n", "table",
        report.replay() == null ? "backup rows" : "rows at time", "rows before", "rows after",
        "check");
    for (RestoreReport.TableResult t : report.tables()) {
      out.printf(
          Locale.ROOT,
          "%-48s %12d %12d %12d  %s%n",
          t.database() + "." + t.table(),
          t.expectedRows(),
          t.rowsBefore(),
          t.restoredRows(),
          t.matches() ? "ok" : "MISMATCH");
    }
    if (report.replay() != null) {
      out.println("Verification: by the replay, against the state at " + report.task().pointInTime()
          + " (above).");
    } else if (report.verification().isEmpty()) {
      out.println(
          "Verification: not done (the task has verify: false, from --no-verify, or restored no"
              + " data); dbrestore verify compares the target with the backup set.");
    } else {
      printVerification(out, report.verification());
    }
    double dataSeconds = seconds(report.data());
    out.printf(
        Locale.ROOT,
        "Task %s: restored %d rows and %d views, routines, triggers and events in %.1f s"
            + " (structure %.1f s, data %.1f s at %.0f rows/s, indexes %.1f s,%s post-data %.1f s,"
            + " check %.1f s, verification %.1f s), after a pre-check of %.1f s.%n",
        report.taskId(),
        report.rowsRestored(),
        report.objectsCreated(),
        seconds(report.total()),
        seconds(report.structure()),
        dataSeconds,
        report.rowsRestored() / Math.max(dataSeconds, 1e-9),
        seconds(report.indexes()),
        report.replay() == null
            ? ""
            : String.format(Locale.ROOT, " replay %.1f s,", seconds(report.replayTime())),
        seconds(report.postData()),
        seconds(report.check()),
        seconds(report.verify()),
        seconds(report.precheckTime()));
  }

  static void printVerification(PrintStream out, List<Verification.Result> results) {
    long matched = results.stream().filter(r -> r.skipped() == null && r.matches()).count();
    out.printf(
        Locale.ROOT,
        "Verification: %d of %d tables hold exactly the backup's rows (digest recomputed from the"
            + " target).%n",
        matched,
        results.size());
    for (Verification.Result r : results) {
      if (r.skipped() != null) {
        out.printf(Locale.ROOT, "  %s not compared: %s%n", r.table(), r.skipped());
      } else if (!r.matches()) {
        out.printf(
            Locale.ROOT,
            "  %s DIFFERS: %d rows with digest %s, the backup has %d rows with digest %s%n",
            r.table(), r.actualRows(), r.actual(), r.expectedRows(), r.expected());
      }
    }
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
