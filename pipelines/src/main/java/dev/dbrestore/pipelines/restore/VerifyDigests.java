package dev.dbrestore.pipelines.restore;

import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.progress.ProgressSource;
import dev.dbrestore.pipelines.progress.Tally;
import dev.dbrestore.pipelines.task.RestoreTask;

/**
 * Reads every restored table back and compares its digest with the backup set's, unless the
 * task turned verification off. A restore to a point in time has no set digest to hold its
 * tables against: its replay compares each with the digest of the state at that second.
 */
final class VerifyDigests extends RestoreStage {
  VerifyDigests() {
    super("verification", Timing.VERIFY);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.recoveryType().includesData() && task.verify() && !task.toPointInTime();
  }

  @Override
  void run(RestoreRun run) {
    ProgressSource.Done total = Verification.total(run.plan);
    Tally done = new Tally();
    try (Progress.Stage progress =
        Progress.stage("verification", total.rows(), total.bytes(), done,
            figures -> run.progress("verification", figures))) {
      run.verification =
          Verification.run(run.target, run.plan, run.precheck.rowsBefore(), done);
    }
  }
}
