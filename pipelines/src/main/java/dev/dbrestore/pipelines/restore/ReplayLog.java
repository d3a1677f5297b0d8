package dev.dbrestore.pipelines.restore;

import dev.dbrestore.pipelines.capture.CaptureLog;
import dev.dbrestore.pipelines.replay.ReplayJob;
import dev.dbrestore.pipelines.replay.ReplayOptions;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.transforms.restore.TableMapping;

/**
 * The replay of a restore to a point in time: after the set's rows and indexes, before its
 * post-data objects (so no restored trigger fires on a replayed row), the captured log from the
 * set's consistent point up to the task's second, under the task's mapping and selection. The
 * replay verifies row counts and, where they can be derived, digests against the state at that
 * second itself; {@link CountRows} then holds each table against that state, not the set's.
 */
final class ReplayLog extends RestoreStage {
  ReplayLog() {
    super("replay", Timing.REPLAY);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.toPointInTime() && task.recoveryType().includesData();
  }

  @Override
  void run(RestoreRun run) {
    RestoreTask task = run.task;
    ReplayOptions options = run.options.as(ReplayOptions.class);
    options.setBackupSet(run.plan.setLocation());
    options.setLogFolder(CaptureLog.folder(run.repository.root(), task.source()).toString());
    options.setPointInTime(task.pointInTime());
    // Its own journal id: the restore's chunk entries and progress count stay the restore's.
    options.setReplayId(run.record().id() + "-replay");
    options.setJournalSchema(task.journalSchema());
    options.setRetries(task.retries());
    options.setWriteBinlog(task.writeBinlog());
    options.setVerify(task.verify());
    run.replay =
        ReplayJob.run(options, run.target,
            new TableMapping(task.databaseMapping(), task.tableMapping()), task.objects());
  }
}
