package dev.dbrestore.io.jdbc;

/**
 * What the sink does when a restored row's primary or unique key already exists in the target.
 * A table without a primary or unique key has no duplicates to recognise: every row is written.
 */
public enum DataConflictPolicy {
  /** The task stops, naming the table and the key. */
  STOP,
  /** The existing row is kept and the backup's row skipped. */
  IGNORE,
  /** The existing row is deleted and the backup's row written. */
  OVERWRITE
}
