package dev.dbrestore.pipelines.drill;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.pipelines.Failures;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.restore.Verification;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import dev.dbrestore.pipelines.task.ObjectSelection;
import dev.dbrestore.pipelines.task.PointInTime;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disaster-recovery drill: restores a source's newest complete full set (or its set and log
 * to a point in time) into a scratch target as a restore task, verified, measures the RTO per
 * phase and the RPO, then drops what it restored. It touches nothing but the scratch target,
 * and there only what it created: it refuses a target that holds any other database.
 *
 * <p>What the drill created is marked in its own journal schema ({@value #JOURNAL_SCHEMA}, which
 * is also the restore task's journal): one entry per database under the task id
 * {@value #MARK_TASK}, written before the restore creates the database. A marker table inside
 * a restored database would change the restored database itself, and an entry written first
 * leaves no moment in which the drill's database exists unmarked, however the drill ends.
 */
public final class Drill {
  private static final Logger LOG = LoggerFactory.getLogger(Drill.class);

  /** The drill's journal schema on the scratch target: its marks and its restore's journal. */
  public static final String JOURNAL_SCHEMA = "dbrestore_drill";

  /** The journal's task id under which the drill marks the databases it created. */
  public static final String MARK_TASK = "drill";

  /** The named lock that keeps two drills off one scratch target. */
  static final String LOCK = "dbrestore_drill";

  private static final String MARK_PREFIX = "database ";
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Drill() {}

  /** Which point a drill restores: the newest full set, or one second of the window. */
  public enum PointKind {
    FULL_SET,
    LATEST,
    RANDOM,
    GIVEN
  }

  /**
   * What a drill is asked to do; the password is never here, only where it is. {@code
   * pointInTime} is the given time for {@link PointKind#GIVEN}, else null.
   */
  public record Spec(
      String source,
      String repository,
      String scratchTarget,
      String user,
      String passwordEnv,
      String passwordFile,
      Path dataSources,
      PointKind pointKind,
      String pointInTime,
      Path reportDir,
      boolean keep,
      Duration maxRto,
      Duration maxRpo) {}

  /** A new drill id: "d-" and the UTC time to the second, then four hex digits. */
  static String newId(Instant start) {
    return String.format(
        Locale.ROOT, "d-%s-%04x", ID_TIME.format(start), new SecureRandom().nextInt(0x10000));
  }

  /** Runs a drill and returns its report (passed or failed); a usage error is thrown. */
  public static DrillReport run(PipelineOptions options, Spec spec) {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    DrillReport.Builder report = new DrillReport.Builder(newId(started), started, spec);
    RestoreTask task;
    Endpoint target;
    try {
      task = plan(spec, report);
      target = RestoreJob.resolveTarget(task, spec.dataSources()).endpoint();
    } catch (UserError e) {
      return report.failed(Failures.message(e)).build(Instant.now());
    }
    Dialect dialect = target.dialect();
    try (Connection scratch = target.openOrExplain(Endpoint.Purpose.ADMIN, "scratch target")) {
      if (!dialect.takeNamedLock(scratch, LOCK)) {
        throw new UserError("Another drill is running on the scratch target " + shown(spec)
            + " (it holds the lock " + LOCK + "); wait for it to end, or drill into another"
            + " server.");
      }
      if (!dialect.seesEveryDatabase(scratch)) {
        throw new UserError("The account " + spec.user() + " cannot see every database of the"
            + " scratch target " + shown(spec) + " (it lacks the global SHOW DATABASES"
            + " privilege), so the drill cannot tell that the server holds nothing else, and"
            + " touched nothing; grant it SHOW DATABASES ON *.*.");
      }
      Set<String> before = new LinkedHashSet<>(dialect.databases(scratch));
      refuseForeign(scratch, dialect, shown(spec), before);
      // From here on the drill changes the scratch target, only what it marked.
      dropMarked(scratch, dialect, report::leftoverDropped);
      Set<String> restored = new LinkedHashSet<>(report.setDatabases());
      mark(scratch, dialect, restored);
      try {
        runRestore(options, spec, task, dialect, report, startNanos);
      } catch (RuntimeException e) {
        report.failed(Failures.message(e));
      }
      // A long restore may outlast the server's idle timeout of the lock's connection: the
      // cleanup then runs on a new one, if it gets the lock back.
      if (!scratch.isValid(10)) {
        try (Connection again = target.openOrExplain(Endpoint.Purpose.ADMIN, "scratch target")) {
          if (!dialect.takeNamedLock(again, LOCK)) {
            throw new UserError("The drill lost its connection to the scratch target "
                + shown(spec) + " during the restore, and another drill now holds the lock "
                + LOCK + "; what this drill restored stays marked, for the next drill to drop.");
          }
          finish(again, dialect, spec, report, before, restored);
        }
      } else {
        finish(scratch, dialect, spec, report, before, restored);
      }
    } catch (UserError e) {
      report.failed(Failures.message(e));
    } catch (SQLException | RuntimeException e) {
      report.failed("The scratch target " + shown(spec) + " failed: "
          + Failures.message(e));
    }
    return report.build(Instant.now());
  }

  /** Marks what appeared during the drill as its own, then drops what it marked unless kept. */
  private static void finish(
      Connection scratch, Dialect dialect, Spec spec, DrillReport.Builder report,
      Set<String> before, Set<String> restored) throws SQLException {
    // A restore to a point in time creates the databases its log creates; while the drill
    // holds the lock on a target that held nothing else, any new database is the drill's.
    Set<String> appeared = new LinkedHashSet<>(dialect.databases(scratch));
    appeared.removeAll(before);
    appeared.removeAll(restored);
    appeared.remove(JOURNAL_SCHEMA);
    mark(scratch, dialect, appeared);
    if (spec.keep()) {
      report.kept(true);
    } else {
      long cleanupStart = System.nanoTime();
      dropMarked(scratch, dialect, report::dropped);
      report.cleanup(since(cleanupStart));
    }
  }

  /** The restore task the drill runs, with the set and point it restores recorded in the report. */
  private static RestoreTask plan(Spec spec, DrillReport.Builder report) {
    BackupRepository repository = BackupRepository.at(spec.repository());
    String pointInTime = null;
    if (spec.pointKind() != PointKind.FULL_SET) {
      RestorableWindow window = RestorableWindow.of(repository, spec.source());
      if (!window.exists()) {
        throw new UserError(window.describe());
      }
      Instant point =
          switch (spec.pointKind()) {
            case LATEST -> Instant.parse(window.toTime());
            case RANDOM -> randomSecond(window);
            default -> PointInTime.parse(spec.pointInTime());
          };
      pointInTime = point.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    String backupTask = null;
    String setId = null;
    if (pointInTime == null) {
      BackupSetInfo newest = newestFullSet(repository, spec.source());
      backupTask = newest.backupTask();
      setId = newest.setId();
    }
    RestoreTask task =
        new RestoreTask(
            taskName(report.id(), spec.source()), spec.source(), backupTask, setId,
            pointInTime == null ? null : RestoreTask.POINT_IN_TIME, spec.scratchTarget(),
            spec.user(), spec.passwordEnv(), spec.passwordFile(), RestoreTask.recoveryType(null),
            ObjectSelection.all(), Map.of(), Map.of(), RestoreTask.structurePolicy(null),
            RestoreTask.dataPolicy(null), Set.of(), JOURNAL_SCHEMA, null, null, null, null,
            Set.of(), null, null, null, pointInTime);
    // The set a point in time needs, chosen as the restore chooses it (and records it).
    task = RestoreJob.chooseFullSet(task, spec.repository());
    Manifest manifest =
        RestoreJob.backupSet(task, spec.repository()).get().manifest();
    String setPoint =
        manifest.consistentPoint() != null && manifest.consistentPoint().time() != null
            ? manifest.consistentPoint().time()
            : manifest.startTime();
    List<String> databases = manifest.databases().stream().map(Manifest.Database::name).toList();
    report.plan(task.backupTask() + "/" + task.backupSet(), setPoint, pointInTime, databases);
    return task;
  }

  /**
   * The scratch target as reports and messages show it: a URL without its properties, and
   * nothing of one that may carry a password (refused, but not to be written down either).
   */
  static String shown(Spec spec) {
    String target = spec.scratchTarget();
    if (target.toLowerCase(Locale.ROOT).contains("password") || target.contains("@")) {
      return "(the scratch target given, not shown: it may carry a password)";
    }
    int query = target.startsWith("jdbc:") ? target.indexOf('?') : -1;
    return query < 0 ? target : target.substring(0, query);
  }

  /** The restore task's name: "drill <id> of <source>", cut to a task name's length. */
  private static String taskName(String id, String source) {
    String name = "drill " + id + " of " + source;
    return name.length() > RestoreTask.MAX_NAME_LENGTH
        ? name.substring(0, RestoreTask.MAX_NAME_LENGTH)
        : name;
  }

  /** The newest complete set of a source, by the time it was taken. */
  static BackupSetInfo newestFullSet(BackupRepository repository, String source) {
    RestorableWindow.checkSourceName(source);
    return repository.list(source).stream()
        .filter(BackupSetInfo::complete)
        .max(Comparator.comparing(BackupSetInfo::time).thenComparing(BackupSetInfo::setId))
        .orElseThrow(() -> new UserError("The backup repository at " + repository.root()
            + " holds no complete backup set of " + source + "; back it up first (dbrestore"
            + " backup --source-name " + source + " ...), or give the repository with"
            + " --repository DIR."));
  }

  /** A second of the window, uniformly, outside its gaps. */
  private static Instant randomSecond(RestorableWindow window) {
    Instant from = Instant.parse(window.fromTime()).truncatedTo(ChronoUnit.SECONDS);
    Instant to = Instant.parse(window.toTime()).truncatedTo(ChronoUnit.SECONDS);
    long span = Math.max(0, Duration.between(from, to).getSeconds());
    SecureRandom random = new SecureRandom();
    for (int attempt = 0; attempt < 100; attempt++) {
      Instant second = from.plusSeconds(span == 0 ? 0 : random.nextLong(span + 1));
      boolean inGap = window.gaps().stream().anyMatch(g -> g.fromTime() != null
          && g.toTime() != null && !second.isBefore(Instant.parse(g.fromTime()))
          && second.isBefore(Instant.parse(g.toTime())));
      if (!inGap) {
        return second;
      }
    }
    return to;
  }

  /**
   * Refuses, touching nothing, a scratch target holding anything but the server's own schemas,
   * the drill's journal (holding only the journal's tables) and databases it marked there.
   */
  private static void refuseForeign(
      Connection scratch, Dialect dialect, String name, Set<String> databases)
      throws SQLException {
    Set<String> marked = databases.contains(JOURNAL_SCHEMA) ? marked(scratch, dialect) : Set.of();
    List<String> foreign = new ArrayList<>();
    for (String database : databases) {
      if (dialect.isSystemSchema(database) || marked.contains(database)) {
        continue;
      }
      if (database.equals(JOURNAL_SCHEMA)) {
        for (String object : dialect.notJournal(scratch, JOURNAL_SCHEMA)) {
          foreign.add(object + " in the drill's journal " + dialect.quote(JOURNAL_SCHEMA));
        }
        continue;
      }
      foreign.add(dialect.quote(database));
    }
    if (!foreign.isEmpty()) {
      throw new UserError("The scratch target " + name + " holds what no drill created: "
          + String.join(", ", foreign) + "; a drill restores only into a server that holds"
          + " nothing but the server's own schemas and earlier drills' databases, so nothing"
          + " was touched. Drill into an empty server, or drop those there first.");
    }
  }

  /** The databases the drill's journal marks as the drill's own. */
  private static Set<String> marked(Connection scratch, Dialect dialect) throws SQLException {
    Set<String> databases = new LinkedHashSet<>();
    for (String entry : dialect.objectsDone(scratch, JOURNAL_SCHEMA, MARK_TASK)) {
      if (entry.startsWith(MARK_PREFIX)) {
        databases.add(entry.substring(MARK_PREFIX.length()));
      }
    }
    return databases;
  }

  private static void mark(Connection scratch, Dialect dialect, Set<String> databases)
      throws SQLException {
    dialect.createJournal(scratch, JOURNAL_SCHEMA);
    for (String database : databases) {
      dialect.markObjectDone(scratch, JOURNAL_SCHEMA, MARK_TASK, MARK_PREFIX + database);
    }
  }

  /**
   * Drops every database the drill's journal marks, then the journal (and with it the marks),
   * telling {@code dropped} each one.
   */
  private static void dropMarked(
      Connection scratch, Dialect dialect, java.util.function.Consumer<String> dropped)
      throws SQLException {
    Set<String> present = new LinkedHashSet<>(dialect.databases(scratch));
    if (!present.contains(JOURNAL_SCHEMA)) {
      return;
    }
    for (String database : marked(scratch, dialect)) {
      if (present.contains(database)) {
        LOG.info("Drill: dropping {} on the scratch target", dialect.quote(database));
        dialect.dropDatabase(scratch, database);
        dropped.accept(database);
      }
    }
    dialect.dropJournal(scratch, JOURNAL_SCHEMA);
  }

  private static void runRestore(
      PipelineOptions options, Spec spec, RestoreTask task, Dialect dialect,
      DrillReport.Builder report, long startNanos) {
    // Unattended: warnings (a readable password file, say) are recorded in the report, not
    // waited on; failures stop the drill as they stop a restore.
    RestoreJob.Settings settings = new RestoreJob.Settings(
        spec.dataSources(), spec.repository(), true,
        dev.dbrestore.pipelines.DbrestoreHome.tasks());
    RestoreReport restore = RestoreJob.run(options, task, settings);
    Duration rto = since(startNanos);
    report.restore(restore);
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put("pre-check", seconds(restore.precheckTime()));
    phases.put("structure", seconds(restore.structure()));
    phases.put("data", seconds(restore.data()));
    phases.put("indexes", seconds(restore.indexes()));
    if (restore.replay() != null) {
      phases.put("replay", seconds(restore.replayTime()));
    }
    phases.put("post-data", seconds(restore.postData()));
    phases.put("check", seconds(restore.check()));
    phases.put("verification", seconds(restore.verify()));
    report.phases(phases);

    Map<String, Verification.Result> verified = new HashMap<>();
    restore.verification().forEach(v -> verified.put(v.table(), v));
    List<DrillReport.Table> tables = new ArrayList<>();
    for (RestoreReport.TableResult t : restore.tables()) {
      String qualified = dialect.qualified(t.database(), t.table());
      boolean ok;
      if (restore.replay() != null) {
        // The replay's read-back: every row count, and each digest the log lets it derive.
        ok = t.matches() && restore.replay().verified();
      } else {
        Verification.Result v = verified.get(qualified);
        ok = t.matches() && v != null && v.skipped() == null && v.matches();
      }
      tables.add(new DrillReport.Table(
          t.database() + "." + t.table(), t.database(), t.table(), t.restoredRows(),
          t.expectedRows(), ok));
    }
    report.tables(tables);
    List<String> problems = new ArrayList<>();
    tables.stream().filter(t -> !t.verified())
        .forEach(t -> problems.add(dialect.qualified(t.database(), t.table())));
    if (!problems.isEmpty()) {
      report.failed("These tables differ from the backup set after the restore (or could not be"
          + " verified): " + String.join(", ", problems) + " (restore task " + restore.taskId()
          + ").");
    } else if (restore.replay() != null && !restore.replay().verified()) {
      report.failed("The replay's verification failed: "
          + String.join("; ", restore.replay().verificationFailures()) + " (restore task "
          + restore.taskId() + ").");
    }
    report.rto(rto);
    List<String> exceeded = new ArrayList<>();
    if (spec.maxRto() != null && rto.compareTo(spec.maxRto()) > 0) {
      exceeded.add(String.format(Locale.ROOT, "the RTO of %.3f s exceeds --max-rto %s (%.3f s)",
          seconds(rto), Durations.format(spec.maxRto()), seconds(spec.maxRto())));
    }
    Duration rpo = report.rpo();
    if (spec.maxRpo() != null && rpo != null && rpo.compareTo(spec.maxRpo()) > 0) {
      exceeded.add(String.format(Locale.ROOT, "the RPO of %.3f s exceeds --max-rpo %s (%.3f s)",
          seconds(rpo), Durations.format(spec.maxRpo()), seconds(spec.maxRpo())));
    }
    report.sloExceeded(exceeded);
  }

  static double seconds(Duration d) {
    return d == null ? 0 : d.toNanos() / 1e9;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
