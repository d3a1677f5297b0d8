package dev.dbrestore.pipelines;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.task.CheckedStatements;
import dev.dbrestore.pipelines.task.DataSource;
import dev.dbrestore.pipelines.task.DataSources;
import dev.dbrestore.pipelines.task.EventStatus;
import dev.dbrestore.pipelines.task.PostDataOrder;
import dev.dbrestore.pipelines.task.PreCheck;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.StructureConflictPolicy;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import dev.dbrestore.transforms.ApplyConflictPolicy;
import dev.dbrestore.transforms.MapTables;
import dev.dbrestore.transforms.TableMapping;
import dev.dbrestore.transforms.WriteRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a restore task: the pre-check first (a failure, or a warning not accepted, stops it
 * before anything is written), then in separate stages structure (databases and tables), data
 * (a Beam pipeline, a transaction per chunk), post-data objects (routines, views after what
 * they read, then triggers and events, so no trigger fires on a restored row), and a row-count
 * check. Every run is
 * recorded in the task store.
 */
public final class RestoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreJob.class);

  private RestoreJob() {}

  /** Where a task's names are looked up, whether warnings are accepted, where records go. */
  public record Settings(
      Path dataSources, String repository, boolean acceptWarnings, Path tasksDir) {
    public static Settings defaults(boolean acceptWarnings) {
      return new Settings(null, null, acceptWarnings, DbrestoreHome.tasks());
    }
  }

  /**
   * The target server a task names, resolved, with the files read to reach it (data-source
   * file, password file) for pre-check item 19.
   */
  public record Target(
      ConnectionSpec spec, Dialect dialect, List<PreCheck.SecretFile> secretFiles) {
    public Target(ConnectionSpec spec, Dialect dialect) {
      this(spec, dialect, List.of());
    }
  }

  /**
   * A restore of the whole set given by the options' backupSet, target and user, with the
   * defaults of a task; the caller accepts the pre-check's warnings.
   */
  public static RestoreReport run(RestoreOptions options) {
    if (options.getBackupSet() == null) {
      throw new UsageError("The backup set is missing: give --backup-set DIR.");
    }
    if (options.getTarget() == null) {
      throw new UsageError("The target server is missing: give --target JDBC_URL.");
    }
    RestoreTask task =
        new RestoreTask(
            defaultName(options.getBackupSet()), null, null, options.getBackupSet(), null,
            options.getTarget(), options.getTargetUser(), options.getTargetPasswordEnv(),
            options.getTargetPasswordFile(), null, null, null, null, null, null, null);
    return run(options, task, Settings.defaults(true));
  }

  /** A task name for a restore given without one: "restore <set folder>", cut to 64. */
  public static String defaultName(String backupSet) {
    String folder = backupSet.replaceAll("[/\\\\]+$", "");
    folder = folder.substring(Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\')) + 1);
    String name = "restore " + folder;
    return name.length() > RestoreTask.MAX_NAME_LENGTH
        ? name.substring(0, RestoreTask.MAX_NAME_LENGTH)
        : name;
  }

  /** The target a task names: a JDBC URL, or a data source from the data-source file. */
  public static Target resolveTarget(RestoreTask task, Path dataSourcesFile) {
    if (task.target().startsWith("jdbc:")) {
      ConnectionSpec spec =
          ConnectionSpec.of(
              task.target(), task.targetUser(),
              Passwords.source(task.targetPasswordEnv(), task.targetPasswordFile()));
      return checked(new Target(spec, Dialect.forUrl(task.target())));
    }
    Path dataSourcesPath = dataSourcesFile != null ? dataSourcesFile : DbrestoreHome.dataSources();
    DataSource source =
        DataSources.load(dataSourcesFile)
            .get(task.target())
            .orElseThrow(
                () ->
                    new UserError(
                        "There is no data source named "
                            + task.target()
                            + "; add it to the data-source file or give a JDBC URL."));
    ConnectionSpec spec = ConnectionSpec.of(source.url(), source.user(), source.passwordSource());
    List<PreCheck.SecretFile> files = new ArrayList<>();
    files.add(new PreCheck.SecretFile("data-source file", dataSourcesPath));
    if (source.passwordFile() != null) {
      files.add(new PreCheck.SecretFile("password file", Path.of(source.passwordFile())));
    }
    return checked(new Target(spec, Dialect.forUrl(source.url()), files));
  }

  /** A target whose URL loosens nothing this tool pins, refused before anything starts. */
  private static Target checked(Target target) {
    target.dialect().checkUrl(target.spec().jdbcUrl());
    return target;
  }

  /** Opens the backup set a task names: a folder, or a set in the backup repository. */
  public static Supplier<BackupSet> backupSet(RestoreTask task, String repository) {
    return () ->
        BackupSet.open(
            task.source() == null
                ? task.backupSet()
                : BackupRepository.at(repository)
                    .resolve(task.source(), task.backupTask(), task.backupSet()));
  }

  /** Runs only the pre-check. */
  public static PreCheck.Report precheck(
      PipelineOptions options, RestoreTask task, Settings settings) {
    FileSystems.setDefaultPipelineOptions(options);
    Target target = resolveTarget(task, settings.dataSources());
    return PreCheck.run(
        task, backupSet(task, settings.repository()), target.spec(), target.dialect(),
        PreCheck.Resume.NONE, target.secretFiles());
  }

  /**
   * Runs a restore task, recorded in the task store. The pipeline options bulkLoad, writeBinlog
   * and verify set to false turn those off in the task, which records them for a resume.
   */
  public static RestoreReport run(PipelineOptions options, RestoreTask task, Settings settings) {
    RestoreOptions given = options.as(RestoreOptions.class);
    task =
        task.withWriting(
            task.bulkLoad() && given.getBulkLoad(),
            task.writeBinlog() && given.getWriteBinlog(),
            task.verify() && given.getVerify());
    TaskStore store = TaskStore.open(settings.tasksDir());
    TaskRecord record = store.start(task.name(), task.asRecord());
    return execute(options, task, settings, store, record, false);
  }

  /**
   * Continues an interrupted or failed task under the same id, as recorded: the journal in the
   * target says which objects and chunks are done; those are skipped and the rest is written
   * from scratch. Pipeline options that would change the recorded bulkLoad, writeBinlog or
   * verify are refused; a record from before those were recorded takes them from the options.
   */
  public static RestoreReport resume(PipelineOptions options, String taskId, Settings settings) {
    TaskStore store = TaskStore.open(settings.tasksDir());
    TaskRecord previous = store.get(taskId);
    if (previous.state() == TaskState.SUCCEEDED) {
      throw new UserError("Task " + taskId + " has already succeeded; there is nothing to resume.");
    }
    if (previous.state() == TaskState.RUNNING) {
      throw new UserError(
          "Task " + taskId + " is still running (process " + previous.pid() + " on "
              + previous.host() + "); wait for it, or stop it first.");
    }
    RestoreTask task = recordedWriting(RestoreTask.fromRecord(previous.task()), previous, options);
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = previous.host();
    }
    TaskRecord record =
        new TaskRecord(
            previous.id(), previous.name(), task.asRecord(), TaskState.RUNNING,
            Instant.now().toString(), null, previous.rowsWritten(), null, previous.precheck(),
            "resumed; first started at " + previous.startTime(), ProcessHandle.current().pid(),
            host);
    store.save(record);
    LOG.info("Resuming restore task {} ({})", taskId, task.name());
    return execute(options, task, settings, store, record, true);
  }

  /** The recorded task's writing choices, checked against the options of the resume. */
  private static RestoreTask recordedWriting(
      RestoreTask task, TaskRecord previous, PipelineOptions options) {
    RestoreOptions given = options.as(RestoreOptions.class);
    Map<String, Object> recorded = previous.task();
    boolean[] values = {task.bulkLoad(), task.writeBinlog(), task.verify()};
    boolean[] asked = {given.getBulkLoad(), given.getWriteBinlog(), given.getVerify()};
    String[] fields = {"bulkLoad", "writeBinlog", "verify"};
    String[] flags = {"--bulkLoad=false", "--no-binlog", "--no-verify"};
    for (int i = 0; i < fields.length; i++) {
      if (!recorded.containsKey(fields[i])) {
        values[i] = asked[i]; // recorded before the task held it: as a resume took it then
      } else if (values[i] && !asked[i]) {
        throw new UsageError(
            "Task " + previous.id() + " was recorded with " + fields[i] + ": true, and --resume"
                + " runs a task as recorded; give no " + flags[i]
                + (i == 0 ? "" : " or --" + fields[i] + "=false") + " with it.");
      }
    }
    return task.withWriting(values[0], values[1], values[2]);
  }

  private static RestoreReport execute(
      PipelineOptions options,
      RestoreTask task,
      Settings settings,
      TaskStore store,
      TaskRecord record,
      boolean resuming) {
    LOG.info("Restore task {} ({}) started", record.id(), task.name());
    try {
      PreCheck.Report report;
      Target target;
      try {
        target = resolveTarget(task, settings.dataSources());
        FileSystems.setDefaultPipelineOptions(options);
        PreCheck.Resume resume =
            resuming ? journalState(target, task, record.id()) : PreCheck.Resume.NONE;
        report =
            PreCheck.run(
                task, backupSet(task, settings.repository()), target.spec(), target.dialect(),
                resume, target.secretFiles());
      } catch (UserError e) {
        record = finish(store, record, TaskState.PRECHECK_FAILED, e.getMessage());
        throw e;
      }
      record = record.withPrecheck(report.asRecord());
      store.save(record);
      if (report.failed()) {
        List<PreCheck.Item> checked =
            report.failures().stream().filter(i -> !i.cause().startsWith("Not checked")).toList();
        int notChecked = report.failures().size() - checked.size();
        String message =
            "The pre-check failed on "
                + checked.stream()
                    .map(i -> "item " + i.number() + " (" + i.name() + ")")
                    .collect(Collectors.joining(", "))
                + ": "
                + checked.get(0).cause()
                + (notChecked > 0 ? " (" + notChecked + " items could not be checked.)" : "")
                + " Nothing was written (task "
                + record.id()
                + ").";
        record = finish(store, record, TaskState.PRECHECK_FAILED, message);
        throw new PreCheckFailed(message, report);
      }
      Set<Integer> unaccepted = new TreeSet<>();
      for (PreCheck.Item warning : report.warnings()) {
        if (!settings.acceptWarnings() && !task.acceptedWarnings().contains(warning.number())) {
          unaccepted.add(warning.number());
        }
      }
      if (!unaccepted.isEmpty()) {
        String message =
            "The pre-check has warnings to review: items "
                + unaccepted.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + "; accept them with --accept-warnings or acceptWarnings: "
                + unaccepted
                + " in the task file. Nothing was written (task "
                + record.id()
                + ").";
        record = finish(store, record, TaskState.PRECHECK_FAILED, message);
        throw new PreCheckFailed(message, report);
      }
      return runStages(options, task, report, target, store, record);
    } catch (PreCheckFailed e) {
      throw e;
    } catch (RuntimeException e) {
      TaskRecord latest = store.get(record.id());
      if (latest.state() == TaskState.RUNNING) {
        finish(store, latest, TaskState.FAILED, Failures.message(e));
      }
      throw e;
    }
  }

  /** What the journal says an earlier run of this task did. */
  private static PreCheck.Resume journalState(Target target, RestoreTask task, String taskId) {
    try (Connection c = target.spec().openOrExplain(target.dialect(), Map.of(), "target")) {
      Set<String> owned = new HashSet<>();
      for (String object : target.dialect().objectsDone(c, task.journalSchema(), taskId)) {
        owned.add(Dialect.objectName(object));
      }
      Map<String, Long> rows = target.dialect().journaledRows(c, task.journalSchema(), taskId);
      for (String table : rows.keySet()) {
        owned.add(table.toLowerCase(Locale.ROOT));
      }
      return new PreCheck.Resume(owned, rows);
    } catch (SQLException e) {
      throw new UserError("Reading the restore journal in the target failed: " + e.getMessage(), e);
    }
  }

  /** The pre-check stopped the task; carries the report so the command can print it. */
  public static final class PreCheckFailed extends UserError {
    private static final long serialVersionUID = 1L;
    private final transient PreCheck.Report report;

    PreCheckFailed(String message, PreCheck.Report report) {
      super(message);
      this.report = report;
    }

    public PreCheck.Report report() {
      return report;
    }
  }

  private static TaskRecord finish(
      TaskStore store, TaskRecord record, TaskState state, String error) {
    TaskRecord done =
        record.withState(state).withEndTime(Instant.now().toString()).withError(error);
    store.save(done);
    return done;
  }

  private static RestoreReport runStages(
      PipelineOptions options,
      RestoreTask task,
      PreCheck.Report report,
      Target target,
      TaskStore store,
      TaskRecord record) {
    RestorePlan plan = report.plan();
    Dialect dialect = target.dialect();
    ConnectionSpec spec = target.spec();
    boolean structure = task.recoveryType().includesStructure();
    boolean data = task.recoveryType().includesData();

    long start = System.nanoTime();
    record = progress(store, record, "structure");
    Journal journal = new Journal(task.journalSchema(), record.id());
    Set<String> existingBefore = new HashSet<>();
    Set<String> done;
    try (Connection c = spec.openOrExplain(dialect, Map.of(), "target")) {
      dialect.createJournal(c, journal.schema());
      done = new HashSet<>(dialect.objectsDone(c, journal.schema(), journal.taskId()));
      for (RestorePlan.Database db : plan.databases()) {
        for (String object : dialect.existingObjects(c, db.targetName())) {
          existingBefore.add(Dialect.objectName(object));
        }
      }
      if (structure) {
        createStructure(c, dialect, plan, report.statements(), existingBefore, journal, done);
      }
    } catch (SQLException e) {
      throw new UserError("Creating the structure in the target failed: " + e.getMessage(), e);
    }
    Duration structureTime = since(start);

    start = System.nanoTime();
    Map<String, Long> written = Map.of();
    if (data) {
      record = progress(store, record, "data");
      written = restoreData(options, plan, spec, dialect, journal, store, record);
      record = record.withRowsWritten(written);
      store.save(record);
      if (structure) {
        record = progress(store, record, "secondary indexes");
        addDeferredIndexes(spec, dialect, plan, report.statements(), journal);
      }
    }
    Duration dataTime = since(start);

    start = System.nanoTime();
    int objects = 0;
    if (structure) {
      record = progress(store, record, "post-data objects");
      try (Connection c = spec.openOrExplain(dialect, Map.of(), "target")) {
        objects =
            createPostDataObjects(
                c, dialect, plan, report.statements(), existingBefore, journal, done);
      } catch (SQLException e) {
        throw postDataFailure(
            "Creating views, routines, triggers or events failed: " + e.getMessage(), plan,
            journal, e);
      }
    }
    Duration postDataTime = since(start);

    start = System.nanoTime();
    List<RestoreReport.TableResult> tables = new ArrayList<>();
    if (data) {
      record = progress(store, record, "row-count check");
      try (Connection c = spec.openOrExplain(dialect, Map.of(), "target")) {
        for (RestorePlan.Database db : plan.databases()) {
          for (RestorePlan.Table t : db.tables()) {
            String name = dialect.qualified(db.targetName(), t.targetName());
            tables.add(
                new RestoreReport.TableResult(
                    db.targetName(),
                    t.targetName(),
                    t.source().rowCount(),
                    report.rowsBefore().getOrDefault(name, 0L),
                    dialect.countRows(c, db.targetName(), t.targetName())));
          }
        }
      } catch (SQLException e) {
        throw new UserError("Counting the restored rows failed: " + e.getMessage(), e);
      }
    }
    Duration checkTime = since(start);

    start = System.nanoTime();
    List<Verification.Result> verification = List.of();
    if (data && task.verify()) {
      record = progress(store, record, "verification");
      verification = Verification.run(spec, dialect, plan, report.rowsBefore());
    }
    RestoreReport result =
        new RestoreReport(
            record.id(), report, tables, structureTime, dataTime, postDataTime, checkTime,
            objects, verification, since(start), task);
    List<String> problems = new ArrayList<>();
    tables.stream()
        .filter(t -> !t.matches())
        .forEach(t -> problems.add("row count of " + dialect.qualified(t.database(), t.table())));
    verification.stream()
        .filter(v -> !v.matches())
        .forEach(v -> problems.add("content of " + v.table()));
    if (problems.isEmpty()) {
      finish(store, record.withProgress("done"), TaskState.SUCCEEDED, null);
    } else {
      finish(
          store,
          record.withProgress("done"),
          TaskState.FAILED,
          "The target differs from the backup set: " + String.join(", ", problems) + ".");
    }
    return result;
  }

  /** Adds the secondary indexes held back from the tables this task created. */
  private static void addDeferredIndexes(
      ConnectionSpec spec, Dialect dialect, RestorePlan plan, CheckedStatements statements,
      Journal journal) {
    Set<String> created;
    try (Connection c = spec.openOrExplain(dialect, Map.of(), "target")) {
      created = dialect.objectsDone(c, journal.schema(), journal.taskId());
    } catch (SQLException e) {
      throw new UserError("Adding the secondary indexes failed: " + e.getMessage(), e);
    }
    // One ALTER per table builds its indexes on one server thread: two tables at a time.
    List<java.util.concurrent.Callable<Void>> alters = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        String name = dialect.qualified(db.targetName(), t.targetName());
        List<CheckedStatement> indexes =
            created.contains("table " + name)
                ? statements.deferredIndexes("table " + name)
                : List.of();
        if (!indexes.isEmpty()) {
          alters.add(
              () -> {
                try (Connection c = spec.openOrExplain(dialect, Map.of(), "target")) {
                  dialect.addIndexes(c, db.targetName(), t.targetName(), indexes);
                } catch (SQLException e) {
                  throw new UserError(
                      "Adding the secondary indexes of " + name + " failed: " + e.getMessage(),
                      e);
                }
                return null;
              });
        }
      }
    }
    dev.dbrestore.io.TwoAtATime.run(alters, "Adding the secondary indexes");
  }

  private static TaskRecord progress(TaskStore store, TaskRecord record, String stage) {
    TaskRecord next = record.withProgress(stage);
    store.save(next);
    return next;
  }

  private static void createStructure(
      Connection c,
      Dialect dialect,
      RestorePlan plan,
      CheckedStatements statements,
      Set<String> existing,
      Journal journal,
      Set<String> done)
      throws SQLException {
    dialect.prepareRestoreSession(c, plan.manifest().source());
    for (RestorePlan.Database db : plan.databases()) {
      Manifest.Database source = db.source();
      dialect.createDatabase(
          c,
          new Manifest.Database(
              db.targetName(), source.characterSet(), source.collation(), List.of(), List.of(),
              List.of(), List.of(), List.of(), List.of()));
      for (RestorePlan.Table table : db.tables()) {
        String name = dialect.qualified(db.targetName(), table.targetName());
        String entry = "table " + name;
        boolean exists = existing.contains(name.toLowerCase(Locale.ROOT));
        if (done.contains(entry)) {
          if (exists) {
            continue;
          }
        } else if (exists) {
          LOG.info("Keeping the existing table {} (structure conflict policy ignore)", name);
          continue;
        } else {
          // Recorded before the CREATE (which commits on its own): a crash in between leaves an
          // entry for a table that a resume then creates.
          dialect.markObjectDone(c, journal.schema(), journal.taskId(), entry);
        }
        // As item 17 checked it: renamed, and without the secondary indexes where rows follow
        // (those come after the data, one ALTER per table, as myloader does).
        CheckedStatement create = statements.create(entry);
        try {
          dialect.createTable(c, db.targetName(), create);
        } catch (SQLException e) {
          throw new UserError(
              "Creating table " + name + " in the target failed: " + e.getMessage(), e);
        }
      }
    }
  }

  /** Runs the data pipeline; returns rows written per target table. */
  private static Map<String, Long> restoreData(
      PipelineOptions options,
      RestorePlan plan,
      ConnectionSpec target,
      Dialect dialect,
      Journal journal,
      TaskStore store,
      TaskRecord record) {
    RestoreTask task = plan.task();
    List<ChunkWrite> work = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table table : db.tables()) {
        for (Manifest.Chunk chunk : table.source().chunks()) {
          work.add(
              new ChunkWrite(
                  plan.setLocation(),
                  db.source().name(),
                  table.source().name(),
                  db.source().name(),
                  table.source().name(),
                  chunk,
                  table.source().storedColumns(),
                  task.dataConflict()));
        }
      }
    }
    // Biggest chunks first, so the last one to finish is a small one.
    work.sort((a, b) -> Long.compare(b.chunk().bytes(), a.chunk().bytes()));
    boolean writeBinlog = task.writeBinlog();
    if (!writeBinlog) {
      try (Connection c = target.openOrExplain(dialect, Map.of(), "target")) {
        dialect.disableBinlog(c);
      } catch (SQLException e) {
        throw new UserError(
            "The restoring account may not turn off the binary log (" + e.getMessage()
                + "); run without --no-binlog or grant it " + dialect.disableBinlogPrivilege()
                + ".",
            e);
      }
    }
    LOG.info(
        "Restoring {} chunks into {} ({})", work.size(), target,
        writeBinlog ? "binary log written" : "binary log NOT written");
    ProgressWatcher watcher = new ProgressWatcher(target, dialect, journal, work.size(), store, record);
    watcher.start();
    Map<String, Long> written = new LinkedHashMap<>();
    try {
      // Each attempt skips the chunks the journal has: a failure outside a chunk's own writing
      // (a worker lost after a commit, say) is retried here on every runner, not only where the
      // runner retries bundles itself.
      for (int attempt = 1; ; attempt++) {
        // A failed run (this one's last attempt, or the task's before a resume) left its
        // writers stopped; this attempt's writers may write.
        clearStop(target, dialect, journal);
        Pipeline pipeline =
            dataPipeline(options, work, task, target, dialect, plan.manifest().source(), journal);
        PipelineResult result = null;
        try {
          result = pipeline.run();
          PipelineResult.State state = result.waitUntilFinish();
          if (state != PipelineResult.State.DONE) {
            throw new UserError("The restore pipeline ended in state " + state + ".");
          }
          break;
        } catch (RuntimeException e) {
          // Stop the failed attempt's writers, wherever they run, before recording the failure
          // or running again; after the last attempt they stay stopped until a resume.
          stopWriters(target, dialect, journal);
          stopQuietly(result);
          awaitQuiet(target, dialect, journal);
          Throwable reason = Failures.reason(e);
          boolean actionable =
              reason instanceof UserError
                  || reason instanceof dev.dbrestore.io.jdbc.JdbcChunkSink.ChunkWriteException;
          if (actionable || attempt > task.retries()) {
            throw e;
          }
          LOG.warn(
              "The data pipeline failed ({}); running it again, done chunks are skipped"
                  + " (attempt {} of {})",
              Failures.message(e), attempt + 1, task.retries() + 1);
        }
      }
    } finally {
      watcher.stop();
    }
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        written.put(dialect.qualified(db.targetName(), t.targetName()), 0L);
      }
    }
    try (Connection c = target.openOrExplain(dialect, Map.of(), "target")) {
      written.putAll(dialect.journaledRows(c, journal.schema(), journal.taskId()));
    } catch (SQLException e) {
      throw new UserError("Reading the restore journal failed: " + e.getMessage(), e);
    }
    return written;
  }

  /**
   * The data stage's pipeline: each chunk read, mapped, put under the conflict policy and
   * written. Its functions carry where the target's password is, never the password.
   */
  static Pipeline dataPipeline(
      PipelineOptions options,
      List<ChunkWrite> work,
      RestoreTask task,
      ConnectionSpec target,
      Dialect dialect,
      Manifest.Source source,
      Journal journal) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ListChunks", Create.of(work).withCoder(SerializableCoder.of(ChunkWrite.class)))
        .apply("SpreadChunks", Reshuffle.viaRandomKey())
        .apply(
            "MapTables",
            MapTables.using(new TableMapping(task.databaseMapping(), task.tableMapping())))
        .apply("ApplyConflictPolicy", ApplyConflictPolicy.of(task.dataConflict()))
        .apply(
            "WriteRows",
            ParDo.of(
                new WriteRows(
                    target, dialect, source, journal, task.retries(), 200, task.bulkLoad(),
                    task.writeBinlog())));
    return pipeline;
  }

  /**
   * Waits until no writer of the task commits another chunk: the journal stops growing for two
   * seconds (a minute at most). Writers of a failed run finish the chunk they are in.
   */
  private static void awaitQuiet(ConnectionSpec target, Dialect dialect, Journal journal) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    int last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      int done;
      try (Connection c = target.open(dialect, Map.of())) {
        done = dialect.chunksDone(c, journal.schema(), journal.taskId()).size();
      } catch (SQLException e) {
        return;
      }
      if (done != last) {
        last = done;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 2_000_000_000L) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Marks the task's writers stopped in the journal. A target that does not answer is asked
   * again for ten seconds; its writers cannot write meanwhile either.
   */
  private static void stopWriters(ConnectionSpec target, Dialect dialect, Journal journal) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Connection c = target.open(dialect, Map.of())) {
        dialect.stop(c, journal.schema(), journal.taskId());
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          LOG.warn("Could not mark the failed data pipeline's writers stopped: {}", e.getMessage());
          return;
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void clearStop(ConnectionSpec target, Dialect dialect, Journal journal) {
    try (Connection c = target.openOrExplain(dialect, Map.of(), "target")) {
      dialect.clearStop(c, journal.schema(), journal.taskId());
    } catch (SQLException e) {
      throw new UserError("Writing the restore journal failed: " + e.getMessage(), e);
    }
  }

  private static void stopQuietly(PipelineResult result) {
    if (result == null) {
      return;
    }
    try {
      result.cancel();
      result.waitUntilFinish(org.joda.time.Duration.standardSeconds(60));
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("Stopping the failed data pipeline: {}", e.getMessage());
    }
  }

  /** Saves "data: N of M chunks" into the task record every few seconds while data loads. */
  private static final class ProgressWatcher {
    private final Thread thread;
    private volatile boolean stopped;

    ProgressWatcher(
        ConnectionSpec target, Dialect dialect, Journal journal, int chunks, TaskStore store,
        TaskRecord record) {
      thread =
          new Thread(
              () -> {
                while (!stopped) {
                  try (Connection c = target.open(dialect, Map.of())) {
                    int done = dialect.chunksDone(c, journal.schema(), journal.taskId()).size();
                    store.save(record.withProgress("data: " + done + " of " + chunks + " chunks"));
                  } catch (SQLException | RuntimeException e) {
                    // Progress is informative; the data stage reports real failures itself.
                  }
                  try {
                    Thread.sleep(2000);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "dbrestore-progress");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() {
      stopped = true;
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Creates the views, routines, triggers and events in the order {@link PostDataOrder} gives:
   * routines, views after what they read, then triggers and events; each with the restoring
   * account as definer. Existing ones are kept (structure conflict policy ignore; with stop the
   * pre-check made sure there are none). A failure says what is already restored and how to
   * finish.
   */
  private static int createPostDataObjects(
      Connection c,
      Dialect dialect,
      RestorePlan plan,
      CheckedStatements statements,
      Set<String> existing,
      Journal journal,
      Set<String> done)
      throws SQLException {
    int created = 0;
    List<PostDataOrder.Step> steps = PostDataOrder.of(plan, dialect);
    for (PostDataOrder.Step step : steps) {
      RestorePlan.Database db = step.database();
      Manifest.SchemaObject object = step.object();
      String name = dialect.qualified(db.targetName(), object.name());
      String entry = step.kind() + " " + name;
      boolean exists = currentlyExists(c, dialect, db.targetName(), step.kind(), name);
      if (done.contains(entry)) {
        if (exists) {
          continue;
        }
      } else if (existing.contains(name.toLowerCase(Locale.ROOT))
          && plan.task().structureConflict() == StructureConflictPolicy.IGNORE) {
        LOG.info(
            "Keeping the existing {} {} (structure conflict policy ignore)", step.kind(), name);
        continue;
      } else {
        dialect.markObjectDone(c, journal.schema(), journal.taskId(), entry);
      }
      boolean disable =
          step.kind().equals("event") && plan.task().events() == EventStatus.DISABLE;
      try {
        // Checked and created DISABLE (item 17 checked the rewritten statement), and disabled
        // again at once: "restored, not running" does not rest on one rewrite.
        dialect.createSchemaObject(c, db.targetName(), statements.create(entry));
        if (disable) {
          dialect.disableEvent(c, db.targetName(), object.name());
        }
        created++;
      } catch (SQLException e) {
        throw postDataFailure(
            "Creating " + entry + " in the target failed: " + e.getMessage(), plan, journal, e);
      }
    }
    return created;
  }

  /**
   * A failure of the post-data stage: the tables (and rows) are in the target by then, and a
   * resume creates what is missing.
   */
  private static UserError postDataFailure(
      String what, RestorePlan plan, Journal journal, Exception cause) {
    String restored =
        plan.task().recoveryType().includesData() ? "Tables and rows are" : "Tables are";
    return new UserError(
        what.replaceAll("[.\\s]+$", "") + ". " + restored + " restored; views, routines,"
            + " triggers or events are not: fix this and run `dbrestore restore --resume "
            + journal.taskId() + "`.",
        cause);
  }

  private static boolean currentlyExists(
      Connection c, Dialect dialect, String database, String kind, String qualifiedName)
      throws SQLException {
    return dialect.existingObjects(c, database).stream()
        .anyMatch(o -> o.equalsIgnoreCase(kind + " " + qualifiedName));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
