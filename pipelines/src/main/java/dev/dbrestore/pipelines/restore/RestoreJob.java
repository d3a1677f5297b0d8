package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Dialects;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.DbrestoreHome;
import dev.dbrestore.pipelines.Failures;
import dev.dbrestore.pipelines.Passwords;
import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import dev.dbrestore.pipelines.task.DataSource;
import dev.dbrestore.pipelines.task.DataSources;
import dev.dbrestore.pipelines.task.PointInTime;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskOverrides;
import dev.dbrestore.pipelines.task.TaskStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a restore task: the pre-check first (a failure, or a warning not accepted, stops it
 * before anything is written), then each stage the task asks for, in turn (structure, data,
 * secondary indexes, for a point in time the replay of the log, post-data objects, row-count
 * check, verification), with its progress in the task record and its time in the report. Every
 * run is recorded in the task store.
 */
public final class RestoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreJob.class);

  /** The stages in the order they run; a task runs those it asks for. */
  private static final List<RestoreStage> STAGES =
      List.of(
          new CreateStructure(),
          new LoadData(),
          new ReplayLog(true),
          new AddDeferredIndexes(),
          new ReplayLog(false),
          new CreatePostDataObjects(),
          new ReplayObjectStatements(),
          new CountRows(),
          new VerifyDigests());

  private RestoreJob() {}

  /** Where a task's names are looked up, whether warnings are accepted, where records go. */
  public record Settings(
      Path dataSources, String repository, boolean acceptWarnings, Path tasksDir) {
    public static Settings defaults(boolean acceptWarnings) {
      return new Settings(null, null, acceptWarnings, DbrestoreHome.tasks());
    }
  }

  /**
   * The target server a task names, resolved: its endpoint, with the files read to reach it
   * (data-source file, password file) for pre-check item 19.
   */
  public record Target(Endpoint endpoint, List<PreCheck.SecretFile> secretFiles) {}

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

  /** A task name for a restore to a point in time: "restore <source> to <time>", cut to 64. */
  public static String defaultName(String source, String pointInTime) {
    String name = "restore " + source + " to " + pointInTime;
    return name.length() > RestoreTask.MAX_NAME_LENGTH
        ? name.substring(0, RestoreTask.MAX_NAME_LENGTH)
        : name;
  }

  /**
   * A task to a point in time with its full set chosen: the newest complete full set of its
   * source taken at or before the second (the oldest when none is, which pre-check item 22 then
   * refuses with the window). A task that names its set keeps it; so does a resume, which runs
   * the set recorded when the task was created.
   */
  public static RestoreTask chooseFullSet(RestoreTask task, String repository) {
    if (!task.toPointInTime() || task.backupSet() != null) {
      return task;
    }
    Instant before = PointInTime.parse(task.pointInTime()).truncatedTo(ChronoUnit.SECONDS)
        .plusSeconds(1);
    BackupRepository backups = BackupRepository.at(repository);
    List<RestorableWindow.FullSet> sets = RestorableWindow.fullSets(backups, task.source());
    if (sets.isEmpty()) {
      throw new UserError("The backup repository at " + backups.root() + " holds no complete"
          + " full set of " + task.source() + " that records its place in the binary log, so"
          + " it cannot be restored to a point in time; take a full backup of " + task.source()
          + " and capture its log first.");
    }
    RestorableWindow.FullSet chosen = sets.get(0);
    for (RestorableWindow.FullSet set : sets) {
      String time = set.manifest().consistentPoint().time();
      if (time != null && Instant.parse(time).isBefore(before)) {
        chosen = set;
      }
    }
    String[] taskAndSet = chosen.label().split("/", 2);
    return task.withBackupSet(taskAndSet[0], taskAndSet[1]);
  }

  /**
   * The kinds of a point-in-time task's source and target, where data sources name them,
   * refused before anything is opened (or a set chosen) when the kind keeps no change log.
   */
  private static void checkPointInTimeKind(RestoreTask task, Path dataSourcesFile) {
    if (!task.toPointInTime()) {
      return;
    }
    for (String name : new String[] {task.source(), task.target()}) {
      if (name == null || name.startsWith("jdbc:")) {
        continue;
      }
      DataSources.load(dataSourcesFile).get(name).ifPresent(source -> {
        String refusal = Dialects.pointInTimeRefusal(source.kind());
        if (refusal != null) {
          throw new UserError(refusal);
        }
      });
    }
  }

  /** The target a task names: a JDBC URL, or a data source from the data-source file. */
  public static Target resolveTarget(RestoreTask task, Path dataSourcesFile) {
    if (task.target().startsWith("jdbc:")) {
      ConnectionSpec spec =
          ConnectionSpec.of(
              task.target(), task.targetUser(),
              Passwords.source(task.targetPasswordEnv(), task.targetPasswordFile()));
      return checked(new Target(Endpoint.of(spec), List.of()));
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
    return checked(new Target(Endpoint.of(spec), files));
  }

  /** A target whose URL loosens nothing this tool pins, refused before anything starts. */
  private static Target checked(Target target) {
    Endpoint endpoint = target.endpoint();
    endpoint.dialect().checkUrl(endpoint.spec().jdbcUrl());
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
    checkPointInTimeKind(task, settings.dataSources());
    task = chooseFullSet(task, settings.repository());
    Target target = resolveTarget(task, settings.dataSources());
    return PreCheck.run(
        task, backupSet(task, settings.repository()), target.endpoint(), PreCheck.Resume.NONE,
        target.secretFiles(), BackupRepository.at(settings.repository()));
  }

  /**
   * Runs a restore task, recorded in the task store. The pipeline options bulkLoad, writeBinlog
   * and verify set to false turn those off in the task, which records them for a resume.
   */
  public static RestoreReport run(PipelineOptions options, RestoreTask task, Settings settings) {
    return run(options, task, settings, List.of());
  }

  /** Runs a restore task whose record lists the fields flags gave over its task file. */
  public static RestoreReport run(
      PipelineOptions options, RestoreTask task, Settings settings,
      List<String> overriddenByFlags) {
    return run(options, task, settings, overriddenByFlags, id -> {});
  }

  /**
   * Runs a restore task as {@link #run(PipelineOptions, RestoreTask, Settings, List)} does,
   * telling {@code onRecorded} the task's id as soon as its record exists (the console shows the
   * task while this call runs it).
   */
  public static RestoreReport run(
      PipelineOptions options, RestoreTask task, Settings settings,
      List<String> overriddenByFlags, java.util.function.Consumer<String> onRecorded) {
    RestoreOptions given = options.as(RestoreOptions.class);
    task =
        task.withWriting(
            task.bulkLoad() && given.getBulkLoad(),
            task.writeBinlog() && given.getWriteBinlog(),
            task.verify() && given.getVerify());
    checkPointInTimeKind(task, settings.dataSources());
    // Chosen once and recorded: a resume restores the same set to the same second.
    task = chooseFullSet(task, settings.repository());
    TaskStore store = TaskStore.open(settings.tasksDir());
    TaskRecord record = store.start(task.name(), recorded(task, settings), overriddenByFlags);
    onRecorded.accept(record.id());
    return execute(options, task, settings, store, record, false);
  }

  /**
   * The task as its record holds it, with the backup repository's root when the task takes its
   * set (and log) from one, so that a resume without --repository finds the same set and log.
   */
  private static Map<String, Object> recorded(RestoreTask task, Settings settings) {
    Map<String, Object> record = task.asRecord();
    if (task.source() != null) {
      record.put(RestoreTask.REPOSITORY,
          BackupRepository.at(settings.repository()).root().toString());
    }
    return record;
  }

  /**
   * Continues an interrupted or failed task under the same id, as recorded: the journal in the
   * target says which objects and chunks are done; those are skipped and the rest is written
   * from scratch. Pipeline options that would change the recorded bulkLoad, writeBinlog or
   * verify are refused; a record from before those were recorded takes them from the options.
   */
  public static RestoreReport resume(PipelineOptions options, String taskId, Settings settings) {
    return resume(options, taskId, settings, TaskOverrides.NONE);
  }

  /**
   * Continues a task as recorded but for {@code connection}: the account and password source
   * flags give (a password may have rotated), which the record then holds and lists.
   */
  public static RestoreReport resume(
      PipelineOptions options, String taskId, Settings settings, TaskOverrides connection) {
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
    RestoreTask recordedTask = RestoreTask.fromRecord(previous.task());
    Object recordedRepository = previous.task().get(RestoreTask.REPOSITORY);
    if (settings.repository() == null && recordedRepository instanceof String root) {
      settings = new Settings(
          settings.dataSources(), root, settings.acceptWarnings(), settings.tasksDir());
    }
    if (!connection.isEmpty() && !recordedTask.target().startsWith("jdbc:")) {
      throw new UsageError("Task " + taskId + " connects through the data source "
          + recordedTask.target() + ", which names its own account and password source, so"
          + " --user, --password-env and --password-file cannot be given with --resume; change"
          + " them in the data-source file.");
    }
    RestoreTask task =
        recordedWriting(RestoreTask.fromRecord(previous.task(), connection), previous, options);
    List<String> overridden = new ArrayList<>(previous.overriddenByFlags());
    connection.fields().stream().filter(f -> !overridden.contains(f)).forEach(overridden::add);
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = previous.host();
    }
    TaskRecord record =
        new TaskRecord(
            previous.id(), previous.name(), recorded(task, settings), TaskState.RUNNING,
            Instant.now().toString(), null, previous.rowsWritten(), null, previous.precheck(),
            "resumed; first started at " + previous.startTime(), ProcessHandle.current().pid(),
            host, overridden, null, Map.of());
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
      Duration precheckTime;
      try {
        checkPointInTimeKind(task, settings.dataSources());
        target = resolveTarget(task, settings.dataSources());
        FileSystems.setDefaultPipelineOptions(options);
        PreCheck.Resume resume =
            resuming ? journalState(target.endpoint(), task, record.id()) : PreCheck.Resume.NONE;
        long precheckStart = System.nanoTime();
        report =
            PreCheck.run(
                task, backupSet(task, settings.repository()), target.endpoint(), resume,
                target.secretFiles(), BackupRepository.at(settings.repository()));
        precheckTime = since(precheckStart);
      } catch (UserError e) {
        record = finish(store, record, TaskState.PRECHECK_FAILED, e.getMessage());
        throw e;
      }
      record = record.withPrecheck(report.asRecord());
      store.save(record);
      String blocked =
          report.blockingMessage(record.id(), settings.acceptWarnings(), task.acceptedWarnings());
      if (blocked != null) {
        record = finish(store, record, TaskState.PRECHECK_FAILED, blocked);
        throw new PreCheckFailed(blocked, report);
      }
      return runStages(options, task, report, precheckTime, target.endpoint(), store, record,
          BackupRepository.at(settings.repository()));
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
  private static PreCheck.Resume journalState(Endpoint target, RestoreTask task, String taskId) {
    Dialect dialect = target.dialect();
    try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      Set<String> owned = new HashSet<>();
      for (String object : dialect.objectsDone(c, task.journalSchema(), taskId)) {
        owned.add(Dialect.objectName(object));
      }
      Map<String, Long> rows = dialect.journaledRows(c, task.journalSchema(), taskId);
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
      Duration precheckTime,
      Endpoint target,
      TaskStore store,
      TaskRecord record,
      BackupRepository repository) {
    RestoreRun run = new RestoreRun(options, task, report, target, store, record);
    run.repository = repository;
    Map<RestoreStage.Timing, Duration> times = new EnumMap<>(RestoreStage.Timing.class);
    for (RestoreStage.Timing timing : RestoreStage.Timing.values()) {
      times.put(timing, Duration.ZERO);
    }
    // Saved in the task record as each stage ends, so a failed task shows how far it got.
    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    stageSeconds.put("pre-check", seconds(precheckTime));
    for (RestoreStage stage : STAGES) {
      long start = System.nanoTime();
      if (stage.runsIn(run)) {
        run.progress(stage.progress());
        stage.run(run);
        stageSeconds.merge(STAGE_NAMES.get(stage.timing()), seconds(since(start)), Double::sum);
        run.save(run.record().withStageSeconds(stageSeconds));
      }
      times.merge(stage.timing(), since(start), Duration::plus);
    }
    RestoreReport result =
        new RestoreReport(
            run.record().id(), report, precheckTime, run.tables,
            times.get(RestoreStage.Timing.STRUCTURE), times.get(RestoreStage.Timing.DATA),
            times.get(RestoreStage.Timing.INDEXES), times.get(RestoreStage.Timing.REPLAY),
            times.get(RestoreStage.Timing.POST_DATA),
            times.get(RestoreStage.Timing.CHECK), run.objectsCreated, run.verification,
            times.get(RestoreStage.Timing.VERIFY), task, run.replay);
    Dialect dialect = target.dialect();
    List<String> problems = new ArrayList<>();
    run.tables.stream()
        .filter(t -> !t.matches())
        .forEach(t -> problems.add("row count of " + dialect.qualified(t.database(), t.table())));
    run.verification.stream()
        .filter(v -> !v.matches())
        .forEach(v -> problems.add("content of " + v.table()));
    if (problems.isEmpty()) {
      finish(store, run.record().withProgress("done"), TaskState.SUCCEEDED, null);
    } else {
      finish(
          store,
          run.record().withProgress("done"),
          TaskState.FAILED,
          "The target differs from the backup set: " + String.join(", ", problems) + ".");
    }
    return result;
  }

  /**
   * The data stage's pipeline: each chunk read, mapped, put under the conflict policy and
   * written. Its functions carry where the target's password is, never the password.
   */
  public static Pipeline dataPipeline(
      PipelineOptions options,
      List<ChunkWrite> work,
      RestoreTask task,
      Endpoint target,
      Manifest.Source source,
      Journal journal) {
    return LoadData.dataPipeline(options, work, task, target, source, journal);
  }

  /** The stages' names in the task record, as the summary line and drill reports name them. */
  private static final Map<RestoreStage.Timing, String> STAGE_NAMES = Map.of(
      RestoreStage.Timing.STRUCTURE, "structure",
      RestoreStage.Timing.DATA, "data",
      RestoreStage.Timing.INDEXES, "indexes",
      RestoreStage.Timing.REPLAY, "replay",
      RestoreStage.Timing.POST_DATA, "post-data",
      RestoreStage.Timing.CHECK, "check",
      RestoreStage.Timing.VERIFY, "verification");

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 10.0) / 100.0;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
