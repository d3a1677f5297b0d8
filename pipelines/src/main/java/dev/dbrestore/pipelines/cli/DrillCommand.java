package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.DbrestoreHome;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.drill.Drill;
import dev.dbrestore.pipelines.drill.DrillReport;
import dev.dbrestore.pipelines.drill.DrillReports;
import dev.dbrestore.pipelines.drill.Durations;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.task.PointInTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code dbrestore drill}: restores the newest backup into a scratch target and reports RTO/RPO. */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "A disaster-recovery drill: restores the newest complete full set of --source (or, with"
          + " --point-in-time, its set and captured log to a second) into the scratch target"
          + " under the original names as a restore task, verifies every table's digest,"
          + " measures the RTO (start to verified, and per phase) and the RPO (how old the"
          + " restored point was at the start), then drops what it restored unless --keep.",
      "Safety: it refuses, touching nothing, a scratch target that holds any database but the"
          + " server's own schemas and earlier drills' leftovers, which it marks in its own"
          + " journal schema dbrestore_drill (and drops at its start). One drill at a time per"
          + " target (a named lock). The account needs what a restore needs, DROP on what it"
          + " restores, and the global SHOW DATABASES privilege (else it refuses: the server"
          + " would look emptier than it is). Pre-check warnings do not stop a drill; the"
          + " report lists them.",
      "Reports: DIR/<drill id>.json and .html, DIR/latest.json and DIR/index.html with every"
          + " drill in DIR. Exit status: 0 passed, 1 failed (a damaged set, a digest that"
          + " differs, a target that cannot be reached, an SLO exceeded, a refused target),"
          + " 2 the command was given wrongly.",
      "Example: dbrestore drill --source db1 --scratch-target jdbc:mysql://scratch:3306/"
          + " --user drill --password-env SCRATCH_PW --max-rto 30m --max-rpo 26h"
    })
public final class DrillCommand implements Callable<Integer> {
  @Option(names = "--source", paramLabel = "NAME", required = true,
      description = "The source's name in the backup repository.")
  String source;

  @Option(names = "--repository", paramLabel = "DIR",
      description = "The backup repository's root (default ~/.dbrestore/backups).")
  String repository;

  @Option(names = "--scratch-target", paramLabel = "JDBC_URL|NAME", required = true,
      description = "The server the drill restores into: a JDBC URL or a data source's name."
          + " It must hold nothing but the server's own schemas and earlier drills' databases.")
  String scratchTarget;

  @Mixin ConnectionOptions connection;

  @Option(names = "--datasources", paramLabel = "FILE",
      description = "The data-source file (default ~/.dbrestore/datasources.yaml).")
  Path dataSources;

  @Option(names = "--point-in-time", paramLabel = "latest|random|TIME",
      description = "Restore to a second of the captured log instead of the newest full set as"
          + " taken: latest (the last captured commit), random (a second of the restorable"
          + " window) or a time, ISO-8601 with Z or an offset.")
  String pointInTime;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Where the reports go (default ~/.dbrestore/drills).")
  Path reportDir;

  @Option(names = "--keep",
      description = "Leave the restored databases on the scratch target (the next drill drops"
          + " them).")
  boolean keep;

  @Option(names = "--max-rto", paramLabel = "DURATION",
      description = "Fail the drill when the RTO exceeds this (90s, 15m, 1h30m, 250ms).")
  String maxRto;

  @Option(names = "--max-rpo", paramLabel = "DURATION",
      description = "Fail the drill when the RPO exceeds this (26h, 15m).")
  String maxRpo;

  @Mixin CommonOptions common;

  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() {
    Logging.configure(common.verbose);
    Duration rto = maxRto == null ? null : Durations.parse("--max-rto", maxRto);
    Duration rpo = maxRpo == null ? null : Durations.parse("--max-rpo", maxRpo);
    Drill.PointKind kind = Drill.PointKind.FULL_SET;
    String given = null;
    if (pointInTime != null) {
      switch (pointInTime.toLowerCase(Locale.ROOT)) {
        case "latest" -> kind = Drill.PointKind.LATEST;
        case "random" -> kind = Drill.PointKind.RANDOM;
        default -> {
          try {
            PointInTime.parse(pointInTime);
          } catch (RuntimeException e) {
            throw new UsageError("--point-in-time takes latest, random or a time: "
                + e.getMessage());
          }
          kind = Drill.PointKind.GIVEN;
          given = pointInTime;
        }
      }
    }
    connection.warnIfPasswordFileReadableByOthers();
    Path dir = reportDir != null ? reportDir : DbrestoreHome.get().resolve("drills");
    RestoreOptions options =
        RunnerConfig.options(RestoreOptions.class, common.runnerConfig, pipelineOptions);
    Drill.Spec spec =
        new Drill.Spec(
            source, repository, scratchTarget, connection.user, connection.passwordEnv,
            connection.passwordFile, dataSources, kind, given, dir, keep, rto, rpo);
    DrillReport report = Drill.run(options, spec);
    DrillReports.write(dir, report);
    System.out.println(summary(report, dir));
    if (!report.passed()) {
      System.err.println("dbrestore: " + report.error());
      return 1;
    }
    return 0;
  }

  /** One line: the drill, its status, RTO, RPO, set and where the report is. */
  static String summary(DrillReport r, Path dir) {
    return String.format(
        Locale.ROOT, "Drill %s %s: RTO %s, RPO %s, set %s%s; report %s.",
        r.drillId(), r.status(), seconds(r.rtoSeconds()), seconds(r.rpoSeconds()),
        r.backupSet() == null ? "none" : r.backupSet(),
        r.pointInTime() == null ? "" : " to " + r.pointInTime(),
        dir.resolve(r.drillId() + ".html"));
  }

  private static String seconds(Double s) {
    return s == null ? "-" : String.format(Locale.ROOT, "%.1f s", s);
  }
}
