package dev.dbrestore.pipelines.restore;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the restore pipeline. Passwords are never options: only where to find them. */
public interface RestoreOptions extends PipelineOptions {
  @Description("Folder of the backup set to restore (any file system Beam supports)")
  String getBackupSet();

  void setBackupSet(String value);

  @Description("JDBC URL of the target server (the kinds and their URLs: dbrestore --help)")
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

  @Description(
      "Stream chunks through the server's bulk loader (LOAD DATA LOCAL from memory; no file is"
          + " ever read) where it writes the columns exactly; false writes batched INSERTs only")
  @Default.Boolean(true)
  Boolean getBulkLoad();

  void setBulkLoad(Boolean value);

  @Description(
      "Write the restored rows to the target's binary log (the default); false needs an account"
          + " that may set sql_log_bin (SUPER or BINLOG ADMIN), and replicas then miss the rows")
  @Default.Boolean(true)
  Boolean getWriteBinlog();

  void setWriteBinlog(Boolean value);

  @Description(
      "Read every restored table back after the data and compare its digest with the backup"
          + " set's (the default); false skips it, and dbrestore verify can do it later")
  @Default.Boolean(true)
  Boolean getVerify();

  void setVerify(Boolean value);
}
