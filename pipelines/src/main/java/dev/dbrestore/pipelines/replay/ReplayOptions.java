package dev.dbrestore.pipelines.replay;

import dev.dbrestore.pipelines.restore.RestoreOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of the replay pipeline: a restore's (the backup set the target was restored from, the
 * target, where its password is, writeBinlog, verify: here row counts against the state at the
 * point in time; bulkLoad is not used) and the log, the second and the journal. Passwords are
 * never options: only where to find them.
 */
public interface ReplayOptions extends RestoreOptions {
  @Description("Folder of the source's captured log (<repository>/<source>/binlog)")
  String getLogFolder();

  void setLogFolder(String value);

  @Description(
      "The point in time, ISO-8601 with Z or an offset (2026-12-01T14:04:59Z): every transaction"
          + " whose commit event's timestamp is at or before that second is applied, none after")
  String getPointInTime();

  void setPointInTime(String value);

  @Description("Schema of the restore journal in the target, where each replayed batch is recorded")
  @Default.String("dbrestore_journal")
  String getJournalSchema();

  void setJournalSchema(String value);

  @Description(
      "The replay's id in the journal (at most 64 characters); by default one derived from the"
          + " backup set, the point in time, the mapping and the selection, so a re-run of the"
          + " same replay skips what is done")
  String getReplayId();

  void setReplayId(String value);

  @Description("Buckets of keys per table and write phase, each written in one transaction;"
      + " 0 (the default) sizes them by the log: 4, and one more per 250,000 row changes")
  @Default.Integer(0)
  Integer getBuckets();

  void setBuckets(Integer value);

  @Description("Attempts after a transient database error (deadlock, lost connection)")
  @Default.Integer(3)
  Integer getRetries();

  void setRetries(Integer value);
}
