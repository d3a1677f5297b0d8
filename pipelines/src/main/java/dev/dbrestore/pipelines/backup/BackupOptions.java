package dev.dbrestore.pipelines.backup;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the backup pipeline. Passwords are never options: only where to find them. */
public interface BackupOptions extends PipelineOptions {
  @Description("JDBC URL of the source server (the kinds and their URLs: dbrestore --help)")
  String getSource();

  void setSource(String value);

  @Description("User to connect to the source as")
  String getSourceUser();

  void setSourceUser(String value);

  @Description("Name of an environment variable that holds the source password")
  String getSourcePasswordEnv();

  void setSourcePasswordEnv(String value);

  @Description("Path of a file whose first line is the source password")
  String getSourcePasswordFile();

  void setSourcePasswordFile(String value);

  @Description("Name of an environment variable that holds the key signing the backup set")
  String getSigningKeyEnv();

  void setSigningKeyEnv(String value);

  @Description("Path of a file that holds the key signing the backup set")
  String getSigningKeyFile();

  void setSigningKeyFile(String value);

  @Description("Databases to back up")
  List<String> getDatabases();

  void setDatabases(List<String> value);

  @Description("Folder of the new backup set (any file system Beam supports)")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Root folder of the backup repository the new set goes into when no output is given"
          + " (default: backups/ in dbrestore's home folder)")
  String getRepository();

  void setRepository(String value);

  @Description("Name of the source in the backup repository: the first folder level")
  String getSourceName();

  void setSourceName(String value);

  @Description("Name of the backup task in the backup repository: the second folder level")
  String getBackupTask();

  void setBackupTask(String value);

  @Description("Id of the new backup set (default: a new time-ordered id such as 20261125-150102-3fa9)")
  String getSetId();

  void setSetId(String value);

  @Description("About how many rows one chunk holds")
  @Default.Long(100_000L)
  Long getChunkRows();

  void setChunkRows(Long value);

  @Description("How many readers (source connections) read chunks in parallel")
  @Default.Integer(2)
  Integer getReaders();

  void setReaders(Integer value);

  @Description("Seconds the source may stay locked while the readers open their snapshots")
  @Default.Integer(30)
  Integer getSnapshotTimeoutSeconds();

  void setSnapshotTimeoutSeconds(Integer value);

  @Description(
      "Seconds to wait for every reader to start (job submission included) before the source is"
          + " locked; nothing is locked while waiting")
  @Default.Integer(600)
  Integer getReaderStartTimeoutSeconds();

  void setReaderStartTimeoutSeconds(Integer value);
}
