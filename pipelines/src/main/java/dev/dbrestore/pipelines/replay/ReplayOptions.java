package dev.dbrestore.pipelines.replay;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the replay pipeline. Passwords are never options: only where to find them. */
public interface ReplayOptions extends PipelineOptions {
  @Description(
      "Folder of the full backup set the target was restored from: the replay starts after its"
          + " consistent point")
  String getBackupSet();

  void setBackupSet(String value);

  @Description("Folder of the source's captured log (<repository>/<source>/binlog)")
  String getLogFolder();

  void setLogFolder(String value);

  @Description(
      "The point in time, ISO-8601 with Z or an offset (2026-12-01T14:04:59Z): every transaction"
          + " whose commit event's timestamp is at or before that second is applied, none after")
  String getPointInTime();

  void setPointInTime(String value);

  @Description("JDBC URL of the target server the backup set was restored into")
  String getTarget();

  void setTarget(String value);

  @Description("User to connect to the target as")
  String getTargetUser();

  void setTargetUser(String value);

  @Description("Name of an environment variable that holds the target password")
  String getTargetPasswordEnv();

  void setTargetPasswordEnv(String value);

  @Description("Path of a file whose first line is the target password")
  String getTargetPasswordFile();

  void setTargetPasswordFile(String value);

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

  @Description("Buckets of keys per table and write phase, each written in one transaction")
  @Default.Integer(16)
  Integer getBuckets();

  void setBuckets(Integer value);

  @Description("Attempts after a transient database error (deadlock, lost connection)")
  @Default.Integer(3)
  Integer getRetries();

  void setRetries(Integer value);

  @Description("Write the replayed rows to the target's binary log (the default)")
  @Default.Boolean(true)
  Boolean getWriteBinlog();

  void setWriteBinlog(Boolean value);

  @Description(
      "After the replay, compare each table's row count with the count of the state at the"
          + " point in time (the set's counts plus the log's net changes); false skips it")
  @Default.Boolean(true)
  Boolean getVerify();

  void setVerify(Boolean value);
}
