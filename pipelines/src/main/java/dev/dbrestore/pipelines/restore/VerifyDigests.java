package dev.dbrestore.pipelines.restore;

import dev.dbrestore.pipelines.task.RestoreTask;

/**
 * Reads every restored table back and compares its digest with the backup set's, unless the
 * task turned verification off.
 */
final class VerifyDigests implements RestoreStage {
  @Override
  public String progress() {
    return "verification";
  }

  @Override
  public Timing timing() {
    return Timing.VERIFY;
  }

  @Override
  public boolean runsFor(RestoreTask task) {
    return task.recoveryType().includesData() && task.verify();
  }

  @Override
  public void run(RestoreRun run) {
    run.verification =
        Verification.run(run.target, run.dialect, run.plan, run.precheck.rowsBefore());
  }
}
