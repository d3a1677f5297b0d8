package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code dbrestore backup}: a full logical backup of databases into a new backup set. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Takes a full logical backup of one or more databases into a new backup set folder:"
          + " one consistent point across all tables, chunks read in parallel, manifest last.",
      "The folder is --output DIR, or <repository>/<source name>/<backup task>/<set id>/ in the"
          + " backup repository (see dbrestore backups list).",
      "Any pipeline option (for example --targetParallelism=8) may follow as --name=value."
    })
public final class BackupCommand implements Callable<Integer> {
  @Option(names = "--source", required = true, paramLabel = "JDBC_URL",
      description = "The source server's JDBC URL (the kinds and their URLs: dbrestore --help)")
  String source;

  @Mixin ConnectionOptions connection;

  @Option(names = "--signing-key-env", paramLabel = "VAR",
      description = "Sign the backup set with the key in this environment variable: an"
          + " HMAC-SHA256 of manifest.json in manifest.json.hmac-sha256 (at least 16 bytes).")
  String signingKeyEnv;

  @Option(names = "--signing-key-file", paramLabel = "FILE",
      description = "Sign the backup set with the key in this file (its whole content, less a"
          + " final line break).")
  String signingKeyFile;

  @Option(names = "--database", required = true, paramLabel = "NAME",
      description = "A database to back up; repeat for more. Any name works as given.")
  List<String> databases;

  @Option(names = "--output", paramLabel = "DIR",
      description = "The new backup set's folder (must not hold a backup set already)."
          + " Give this, or --source-name and --backup-task.")
  String output;

  @Option(names = "--source-name", paramLabel = "NAME",
      description = "Write the new set into the backup repository under this source name,"
          + " as <repository>/<source name>/<backup task>/<set id>/.")
  String sourceName;

  @Option(names = "--backup-task", paramLabel = "NAME",
      description = "The backup task the new set belongs to in the backup repository.")
  String backupTask;

  @Option(names = "--repository", paramLabel = "DIR",
      description = "The backup repository's root folder (default: backups/ in dbrestore's home"
          + " folder, ~/.dbrestore unless DBRESTORE_HOME says otherwise).")
  String repository;

  @Option(names = "--chunk-rows", paramLabel = "N", defaultValue = "100000",
      description = "About how many rows one chunk holds (default ${DEFAULT-VALUE}).")
  long chunkRows;

  @Option(names = "--readers", paramLabel = "N", defaultValue = "2",
      description = "Source connections reading in parallel, at most the runner's parallelism"
          + " (default ${DEFAULT-VALUE}).")
  int readers;

  @Mixin CommonOptions common;

  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() {
    Logging.configure(common.verbose);
    checkWhereTheSetGoes();
    BackupOptions options =
        RunnerConfig.options(BackupOptions.class, common.runnerConfig, pipelineOptions);
    options.setSource(source);
    options.setSourceUser(connection.user);
    options.setSourcePasswordEnv(connection.passwordEnv);
    options.setSourcePasswordFile(connection.passwordFile);
    options.setSigningKeyEnv(signingKeyEnv);
    options.setSigningKeyFile(signingKeyFile);
    connection.warnIfPasswordFileReadableByOthers();
    FileWarnings.warnIfReadableByOthers("signing key file", signingKeyFile);
    options.setDatabases(databases);
    options.setOutput(output);
    options.setRepository(repository);
    options.setSourceName(sourceName);
    options.setBackupTask(backupTask);
    options.setChunkRows(chunkRows);
    options.setReaders(readers);
    long start = System.nanoTime();
    Manifest manifest = BackupJob.run(options);
    Summaries.printBackup(System.out, manifest, System.nanoTime() - start);
    return 0;
  }

  /** Exactly one place for the new set: a folder, or a source and backup task in the repository. */
  private void checkWhereTheSetGoes() {
    boolean intoRepository = sourceName != null || backupTask != null || repository != null;
    if (output != null && intoRepository) {
      throw new UsageError(
          "Give either --output DIR, or --source-name and --backup-task (with --repository if"
              + " needed), not both.");
    }
    if (output == null && (sourceName == null || backupTask == null)) {
      throw new UsageError(
          "Say where the backup set goes: give --output DIR, or --source-name NAME and"
              + " --backup-task NAME to write into the backup repository.");
    }
  }
}
