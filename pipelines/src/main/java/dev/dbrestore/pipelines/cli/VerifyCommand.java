package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.progress.ProgressSource;
import dev.dbrestore.pipelines.progress.Tally;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.ManifestSignature;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.SigningKeys;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.Verification;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** {@code dbrestore verify}: compares a target with a backup set, for a restore done earlier. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Recomputes the digest of every selected table from the target and compares it with the"
          + " backup set's (row order and storage format do not matter). Writes nothing.",
      "Takes the task's backup set, target, selection and mapping, as a task file or flags."
          + " With a signing key, a set whose signature is missing or wrong is refused first."
          + " Exit 0 when every table matches, 1 otherwise."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Mixin TaskOptions task;

  @Mixin CommonOptions common;

  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() {
    Logging.configure(common.verbose);
    RestoreTask restoreTask = task.task();
    RestoreOptions options =
        RunnerConfig.options(RestoreOptions.class, common.runnerConfig, pipelineOptions);
    FileSystems.setDefaultPipelineOptions(options);
    RestoreJob.Target target = RestoreJob.resolveTarget(restoreTask, task.dataSources);
    FileWarnings.warnIfReadableByOthers("password file", restoreTask.targetPasswordFile());
    FileWarnings.warnIfReadableByOthers("signing key file", restoreTask.signingKeyFile());
    target.secretFiles().forEach(f -> FileWarnings.warnIfReadableByOthers(f.what(), f.path()));
    byte[] key =
        SigningKeys.resolve(restoreTask.signingKeyEnv(), restoreTask.signingKeyFile());
    BackupSet set = RestoreJob.backupSet(restoreTask, task.repository).get();
    if (key != null) {
      try {
        set.checkSignature(key);
      } finally {
        java.util.Arrays.fill(key, (byte) 0);
      }
      System.out.println(
          "The signature in " + ManifestSignature.FILE_NAME + " matches the manifest.");
    } else {
      System.out.println(
          set.isSigned()
              ? "The backup set is signed, but no signing key was given: the signature was not"
                  + " checked."
              : "The backup set is unsigned.");
    }
    RestorePlan plan = RestorePlan.of(restoreTask, set);
    long start = System.nanoTime();
    List<Verification.Result> results;
    ProgressSource.Done total = Verification.total(plan);
    Tally done = new Tally();
    try (Progress.Stage progress =
        Progress.stage("verification", total.rows(), total.bytes(), done, null)) {
      results = Verification.run(target.endpoint(), plan, Map.of(), done);
    }
    Summaries.printVerification(System.out, results);
    System.out.printf("Verification took %.1f s.%n", (System.nanoTime() - start) / 1e9);
    boolean all = results.stream().allMatch(r -> r.matches() && r.skipped() == null);
    if (!all) {
      System.err.println(
          "dbrestore: the target does not hold exactly the backup's rows in every table; see"
              + " above.");
      return 1;
    }
    return 0;
  }
}
