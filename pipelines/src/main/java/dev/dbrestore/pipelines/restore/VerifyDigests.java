package dev.dbrestore.pipelines.restore;

import dev.dbrestore.pipelines.task.RestoreTask;

/**
 * Reads every restored table back and compares its digest with the backup set's, unless the
 * task turned verification off.
 */
final class VerifyDigests extends RestoreStage {
  VerifyDigests() {
    super("verification", Timing.VERIFY);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.recoveryType().includesData() && task.verify();
  }

  @Override
  void run(RestoreRun run) {
    run.verification =
        Verification.run(run.target, run.plan, run.precheck.rowsBefore());
  }
}
