package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskOverrides;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code dbrestore restore}: runs a restore task, pre-check first. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restores a backup set into a target server as a restore task (a task file or flags)."
          + " The pre-check runs first: any failure stops the task before anything is written,"
          + " and so does any warning you have not accepted; notices (how every restore runs,"
          + " such as definers rewritten) are printed and recorded and never stop it.",
      "Then: databases and tables; the rows (a transaction per chunk, foreign keys not"
          + " enforced while loading); views, routines, triggers and events (their definer"
          + " becomes the restoring account); and a row-count check per table. Every run is"
          + " recorded: see dbrestore tasks.",
      "With --source NAME --point-in-time TIME (ISO-8601 with Z or an offset): the newest"
          + " complete full set of NAME taken at or before TIME, then its captured log replayed"
          + " after the data and indexes, before the post-data objects. Every transaction whose"
          + " commit event is stamped at or before that second is applied, none after it, whole"
          + " transactions only; the report names the last transaction applied and the first"
          + " skipped (GTID, position, time). Triggers and events created in the window are not"
          + " replayed (their effects are in the row images).",
      "A task flag given with --task overrides that field of the task file; the run prints"
          + " which, and the task record lists them (overriddenByFlags). Example: dbrestore"
          + " restore --task shop.yaml --user restorer --password-env DB2_PASSWORD"
          + " --data-conflict ignore",
      "Any pipeline option (for example --targetParallelism=8) may follow as --name=value."
    })
public final class RestoreCommand implements Callable<Integer> {
  @Mixin TaskOptions task;

  @Option(names = "--resume", paramLabel = "TASK_ID",
      description = "Continue an interrupted or failed task (see dbrestore tasks list) as it was"
          + " recorded, with its bulk load, binary log and verification choices: done objects"
          + " and chunks are skipped, the rest is written from scratch. Only --user,"
          + " --password-env and --password-file may be given with it, for a target given as a"
          + " JDBC URL (a password may have rotated): --resume r-20261125-151925-ffc2 --user"
          + " root --password-env NEW_PW. The record then holds them, never the password.")
  String resume;

  @Option(names = "--no-binlog",
      description = "Write no binary log for the restored rows (off by default). Faster; needs"
          + " SUPER or BINLOG ADMIN; replicas and point-in-time recovery of the target then do"
          + " not see these rows. Recorded in the task (writeBinlog: false).")
  boolean noBinlog;

  @Option(names = "--no-verify",
      description = "Do not read the restored tables back to compare their digests with the"
          + " backup set's (on by default). Faster; row counts are still checked, and dbrestore"
          + " verify can compare the digests later. Recorded in the task (verify: false).")
  boolean noVerify;

  @Option(names = "--accept-warnings",
      description = "Start even if the pre-check has warnings (they are still printed).")
  boolean acceptWarnings;

  @Mixin CommonOptions common;

  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() {
    Logging.configure(common.verbose);
    RestoreOptions options =
        RunnerConfig.options(RestoreOptions.class, common.runnerConfig, pipelineOptions);
    RestoreReport report;
    try {
      if (resume != null) {
        TaskOverrides connection = task.resumeOverrides(resume);
        printOverridden(connection.fields(), "the recorded task");
        // The resume runs the recorded task: it refuses these if they would change it.
        if (noBinlog) {
          options.setWriteBinlog(false);
        }
        if (noVerify) {
          options.setVerify(false);
        }
        report = RestoreJob.resume(options, resume, task.settings(acceptWarnings), connection);
      } else {
        RestoreTask given = task.task();
        List<String> overridden = new ArrayList<>(task.overriddenFields());
        if (task.fromFile() && noBinlog && given.writeBinlog()) {
          overridden.add("writeBinlog");
        }
        if (task.fromFile() && noVerify && given.verify()) {
          overridden.add("verify");
        }
        printOverridden(overridden, "the task file");
        RestoreTask restoreTask =
            given.withWriting(
                given.bulkLoad(), given.writeBinlog() && !noBinlog, given.verify() && !noVerify);
        report = RestoreJob.run(options, restoreTask, task.settings(acceptWarnings), overridden);
      }
    } catch (RestoreJob.PreCheckFailed e) {
      Summaries.printPrecheck(System.out, e.report());
      throw e;
    }
    Summaries.printPrecheck(System.out, report.precheck());
    Summaries.printRestore(System.out, report);
    System.out.println(
        report.task().writeBinlog()
            ? "The restored rows were written to the target's binary log."
            : "The restored rows were NOT written to the target's binary log (--no-binlog).");
    if (!report.allMatch()) {
      System.err.println(
          "dbrestore: some tables hold a different number of rows than the backup set; see the"
              + " table above (task " + report.taskId() + ").");
      return 1;
    }
    return 0;
  }

  /** One line naming the task fields flags gave, so the run says what it follows. */
  static void printOverridden(List<String> fields, String over) {
    if (!fields.isEmpty()) {
      System.out.println(
          "Task fields given by flags over " + over + ": " + String.join(", ", fields) + ".");
    }
  }
}
