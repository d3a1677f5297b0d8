package dev.dbrestore.pipelines.console;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.replay.LogRefusal;
import dev.dbrestore.pipelines.replay.ReplayJob;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.task.DataSources;
import dev.dbrestore.pipelines.task.ObjectKind;
import dev.dbrestore.pipelines.task.ObjectSelection;
import dev.dbrestore.pipelines.task.PointInTime;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The create-recovery wizard's fields as the browser posted them, checked on the server and
 * turned into the same {@link RestoreTask} a task file gives: names only from the backup
 * repository, the data-source file and the set's manifest; the task's own rules from {@link
 * RestoreTask}. Every refusal is one sentence for the page.
 */
final class TaskForm {
  /** The fields of the first step, carried as hidden fields through the later ones. */
  static final List<String> STEP_ONE =
      List.of("name", "method", "set", "pitrSource", "pointInTime", "target", "recoveryType",
          "structureConflict", "dataConflict");

  private final Map<String, List<String>> params;
  private final BackupRepository repository;
  private final DataSources dataSources;

  TaskForm(Map<String, List<String>> params, BackupRepository repository, DataSources dataSources) {
    this.params = params;
    this.repository = repository;
    this.dataSources = dataSources;
  }

  BackupRepository repository() {
    return repository;
  }

  String value(String field) {
    List<String> values = params.get(field);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String v = values.get(0).strip();
    return v.isEmpty() ? null : v;
  }

  List<String> values(String field) {
    return params.getOrDefault(field, List.of());
  }

  /** The task of the first step: every object, no mapping. */
  RestoreTask stepOne() {
    return build(ObjectSelection.all(), Map.of(), Map.of());
  }

  /** The whole task: the first step with the objects and the mapping. */
  RestoreTask task(Manifest manifest) {
    ObjectSelection objects = "custom".equals(value("objects"))
        ? selection(manifest)
        : "all".equals(value("objects")) || value("objects") == null ? ObjectSelection.all()
        : refuse("Objects must be all or custom.");
    Map<String, String> databases = pairs("mapDatabases", "database");
    Map<String, String> tables = pairs("mapTables", "table");
    Set<String> known = new java.util.HashSet<>();
    Set<String> knownTables = new java.util.HashSet<>();
    for (Manifest.Database db : manifest.databases()) {
      known.add(db.name());
      for (Manifest.Table t : db.tables()) {
        knownTables.add(db.name() + "." + t.name());
      }
    }
    for (String source : databases.keySet()) {
      if (!known.contains(source)) {
        refuse("The mapping names the database " + source + ", which the backup set does not"
            + " have.");
      }
    }
    for (String source : tables.keySet()) {
      if (!knownTables.contains(source)) {
        refuse("The mapping names the table " + source + ", which the backup set does not"
            + " have; write it as database.table.");
      }
    }
    return build(objects, databases, tables);
  }

  private RestoreTask build(
      ObjectSelection objects, Map<String, String> databases, Map<String, String> tables) {
    String name = value("name");
    if (name == null) {
      refuse("The task has no name; give it one of 1 to 64 characters.");
    }
    String target = value("target");
    if (target == null || dataSources.get(target).isEmpty()) {
      refuse(target == null
          ? "Choose the target data source."
          : "There is no data source named " + target + " in the data-source file.");
    }
    String method = value("method") == null ? RestoreTask.BACKUP_SET : value("method");
    String source;
    String backupTask = null;
    String backupSet = null;
    String pointInTime = null;
    if (RestoreTask.BACKUP_SET.equals(method)) {
      String set = value("set");
      BackupSetInfo info = set == null ? null : completeSets().get(set);
      if (info == null) {
        refuse(set == null
            ? "Choose the backup set."
            : "The backup repository has no complete backup set " + set + ".");
      }
      source = info.source();
      backupTask = info.backupTask();
      backupSet = info.setId();
    } else if (RestoreTask.POINT_IN_TIME.equals(method)) {
      source = value("pitrSource");
      if (source == null || !sources().contains(source)) {
        refuse(source == null
            ? "Choose the source to restore to a point in time."
            : "The backup repository has no source " + source + ".");
      }
      pointInTime = value("pointInTime");
      if (pointInTime == null) {
        refuse("Give the point in time, e.g. 2026-12-01T14:04:59Z.");
      }
    } else {
      return refuse("The recovery method must be backup set or point in time.");
    }
    return new RestoreTask(
        name, source, backupTask, backupSet, method, target, null, null, null,
        RestoreTask.recoveryType(value("recoveryType")), objects, databases, tables,
        RestoreTask.structurePolicy(value("structureConflict")),
        RestoreTask.dataPolicy(value("dataConflict")), Set.of(), null, null, null, null, null,
        null, null, null, null, pointInTime);
  }

  /** Every complete set of the repository by "source/backup task/set id". */
  Map<String, BackupSetInfo> completeSets() {
    return completeSets(repository);
  }

  /** Every complete set of {@code repository} by "source/backup task/set id". */
  static Map<String, BackupSetInfo> completeSets(BackupRepository repository) {
    Map<String, BackupSetInfo> sets = new LinkedHashMap<>();
    for (BackupSetInfo info : repository.list(null)) {
      if (info.complete()) {
        sets.put(label(info), info);
      }
    }
    return sets;
  }

  Set<String> sources() {
    Set<String> sources = new LinkedHashSet<>();
    repository.list(null).forEach(i -> sources.add(i.source()));
    return sources;
  }

  static String label(BackupSetInfo info) {
    return info.source() + "/" + info.backupTask() + "/" + info.setId();
  }

  /** The objects ticked in the tree, each one the manifest lists. */
  private ObjectSelection selection(Manifest manifest) {
    Set<String> offered = new LinkedHashSet<>();
    for (Manifest.Database db : manifest.databases()) {
      offered.add(pick(ObjectKind.DATABASES, db.name(), null));
      db.tables().forEach(o -> offered.add(pick(ObjectKind.TABLES, db.name(), o.name())));
      addAll(offered, ObjectKind.VIEWS, db.name(), db.views());
      addAll(offered, ObjectKind.FUNCTIONS, db.name(), db.functions());
      addAll(offered, ObjectKind.PROCEDURES, db.name(), db.procedures());
      addAll(offered, ObjectKind.TRIGGERS, db.name(), db.triggers());
      addAll(offered, ObjectKind.EVENTS, db.name(), db.events());
    }
    Map<ObjectKind, List<String>> objects = new EnumMap<>(ObjectKind.class);
    List<String> databases = new ArrayList<>();
    for (String picked : values("pick")) {
      if (!offered.contains(picked)) {
        refuse("The backup set has no object " + picked + ".");
      }
      int colon = picked.indexOf(':');
      ObjectKind kind = ObjectKind.ofKey(picked.substring(0, colon));
      String name = picked.substring(colon + 1);
      if (name.contains("*")) {
        refuse("The object " + name + " has a * in its name, which a selection reads as a"
            + " pattern; choose all objects, or a task file.");
      }
      if (kind == ObjectKind.DATABASES) {
        databases.add(name);
      } else {
        objects.computeIfAbsent(kind, k -> new ArrayList<>()).add(name);
      }
    }
    if (objects.isEmpty() && databases.isEmpty()) {
      refuse("Tick at least one object, or choose all objects.");
    }
    // Ticked objects select themselves; a database ticked alone comes back whole.
    if (objects.isEmpty()) {
      objects.put(ObjectKind.DATABASES, databases);
    }
    return new ObjectSelection(objects, new EnumMap<>(ObjectKind.class));
  }

  private static void addAll(
      Set<String> offered, ObjectKind kind, String db, List<Manifest.SchemaObject> objects) {
    if (objects != null) {
      objects.forEach(o -> offered.add(pick(kind, db, o.name())));
    }
  }

  /** A tree checkbox's value: kind:database or kind:database.name. */
  static String pick(ObjectKind kind, String database, String name) {
    return kind.key() + ":" + database + (name == null ? "" : "." + name);
  }

  private Map<String, String> pairs(String field, String what) {
    Map<String, String> result = new LinkedHashMap<>();
    String text = value(field);
    if (text == null) {
      return result;
    }
    for (String line : text.split("\\R")) {
      String pair = line.strip();
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0 || equals == pair.length() - 1) {
        refuse("Write each " + what + " mapping as SOURCE=TARGET on a line of its own: " + pair);
      }
      result.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return result;
  }

  static <T> T refuse(String sentence) {
    throw new UserError(sentence);
  }

  /**
   * Refuses a restore to a point in time outside the restorable window, in the sentence pre-check
   * item 22 gives (the replay's own check), with the window; a restore without rows replays no log.
   */
  void checkWindow(RestoreTask task, Manifest manifest) {
    if (!task.toPointInTime() || !task.recoveryType().includesData()) {
      return;
    }
    try {
      ReplayJob.checkWindow(repository.logFolder(task.source()), manifest,
          PointInTime.parse(task.pointInTime()));
    } catch (LogRefusal e) {
      refuse(e.getMessage() + " " + RestorableWindow.of(repository, task.source()).describe());
    }
  }

  /** The manifest of the set the task restores (for a point in time: the set chosen for it). */
  static Manifest manifest(RestoreTask task, String repository) {
    return RestoreJob.backupSet(RestoreJob.chooseFullSet(task, repository), repository).get()
        .manifest();
  }
}
