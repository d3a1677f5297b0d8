package dev.dbrestore.pipelines.restore;

import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.replay.ReplayReport;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.time.Duration;
import java.util.List;

/**
 * What a restore did: its task record, the pre-check, rows per table, the time of the pre-check
 * and of each stage (the replay's zero unless restoring to a point in time; the indexes' those
 * added after the data), the task as it ran, and for a restore to a point in time what the
 * replay did (else null).
 */
public record RestoreReport(
    String taskId,
    PreCheck.Report precheck,
    Duration precheckTime,
    List<TableResult> tables,
    Duration structure,
    Duration data,
    Duration indexes,
    Duration replayTime,
    Duration postData,
    Duration check,
    int objectsCreated,
    List<Verification.Result> verification,
    Duration verify,
    RestoreTask task,
    ReplayReport replay) {

  /**
   * One target table: rows the manifest lists, rows it held before, and rows it holds after. A
   * table that was empty must hold exactly the backup's rows; one that held rows (conflict
   * policy ignore or overwrite) at least as many.
   */
  public record TableResult(
      String database, String table, long expectedRows, long rowsBefore, long restoredRows) {
    public boolean matches() {
      return rowsBefore == 0 ? expectedRows == restoredRows : restoredRows >= expectedRows;
    }
  }

  public long rowsRestored() {
    return tables.stream().mapToLong(t -> t.restoredRows() - t.rowsBefore()).sum();
  }

  /** The stages' time, from the structure to the verification (the pre-check not included). */
  public Duration total() {
    return structure.plus(data).plus(indexes).plus(replayTime).plus(postData).plus(check)
        .plus(verify);
  }

  /** Row counts and digests all as the backup set says. */
  public boolean allMatch() {
    return tables.stream().allMatch(TableResult::matches)
        && verification.stream().allMatch(Verification.Result::matches);
  }
}
