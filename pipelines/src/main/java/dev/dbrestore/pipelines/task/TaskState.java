package dev.dbrestore.pipelines.task;

/** Where a restore task stands, as its task record says. */
public enum TaskState {
  /** A pre-check refused the restore before anything on the target changed. */
  PRECHECK_FAILED,
  /** The restore is under way in the process the record names. */
  RUNNING,
  /** The restore finished and every table's row count matched the backup set. */
  SUCCEEDED,
  /** The restore stopped on an error; the record's error says which. */
  FAILED,
  /** The dbrestore process ended while the restore was running (killed, crashed, machine down). */
  INTERRUPTED
}
