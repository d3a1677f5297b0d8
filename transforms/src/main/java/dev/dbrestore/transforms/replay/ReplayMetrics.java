package dev.dbrestore.transforms.replay;

/** The counters of a replay, per target table ("database.table") in these namespaces. */
public final class ReplayMetrics {
  private ReplayMetrics() {}

  /** Rows deleted by the replay, per table. */
  public static final String ROWS_DELETED_BY_TABLE = "dbrestore.replay_rows_deleted_by_table";
  /** Rows written (inserted, or updated in place for tables without a key), per table. */
  public static final String ROWS_WRITTEN_BY_TABLE = "dbrestore.replay_rows_written_by_table";
  /**
   * How many rows the replayed changes add to each table (negative: remove), from the log alone,
   * whatever was written: what verification adds to the set's row counts.
   */
  public static final String NET_ROWS_BY_TABLE = "dbrestore.replay_net_rows_by_table";
  /**
   * Digest files written (counter {@code written}): a driver that finds fewer than this in the
   * folder cannot see the workers' files, and derives no digest.
   */
  public static final String DIGEST_FILES = "dbrestore.replay_digest_files";
}
