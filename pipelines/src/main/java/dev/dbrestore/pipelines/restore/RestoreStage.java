package dev.dbrestore.pipelines.restore;

import dev.dbrestore.pipelines.task.RestoreTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage of a restore. {@link RestoreJob} runs the stages in turn, each that the task asks
 * for, recording its progress word in the task record and adding its time to the report.
 */
abstract class RestoreStage {
  /** Which of the report's times a stage's time counts toward. */
  enum Timing {
    STRUCTURE,
    DATA,
    INDEXES,
    REPLAY,
    POST_DATA,
    CHECK,
    VERIFY
  }

  /** The restore logs as RestoreJob, whichever stage is running. */
  static final Logger LOG = LoggerFactory.getLogger(RestoreJob.class);

  private final String progress;
  private final Timing timing;

  RestoreStage(String progress, Timing timing) {
    this.progress = progress;
    this.timing = timing;
  }

  /** What the task record's progress says while the stage runs, e.g. "data". */
  final String progress() {
    return progress;
  }

  final Timing timing() {
    return timing;
  }

  /** Whether the task asks for this stage: its recovery type, its choices. */
  abstract boolean runsFor(RestoreTask task);

  /**
   * Whether the stage runs in this restore: by default whenever the task asks for it; a stage
   * that can run at one of two places also asks what the pre-check found.
   */
  boolean runsIn(RestoreRun run) {
    return runsFor(run.task);
  }

  /** Does the stage's work; a failure the user must act on is a UserError. */
  abstract void run(RestoreRun run);
}
