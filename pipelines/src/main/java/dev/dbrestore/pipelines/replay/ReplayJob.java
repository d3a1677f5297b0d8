package dev.dbrestore.pipelines.replay;

import dev.dbrestore.io.AtATime;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.io.jdbc.ChangeLogReader.Position;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.jdbc.ChangeWriters;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.FaultInjection;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.jdbc.TableDigest;
import dev.dbrestore.pipelines.Failures;
import dev.dbrestore.pipelines.Passwords;
import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.task.ObjectSelection;
import dev.dbrestore.pipelines.task.PointInTime;
import dev.dbrestore.transforms.replay.ReplayChanges;
import dev.dbrestore.transforms.replay.ReplayMetrics;
import dev.dbrestore.transforms.replay.ReplayTarget;
import dev.dbrestore.transforms.restore.TableMapping;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay stage of a restore to a point in time, a pipeline of its own: the captured log from
 * the full set's consistent point up to the chosen second, into a target the set was restored
 * into. Structure statements cut the log into phases; each phase is one pipeline run (rows
 * compacted per key, touched keys deleted, then final images inserted; tables without a key in
 * commit order), then the statement runs, then the next phase. Every batch and statement is
 * journaled, so a re-run of the same replay writes nothing twice.
 */
public final class ReplayJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayJob.class);
  private static final long BACKOFF_MILLIS = 500;

  private ReplayJob() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(ReplayOptions.class);
    ReplayOptions options = PipelineOptionsFactory.fromArgs(args).as(ReplayOptions.class);
    System.out.print(run(options).toText());
  }

  /** Replays every table of the set's databases under its own name. */
  public static ReplayReport run(ReplayOptions options) {
    return run(options, TableMapping.identity(), ObjectSelection.all());
  }

  /**
   * Replays the tables a task's selection selects, under its mapping, and verifies row counts
   * (unless turned off); a verification that fails is a {@link UserError} after the report is
   * logged.
   */
  public static ReplayReport run(
      ReplayOptions options, TableMapping mapping, ObjectSelection selection) {
    require(options.getTarget(), "--target");
    ConnectionSpec spec =
        ConnectionSpec.of(options.getTarget(), options.getTargetUser(),
            Passwords.source(options.getTargetPasswordEnv(), options.getTargetPasswordFile()));
    return run(options, Endpoint.of(spec), mapping, selection);
  }

  /**
   * Replays into {@code endpoint} (a restore's target, however the task named it); the options'
   * target, user and password settings are not read.
   */
  public static ReplayReport run(
      ReplayOptions options, Endpoint endpoint, TableMapping mapping, ObjectSelection selection) {
    require(options.getBackupSet(), "--backupSet");
    require(options.getLogFolder(), "--logFolder");
    require(options.getPointInTime(), "--pointInTime");
    Instant pointInTime = PointInTime.parse(options.getPointInTime());
    Manifest set = BackupSet.open(options.getBackupSet()).manifest();
    Manifest.ConsistentPoint point = set.consistentPoint();
    ConnectionSpec target = endpoint.spec();
    Dialect dialect = endpoint.dialect();
    ChangeWriter writer = ChangeWriters.require(dialect, target.jdbcUrl());
    TaskScope scope = scope(set, mapping, selection);
    ReplayPlan plan =
        plan(StorageFolder.at(options.getLogFolder()), set, pointInTime, writer, scope);
    String replayId =
        options.getReplayId() != null ? options.getReplayId()
            : "replay-" + shortHash(set.setId() + "|" + point.binlogFile() + ":"
                + point.binlogPosition() + "|" + plan.cutoff() + "|"
                + new TreeMap<>(mapping.databases()) + "|" + new TreeMap<>(mapping.tables())
                + "|" + selection);
    Journal journal = new Journal(options.getJournalSchema(), replayId);
    try (Connection c = endpoint.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      dialect.createJournal(c, journal.schema());
    } catch (SQLException e) {
      throw new UserError("Creating the journal on the target failed: " + e.getMessage(), e);
    }
    ReplayTarget replayTarget =
        new ReplayTarget(endpoint, writer, set.source(), journal, options.getRetries(),
            BACKOFF_MILLIS, options.getWriteBinlog());

    // The state at the set's point, in target names: what verification adds the log to.
    Map<String, String[]> tables = new LinkedHashMap<>();
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Manifest.Table> setTables = new TreeMap<>();
    Digests digests = new Digests();
    for (Manifest.Database d : set.databases()) {
      for (Manifest.Table t : d.tables()) {
        if (scope.selectsTable(d.name(), t.name())) {
          String[] name = {scope.targetDatabase(d.name()), scope.targetTable(d.name(), t.name())};
          tables.put(name[0] + "." + name[1], name);
          expected.put(name[0] + "." + name[1], t.rowCount());
          setTables.put(name[0] + "." + name[1], t);
        }
      }
    }
    Map<String, Long> deleted = new TreeMap<>();
    Map<String, Long> written = new TreeMap<>();
    List<String> applied = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<ReplayReport.ObjectStatement> objectStatements = new ArrayList<>();
    int phases = 0;
    LOG.info("Replaying the log from {} to {} into {} (journal {}.{})", plan.from(),
        pointInTime, target.address(), journal.schema(), journal.taskId());
    for (int k = 0; k <= plan.statements().size(); k++) {
      ReplayPlan.Phase phase = k < plan.statements().size() ? plan.phaseBefore(k) : plan.lastPhase();
      if (phase != null) {
        phases++;
        Map<String, Map<String, Long>> counts =
            runPhase(options, replayTarget, scope, phase, digests,
                uniqueSecondaryKeys(endpoint, writer, tables.values()));
        counts.get(ReplayMetrics.ROWS_DELETED_BY_TABLE).forEach((t, n) -> deleted.merge(t, n, Long::sum));
        counts.get(ReplayMetrics.ROWS_WRITTEN_BY_TABLE).forEach((t, n) -> written.merge(t, n, Long::sum));
        counts.get(ReplayMetrics.NET_ROWS_BY_TABLE).forEach((t, n) -> expected.merge(t, n, Long::sum));
      }
      if (k == plan.statements().size()) {
        break;
      }
      ReplayPlan.Statement statement = plan.statements().get(k);
      ChangeWriter.CheckedDdl ddl = statement.check();
      if (!ddl.apply()) {
        skipped.add(ddl.kind() + " (" + ddl.reason() + "): " + shortText(statement.text()));
        continue;
      }
      if (ddl.afterPostData()) {
        objectStatements.add(
            new ReplayReport.ObjectStatement(statement.transaction(), statement.index(), ddl));
        continue;
      }
      applyStatement(replayTarget, scope, statement);
      applied.add(ddl.kind() + ": " + shortText(ddl.sql()));
      for (ChangeWriter.TableEffect effect : ddl.effects()) {
        track(effect, scope, tables, expected);
        digests.changedStructure(effect, scope, tables.keySet());
      }
    }

    Map<String, Long> actual = null;
    List<String> failures = new ArrayList<>();
    List<String> digestsVerified = new ArrayList<>();
    List<String> digestsNotDerived = new ArrayList<>();
    if (options.getVerify()) {
      actual = new TreeMap<>();
      try (Connection c = endpoint.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
        for (Map.Entry<String, Long> e : expected.entrySet()) {
          String[] name = tables.get(e.getKey());
          long rows = dialect.countRows(c, name[0], name[1]);
          actual.put(e.getKey(), rows);
          if (rows != e.getValue()) {
            failures.add(e.getKey() + " has " + rows + " rows; the state at " + pointInTime
                + " has " + e.getValue() + " (the set's count plus the log's net changes)");
          }
        }
        List<String> compared = new ArrayList<>();
        List<Callable<String>> readBacks = new ArrayList<>();
        for (Map.Entry<String, Manifest.Table> e : setTables.entrySet()) {
          String[] name = tables.get(e.getKey());
          String why = name == null ? null : digests.whyNot(e.getKey(), e.getValue());
          if (name == null) {
            continue; // dropped in the window
          } else if (why != null) {
            digestsNotDerived.add(e.getKey() + " (" + why + ")");
            continue;
          }
          compared.add(e.getKey());
          readBacks.add(() ->
              TableDigest.compute(endpoint, name[0], name[1], e.getValue().storedColumns()).hex());
        }
        List<String> got = AtATime.two(readBacks, "Reading a replayed table back");
        for (int i = 0; i < compared.size(); i++) {
          String table = compared.get(i);
          String want = digests.expected(table, setTables.get(table));
          if (got.get(i).equals(want)) {
            digestsVerified.add(table);
          } else {
            failures.add(table + " has digest " + got.get(i) + "; the state at " + pointInTime
                + " has " + want + " (the set's digest plus the log's changes)");
          }
        }
      } catch (SQLException e) {
        throw new UserError("Reading the replayed tables back failed: " + e.getMessage(), e);
      }
    }
    Map<String, List<String>> names = new TreeMap<>();
    expected.keySet().forEach(k -> names.put(k, List.of(tables.get(k))));
    ReplayReport report =
        new ReplayReport(pointInTime, plan.lastApplied(), plan.firstSkipped(), deleted, written,
            applied, skipped, phases, expected, names, actual, digestsVerified,
            digestsNotDerived, failures, List.copyOf(objectStatements));
    LOG.info("{}", report.toText());
    if (!failures.isEmpty()) {
      throw new UserError("The replay to " + pointInTime + " did not verify: "
          + String.join("; ", failures) + ".");
    }
    return report;
  }

  /**
   * Checks the captured log for a restore of {@code set} to {@code pointInTime} under a task's
   * mapping and selection, as the replay would, reading nothing into a target: the second inside
   * the window, no gap, every segment needed whole (SHA-256), every structure statement
   * replayable. Returns the last transaction that would be applied and the first skipped; a
   * refusal is a {@link LogRefusal} naming which of these failed.
   */
  public static Reach checkLog(
      StorageFolder logFolder, Manifest set, Instant pointInTime, Endpoint target,
      TableMapping mapping,
      ObjectSelection selection) {
    ChangeWriter writer = ChangeWriters.require(target.dialect(), target.spec().jdbcUrl());
    TaskScope scope = scope(set, mapping, selection);
    ReplayPlan plan = plan(logFolder, set, pointInTime, writer, scope);
    List<List<String>> created = new ArrayList<>();
    boolean changesTables = false;
    for (ReplayPlan.Statement s : plan.statements()) {
      if (!s.check().apply() || s.check().afterPostData()) {
        continue;
      }
      changesTables = true;
      for (ChangeWriter.TableEffect e : s.check().effects()) {
        if (e.effect() == ChangeWriter.Effect.CREATE_TABLE) {
          created.add(List.of(scope.targetDatabase(e.database()),
              scope.targetTable(e.database(), e.table())));
        } else if (e.effect() == ChangeWriter.Effect.RENAME_TABLE) {
          created.add(List.of(scope.targetDatabase(e.newDatabase()),
              scope.targetTable(e.newDatabase(), e.newTable())));
        }
      }
    }
    return new Reach(plan.lastApplied(), plan.firstSkipped(), plan.phases().size(),
        plan.statements().size(), changesTables, List.copyOf(created));
  }

  /**
   * Refuses {@code pointInTime} outside the window the captured log gives {@code set}, with the
   * sentence pre-check item 22 gives, reading no segment: the check a form makes as it is filled.
   */
  public static void checkWindow(StorageFolder logFolder, Manifest set, Instant pointInTime) {
    Manifest.ConsistentPoint point = set.consistentPoint();
    ReplayPlan.checkWindow(logFolder, point == null ? null : point.time(), pointInTime);
  }

  /**
   * How far a replay reaches: the last transaction it applies and the first it skips (null when
   * there is none), in how many phases, over how many structure statements, whether any of them
   * is replayed on tables or databases (not only skipped, or a view or routine run after the
   * post-data objects), and the tables its statements create or rename to (target database and
   * table).
   */
  public record Reach(
      LogTransaction lastApplied, LogTransaction firstSkipped, int phases, int statements,
      boolean changesTables, List<List<String>> createdTables) {}

  private static TaskScope scope(Manifest set, TableMapping mapping, ObjectSelection selection) {
    Set<String> databases = new HashSet<>();
    set.databases().forEach(d -> databases.add(d.name()));
    return new TaskScope(Set.copyOf(databases), selection, mapping);
  }

  private static ReplayPlan plan(
      StorageFolder logFolder, Manifest set, Instant pointInTime, ChangeWriter writer,
      TaskScope scope) {
    Manifest.ConsistentPoint point = set.consistentPoint();
    if (point == null || point.binlogFile() == null || point.binlogPosition() == null) {
      throw new LogRefusal(LogRefusal.Reason.GAP, "The backup set " + set.setId()
          + " records no binary log position: its source wrote no binary log, so nothing can be"
          + " replayed after it.");
    }
    return ReplayPlan.of(logFolder, new Position(point.binlogFile(), point.binlogPosition()),
        point.time(), pointInTime, set.source().sqlMode(), writer, scope, scope.databases());
  }

  /**
   * The tables (database.table, target names) that have a unique key besides the primary key in
   * the target as it is now: the replay writes them in two phases (see ReplayChanges).
   */
  private static Set<String> uniqueSecondaryKeys(
      Endpoint endpoint, ChangeWriter writer, Collection<String[]> tables) {
    Set<String> found = new TreeSet<>();
    try (Connection c = endpoint.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      for (String[] name : tables) {
        if (writer.hasUniqueSecondaryKey(c, name[0], name[1])) {
          found.add(name[0] + "." + name[1]);
        }
      }
    } catch (SQLException e) {
      throw new UserError("Reading the target tables' unique keys failed: " + e.getMessage(), e);
    }
    return found;
  }

  private static Map<String, Map<String, Long>> runPhase(
      ReplayOptions options, ReplayTarget target, TaskScope scope, ReplayPlan.Phase phase,
      Digests digests, Set<String> uniqueKeyed) {
    Path digestFolder = digests.newFolder();
    // What a user sees in Flink's job list; the journal's task id ends in -replay.
    options.setJobName(
        "dbrestore restore " + target.journal().taskId() + " phase " + phase.name());
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ListSegments", Create.of(phase.segments()).withCoder(StringUtf8Coder.of()))
        .apply("ReplayChanges",
            ReplayChanges.into(target).withRange(phase.range()).withScope(scope)
                .withPhase(phase.name()).withBuckets(buckets(options, phase))
                .withUniqueSecondaryKeys(uniqueKeyed)
                .withDigestDeltasIn(digestFolder.toString()));
    PipelineResult result;
    try {
      result = pipeline.run();
      Progress.pipelineRunning(result);
      PipelineResult.State state = result.waitUntilFinish();
      Progress.pipelineEnded();
      if (state != PipelineResult.State.DONE) {
        throw new UserError("The replay pipeline of phase " + phase.name() + " ended in state "
            + state + ".");
      }
    } catch (RuntimeException e) {
      Throwable reason = Failures.reason(e);
      if (reason instanceof UserError user) {
        throw user;
      }
      throw e;
    }
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (String namespace : List.of(ReplayMetrics.ROWS_DELETED_BY_TABLE,
        ReplayMetrics.ROWS_WRITTEN_BY_TABLE, ReplayMetrics.NET_ROWS_BY_TABLE,
        ReplayMetrics.DIGEST_FILES)) {
      Map<String, Long> byTable = new TreeMap<>();
      for (MetricResult<Long> counter :
          result.metrics().queryMetrics(MetricsFilter.builder()
              .addNameFilter(MetricNameFilter.inNamespace(namespace)).build()).getCounters()) {
        byTable.merge(counter.getName().getName(), value(counter), Long::sum);
      }
      counts.put(namespace, byTable);
    }
    digests.read(digestFolder,
        counts.get(ReplayMetrics.DIGEST_FILES).getOrDefault("written", 0L));
    return counts;
  }

  /**
   * Buckets per table: as given, or from the phase's row changes, so a batch stays a few
   * thousand keys (fewer transactions for a short log, bounded memory for a long one).
   */
  static int buckets(ReplayOptions options, ReplayPlan.Phase phase) {
    Integer given = options.getBuckets();
    if (given != null && given > 0) {
      return given;
    }
    return (int) Math.min(4096, 4 + phase.rowChanges() / 250_000);
  }

  private static long value(MetricResult<Long> counter) {
    try {
      return counter.getCommitted();
    } catch (UnsupportedOperationException e) {
      return counter.getAttempted(); // runners without committed metrics (Flink)
    }
  }

  /**
   * Runs the log's view and routine statements in log order, after the set's views and routines
   * exist, each once (journaled under the replay's id), with the restoring account as definer
   * and the sql_mode of the set's source. Returns the statements applied, for the report.
   */
  public static List<String> applyObjectStatements(
      Endpoint target, Journal journal, String sqlMode, ReplayReport report) {
    List<String> applied = new ArrayList<>();
    Dialect dialect = target.dialect();
    ReplayReport.ObjectStatement statement = null;
    try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      for (ReplayReport.ObjectStatement s : report.objectStatements()) {
        statement = s;
        ChangeWriter.CheckedDdl ddl = s.check();
        String entry = "replay/object/" + s.transaction() + "." + s.index();
        if (!dialect.isChunkDone(c, journal.schema(), journal.taskId(), entry)) {
          if (ddl.database() != null) {
            dialect.createSchemaObject(c, ddl.database(),
                CheckedStatement.of(ddl.sql(), sqlMode, null, null));
          } else {
            ChangeWriters.require(dialect, target.spec().jdbcUrl()).runStructureStatement(c, ddl);
          }
          dialect.markChunkDone(c, journal.schema(), journal.taskId(), entry, ddl.kind(), 0);
        }
        applied.add(ddl.kind() + ": " + shortText(ddl.sql()));
        LOG.info("Replayed after the views and routines: {}", shortText(ddl.sql()));
      }
    } catch (SQLException e) {
      String what = statement == null ? "the log's view and routine statements"
          : "the statement \"" + shortText(statement.check().sql()) + "\" (transaction "
              + statement.transaction() + ")";
      throw new UserError("Replaying " + what + " after the views and routines failed: "
          + e.getMessage() + ". Tables, rows and the set's objects are restored; fix this and"
          + " resume the task.", e);
    }
    return applied;
  }

  /**
   * Runs a structure statement once. The server commits it on its own, so its journal entry
   * cannot share its transaction: before it runs, an entry records the structure of what it
   * changes; a replay that finds that entry and a structure that is no longer the recorded one
   * knows the statement ran (and stopped before its own entry), and does not run it twice.
   */
  private static void applyStatement(
      ReplayTarget target, ChangeWriter.Scope scope, ReplayPlan.Statement statement) {
    Journal journal = target.journal();
    ChangeWriter.CheckedDdl ddl = statement.check();
    String entry = "replay/ddl/" + statement.transaction() + "." + statement.index();
    String before = entry + "/before/";
    try (Connection c = target.target().openRestoreSession(
        Endpoint.Purpose.BATCH_WRITE, "target", target.source(), target.writeBinlog())) {
      Dialect dialect = target.dialect();
      if (dialect.isChunkDone(c, journal.schema(), journal.taskId(), entry)) {
        return;
      }
      String structure = target.writer().structureFingerprint(c, ddl, scope);
      if (!dialect.isChunkDone(c, journal.schema(), journal.taskId(), before + structure)) {
        boolean triedBefore = dialect.chunksDone(c, journal.schema(), journal.taskId())
            .stream().anyMatch(e -> e.startsWith(before));
        if (triedBefore) {
          // Recorded before it ran, and the structure has changed since: it ran.
          LOG.info("The statement \"{}\" ran before the replay stopped; not run again",
              shortText(ddl.sql()));
          dialect.markChunkDone(c, journal.schema(), journal.taskId(), entry, ddl.kind(), 0);
          return;
        }
        dialect.markChunkDone(
            c, journal.schema(), journal.taskId(), before + structure, ddl.kind(), 0);
      }
      FaultInjection.beforeReplayStatement(ddl.kind());
      target.writer().runStructureStatement(c, ddl);
      FaultInjection.afterReplayStatement(ddl.kind());
      dialect.markChunkDone(c, journal.schema(), journal.taskId(), entry, ddl.kind(), 0);
    } catch (SQLException e) {
      throw new UserError("Replaying the statement \"" + shortText(statement.check().sql())
          + "\" (transaction " + statement.transaction() + ") failed: " + e.getMessage(), e);
    }
  }

  /** What a structure statement does to the row counts of the state at T. */
  private static void track(
      ChangeWriter.TableEffect effect, TaskScope scope, Map<String, String[]> tables,
      Map<String, Long> expected) {
    String db = scope.targetDatabase(effect.database());
    String key = effect.table() == null ? null : db + "." + scope.targetTable(effect.database(),
        effect.table());
    switch (effect.effect()) {
      case CREATE_TABLE, TRUNCATE_TABLE -> {
        tables.put(key, new String[] {db, scope.targetTable(effect.database(), effect.table())});
        expected.put(key, 0L);
      }
      case DROP_TABLE -> {
        tables.remove(key);
        expected.remove(key);
      }
      case RENAME_TABLE -> {
        String newDb = scope.targetDatabase(effect.newDatabase());
        String newTable = scope.targetTable(effect.newDatabase(), effect.newTable());
        Long rows = expected.remove(key);
        tables.remove(key);
        tables.put(newDb + "." + newTable, new String[] {newDb, newTable});
        expected.put(newDb + "." + newTable, rows == null ? 0 : rows);
      }
      case DROP_DATABASE -> {
        tables.keySet().removeIf(k -> tables.get(k)[0].equals(db));
        expected.keySet().retainAll(tables.keySet());
      }
      default -> {
        // ALTER TABLE, CREATE/ALTER DATABASE keep every table's rows.
      }
    }
  }

  private static void require(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new UserError("The replay needs " + option + ".");
    }
  }

  private static String shortHash(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0,
          12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shortText(String s) {
    String flat = s == null ? "" : s.strip().replaceAll("\\s+", " ");
    return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
  }
}
