package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.RestoreJob;
import dev.dbrestore.pipelines.RestoreOptions;
import dev.dbrestore.pipelines.RestoreReport;
import dev.dbrestore.pipelines.RunnerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dbrestore restore}: a backup set into a target server, structure and data. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restores a backup set into a target server: databases and tables, then the rows (a"
          + " transaction per chunk, foreign keys not enforced while loading), then views,"
          + " routines, triggers and events (their definer becomes the restoring account),"
          + " then checks every table's row count against the manifest.",
      "Stops before changing anything if the target already has an object of the same name.",
      "Any pipeline option (for example --targetParallelism=8) may follow as --name=value."
    })
public final class RestoreCommand implements Callable<Integer> {
  @Option(names = "--backup-set", required = true, paramLabel = "DIR",
      description = "The backup set folder to restore.")
  String backupSet;

  @Option(names = "--target", required = true, paramLabel = "JDBC_URL",
      description = "The target server, e.g. jdbc:mysql://db2:3306/")
  String target;

  @Option(names = "--user", paramLabel = "USER", description = "The account to restore as.")
  String user;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Read the password from this environment variable.")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the password from the first line of this file.")
  String passwordFile;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Logging.configure(common.verbose);
    RestoreOptions options =
        RunnerConfig.options(RestoreOptions.class, common.runnerConfig, common.pipelineOptions);
    options.setBackupSet(backupSet);
    options.setTarget(target);
    options.setTargetUser(user);
    options.setTargetPasswordEnv(passwordEnv);
    options.setTargetPasswordFile(passwordFile);
    RestoreReport report = RestoreJob.run(options);
    Summaries.printRestore(System.out, report);
    if (!report.allMatch()) {
      System.err.println(
          "dbrestore: some tables hold a different number of rows than the backup set; see the"
              + " table above.");
      return 1;
    }
    return 0;
  }
}
