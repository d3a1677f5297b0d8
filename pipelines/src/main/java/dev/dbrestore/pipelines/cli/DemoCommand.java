package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Dialects;
import dev.dbrestore.io.jdbc.EmbeddedDatabase;
import dev.dbrestore.io.jdbc.EmbeddedServer;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code dbrestore demo}: the whole round trip on embedded servers, with nothing to install. Two
 * servers start from the binaries in the jar ({@link Dialects#embedded()}); a sample database is
 * generated in one, backed up, restored into the other, and compared table by table.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts two embedded database servers, generates a sample database (foreign keys, a view"
          + " on a view, a function, a trigger, every tricky column type, about 100,000 rows),"
          + " backs it up, restores it into the second server and compares every table"
          + " (row count and a content fingerprint computed by each server). Needs no network and no setup."
    })
public final class DemoCommand implements Callable<Integer> {
  static final String DATABASE = "dbrestore_demo";

  @Option(names = "--rows", paramLabel = "N", defaultValue = "100000",
      description = "About how many rows the sample database holds (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where to write the backup set (default: a new temporary folder).")
  Path workDir;

  @Option(names = "--chunk-rows", paramLabel = "N", defaultValue = "10000",
      description = "About how many rows one chunk holds (default ${DEFAULT-VALUE}).")
  long chunkRows;

  @Mixin CommonOptions common;

  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Logging.configure(common.verbose);
    Path work = workDir != null ? workDir : Files.createTempDirectory("dbrestore-demo");
    Path backupSet = work.resolve("backup-set");
    EmbeddedDatabase kit = Dialects.embedded();
    System.out.println("Starting two embedded " + kit.serverName() + " servers...");
    try (EmbeddedServer source = kit.start("demo-source");
        EmbeddedServer target = kit.start("demo-target")) {
      long start = System.nanoTime();
      try (Connection c = source.connect()) {
        kit.createSampleDatabase(c, DATABASE, rows);
      }
      System.out.printf(
          Locale.ROOT, "Generated the sample database %s in %.1f s.%n", DATABASE, secondsSince(start));

      BackupOptions backup =
          RunnerConfig.options(BackupOptions.class, common.runnerConfig, pipelineOptions);
      backup.setSource(source.jdbcUrl());
      backup.setSourceUser("root");
      backup.setDatabases(List.of(DATABASE));
      backup.setOutput(backupSet.toString());
      backup.setChunkRows(chunkRows);
      start = System.nanoTime();
      Manifest manifest = BackupJob.run(backup);
      System.out.println();
      Summaries.printBackup(System.out, manifest, System.nanoTime() - start);

      RestoreOptions restore =
          RunnerConfig.options(RestoreOptions.class, common.runnerConfig, pipelineOptions);
      restore.setBackupSet(backupSet.toString());
      restore.setTarget(target.jdbcUrl());
      restore.setTargetUser("root");
      RestoreReport report = RestoreJob.run(restore);
      System.out.println();
      System.out.println("The demo accepts the pre-check's warnings:");
      Summaries.printPrecheck(System.out, report.precheck());
      Summaries.printRestore(System.out, report);

      System.out.println();
      boolean same = compare(kit, source, target, manifest);
      System.out.println("Backup set kept at " + backupSet);
      if (!same) {
        System.err.println("dbrestore: the restored database differs from the source; see above.");
        return 1;
      }
      System.out.println("The restored database equals the source, table by table.");
      return 0;
    }
  }

  /** Compares every table's row count and content fingerprint, printed side by side. */
  private static boolean compare(
      EmbeddedDatabase kit, EmbeddedServer source, EmbeddedServer target, Manifest manifest)
      throws SQLException, IOException {
    boolean same = true;
    System.out.printf(
        Locale.ROOT, "%-20s %10s %10s  %-18s %-18s  %s%n", "table", "source rows",
        "target rows", "source content", "target content", "same");
    try (Connection s = source.connect();
        Connection t = target.connect()) {
      for (Manifest.Table table : manifest.databases().get(0).tables()) {
        String name = Dialect.forUrl(source.jdbcUrl()).qualified(DATABASE, table.name());
        long sourceRows = single(s, "SELECT COUNT(*) FROM " + name);
        long targetRows = single(t, "SELECT COUNT(*) FROM " + name);
        String sourceContent = kit.fingerprint(s, DATABASE, table.name());
        String targetContent = kit.fingerprint(t, DATABASE, table.name());
        boolean equal = sourceRows == targetRows && sourceContent.equals(targetContent);
        same &= equal;
        System.out.printf(
            Locale.ROOT, "%-20s %10d %10d  %-18s %-18s  %s%n", table.name(), sourceRows,
            targetRows, hash(sourceContent), hash(targetContent), equal ? "yes" : "NO");
      }
    }
    return same;
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String hash(String fingerprint) {
    return fingerprint.substring(fingerprint.indexOf(':') + 1);
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
