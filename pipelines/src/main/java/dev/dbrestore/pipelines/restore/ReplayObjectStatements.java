package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.replay.ReplayJob;
import dev.dbrestore.pipelines.task.RestoreTask;

/**
 * The log's view and routine statements of a restore to a point in time, in log order, after the
 * set's own views and routines exist (so a view the log replaced or dropped ends as it was at the
 * second), before the row-count check. Each runs once, journaled with the replay.
 */
final class ReplayObjectStatements extends RestoreStage {
  ReplayObjectStatements() {
    super("replay views and routines", Timing.POST_DATA);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.toPointInTime() && task.recoveryType().includesData()
        && task.recoveryType().includesStructure();
  }

  @Override
  void run(RestoreRun run) {
    if (run.replay == null || run.replay.objectStatements().isEmpty()) {
      return;
    }
    Journal journal = new Journal(run.task.journalSchema(), ReplayLog.replayId(run));
    ReplayJob.applyObjectStatements(
        run.target, journal, run.plan.manifest().source().sqlMode(), run.replay);
  }
}
