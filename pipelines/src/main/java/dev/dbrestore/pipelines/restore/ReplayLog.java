package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.capture.CaptureLog;
import dev.dbrestore.pipelines.progress.PipelineCounters;
import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.replay.ReplayJob;
import dev.dbrestore.pipelines.replay.ReplayOptions;
import dev.dbrestore.pipelines.task.PointInTime;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.transforms.replay.ReadLoggedChanges;
import dev.dbrestore.transforms.restore.TableMapping;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.beam.runners.direct.DirectOptions;

/**
 * The replay of a restore to a point in time: after the set's rows, before its post-data objects
 * (so no restored trigger fires on a replayed row), the captured log from the set's consistent
 * point up to the task's second, under the task's mapping and selection. The replay verifies row
 * counts and, where they can be derived, digests against the state at that second itself;
 * {@link CountRows} then holds each table against that state, not the set's.
 *
 * <p>It runs before the secondary indexes held back from large tables when the log replays no
 * structure statement on tables: the replay then maintains no secondary index, its final images
 * meet no unique key but the primary one (so every table is written in one phase), and each
 * index is built once on the rows of the second. A structure statement in the log was written
 * against the tables with all their indexes (it may drop or change one), so with one the replay
 * runs after them.
 */
final class ReplayLog extends RestoreStage {
  private final boolean beforeIndexes;

  ReplayLog(boolean beforeIndexes) {
    super("replay", Timing.REPLAY);
    this.beforeIndexes = beforeIndexes;
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.toPointInTime() && task.recoveryType().includesData();
  }

  @Override
  boolean runsIn(RestoreRun run) {
    ReplayJob.Reach reach = run.precheck.replay();
    boolean early = reach != null && !reach.changesTables();
    return runsFor(run.task) && early == beforeIndexes;
  }

  @Override
  void run(RestoreRun run) {
    RestoreTask task = run.task;
    ReplayOptions options = run.options.as(ReplayOptions.class);
    options.setBackupSet(run.plan.setLocation());
    options.setLogFolder(run.repository.logFolder(task.source()).location());
    options.setPointInTime(task.pointInTime());
    options.setReplayId(replayId(run));
    options.setJournalSchema(task.journalSchema());
    options.setRetries(task.retries());
    options.setWriteBinlog(task.writeBinlog());
    options.setVerify(task.verify());
    // The DirectRunner's run() returns at once, so the replay's counters can be read as it runs.
    options.as(DirectOptions.class).setBlockOnRun(false);
    StorageFolder log = run.repository.logFolder(task.source());
    PipelineCounters read = new PipelineCounters(ReadLoggedChanges.class.getName(), null);
    try (Progress.Stage progress =
        Progress.stage("replay", logRows(log, run.plan.manifest(), task.pointInTime()), null,
            read, figures -> run.progress("replay", figures))) {
      run.replay =
          ReplayJob.run(options, run.target,
              new TableMapping(task.databaseMapping(), task.tableMapping()), task.objects());
      progress.closeWith(read.poll()); // the rows read in the range: the total, known now
    }
  }

  /**
   * The row changes of the log segments the replay reads, as the log manifest counts them: from
   * the set's consistent point to the second (more than the replay reads, where a segment
   * reaches past either end); null without a log manifest.
   */
  private static Long logRows(StorageFolder log, Manifest set, String pointInTime) {
    try {
      LogManifest manifest = CaptureLog.readManifest(log);
      Manifest.ConsistentPoint point = set.consistentPoint();
      Instant from = point == null || point.time() == null ? Instant.MIN : Instant.parse(point.time());
      Instant to = PointInTime.parse(pointInTime).plusSeconds(1);
      long rows = 0;
      for (LogManifest.Segment segment : manifest.segments()) {
        boolean after = segment.lastCommitTime() == null
            || !Instant.parse(segment.lastCommitTime()).isBefore(from);
        boolean before = segment.firstCommitTime() == null
            || Instant.parse(segment.firstCommitTime()).isBefore(to);
        if (after && before) {
          rows += segment.rowCount();
        }
      }
      return rows;
    } catch (RuntimeException e) {
      return null; // the replay refuses a log it cannot read, in its own words
    }
  }

  /** The replay's journal id: the restore's chunk entries and progress count stay the restore's. */
  static String replayId(RestoreRun run) {
    return run.record().id() + "-replay";
  }
}
