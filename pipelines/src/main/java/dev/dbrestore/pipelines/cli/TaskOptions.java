package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.task.ObjectKind;
import dev.dbrestore.pipelines.task.ObjectSelection;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskOverrides;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A restore task given as a task file ({@code --task}) or as flags; both build the same
 * {@link RestoreTask}. Shared by {@code restore} and {@code precheck}.
 */
public final class TaskOptions {
  @Option(names = "--task", paramLabel = "FILE",
      description = "A task file (YAML). A task flag below given with it overrides that field of"
          + " the file, and the task record lists it (overriddenByFlags): --task shop.yaml"
          + " --user restorer --data-conflict ignore.")
  Path taskFile;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The task's name, 1 to 64 characters (default: restore <set folder>).")
  String name;

  @Option(names = "--backup-set", paramLabel = "DIR|ID",
      description = "The backup set: a folder, or a set id with --source and --backup-task.")
  String backupSet;

  @Option(names = "--source", paramLabel = "NAME",
      description = "The source's name in the backup repository.")
  String source;

  @Option(names = "--backup-task", paramLabel = "NAME",
      description = "The backup task's name in the backup repository.")
  String backupTask;

  @Option(names = "--point-in-time", paramLabel = "TIME",
      description = "Restore the source (--source) as it was at this second, ISO-8601 with Z or"
          + " an offset (2026-12-01T14:04:59Z): the newest complete full set taken at or before"
          + " it, then every captured transaction whose commit is stamped at or before that"
          + " second, whole transactions only, none after it. The report names the last"
          + " transaction applied and the first skipped (GTID, position, time).")
  String pointInTime;

  @Option(names = "--target", paramLabel = "JDBC_URL|NAME",
      description = "The target server: a JDBC URL or a data source's name.")
  String target;

  @Mixin ConnectionOptions connection;

  @Option(names = "--recovery-type", paramLabel = "TYPE",
      description = "structure, data or both (default both).")
  String recoveryType;

  @Option(names = "--include", paramLabel = "KIND:PATTERN",
      description = "Restore only matching objects; KIND is databases, tables, views, functions,"
          + " procedures, triggers or events; PATTERN may use * (tables:shop.orders*). Repeatable.")
  List<String> include = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "KIND:PATTERN",
      description = "Leave out matching objects (same form as --include). Repeatable.")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--map-database", paramLabel = "SOURCE=TARGET",
      description = "Restore a database under another name. Repeatable.")
  List<String> mapDatabase = new ArrayList<>();

  @Option(names = "--map-table", paramLabel = "DB.TABLE=NAME",
      description = "Restore a table under another name. Repeatable.")
  List<String> mapTable = new ArrayList<>();

  @Option(names = "--structure-conflict", paramLabel = "POLICY",
      description = "An object of the same name exists: ignore (keep it, continue) or stop"
          + " (the default).")
  String structureConflict;

  @Option(names = "--data-conflict", paramLabel = "POLICY",
      description = "A row's key exists: ignore (keep it), stop (the default) or overwrite"
          + " (delete it, write the backup's).")
  String dataConflict;

  @Option(names = "--retries", paramLabel = "N",
      description = "How often a chunk is retried after a transient database error (deadlock,"
          + " lock wait timeout, lost connection, too many connections), with backoff"
          + " (default 5).")
  Integer retries;

  @Option(names = "--journal-schema", paramLabel = "NAME",
      description = "The target schema where the task records finished chunks and objects"
          + " (default dbrestore_journal); drop it with dbrestore journal drop after success.")
  String journalSchema;

  @Option(names = "--signing-key-env", paramLabel = "VAR",
      description = "Refuse the backup set unless it is signed with the key in this environment"
          + " variable (pre-check item 18).")
  String signingKeyEnv;

  @Option(names = "--signing-key-file", paramLabel = "FILE",
      description = "Refuse the backup set unless it is signed with the key in this file (its"
          + " whole content, less a final line break).")
  String signingKeyFile;

  @Option(names = "--events", paramLabel = "STATUS",
      description = "keep-status: restored events keep the status they had (the default, as"
          + " a plain dump); disable: every restored event is created DISABLE.")
  String events;

  @Option(names = "--allow-engine", paramLabel = "NAME",
      description = "Also create tables with this storage engine (beyond InnoDB, Aria, MyISAM,"
          + " MEMORY and ARCHIVE), if the target has it; only for a trusted backup set."
          + " Repeatable.")
  List<String> allowEngine = new ArrayList<>();

  @Option(names = "--datasources", paramLabel = "FILE",
      description = "The data-source file (default ~/.dbrestore/datasources.yaml).")
  Path dataSources;

  @Option(names = "--repository", paramLabel = "DIR",
      description = "The backup repository's root (default ~/.dbrestore/backups).")
  String repository;

  /** The task flags given, but for the connection's (--user, --password-env, --password-file). */
  private List<String> givenTaskFlags() {
    List<String> given = new ArrayList<>();
    Object[][] flags = {
      {"--name", name}, {"--backup-set", backupSet}, {"--source", source},
      {"--backup-task", backupTask}, {"--point-in-time", pointInTime}, {"--target", target},
      {"--recovery-type", recoveryType}, {"--include", include.isEmpty() ? null : include},
      {"--exclude", exclude.isEmpty() ? null : exclude},
      {"--map-database", mapDatabase.isEmpty() ? null : mapDatabase},
      {"--map-table", mapTable.isEmpty() ? null : mapTable},
      {"--structure-conflict", structureConflict}, {"--data-conflict", dataConflict},
      {"--retries", retries}, {"--journal-schema", journalSchema},
      {"--signing-key-env", signingKeyEnv}, {"--signing-key-file", signingKeyFile},
      {"--events", events}, {"--allow-engine", allowEngine.isEmpty() ? null : allowEngine}
    };
    for (Object[] flag : flags) {
      if (flag[1] != null) {
        given.add((String) flag[0]);
      }
    }
    return given;
  }

  /** Whether the task comes from a task file (--task). */
  boolean fromFile() {
    return taskFile != null;
  }

  /**
   * For {@code --resume ID}: the account and password source the connection flags give over the
   * recorded task. A task file or any other task flag would change the task, so it is refused.
   */
  TaskOverrides resumeOverrides(String taskId) {
    List<String> given = givenTaskFlags();
    if (taskFile != null) {
      given.add(0, "--task");
    }
    if (!given.isEmpty()) {
      throw new UsageError("--resume " + taskId + " continues the task as recorded, so "
          + String.join(" and ", given) + " cannot be given with it; only --user, --password-env"
          + " and --password-file can (a password may have rotated).");
    }
    TaskOverrides overrides = new TaskOverrides();
    connectionOverrides(overrides);
    return overrides.isEmpty() ? TaskOverrides.NONE : overrides;
  }

  /** The task fields the flags give over the task file; none without --task. */
  List<String> overriddenFields() {
    return taskFile == null ? List.of() : overrides().fields();
  }

  /**
   * The task file's fields the task flags give, by their path in the file; a flag for one of two
   * alternatives (a password's variable or file, a signing key's) removes the other.
   */
  private TaskOverrides overrides() {
    TaskOverrides o = new TaskOverrides();
    if (name != null) {
      o.set("name", name);
    }
    if (backupSet != null) {
      o.set("backupSet", backupSet);
    }
    if (source != null) {
      o.set("source", source);
    }
    if (backupTask != null) {
      o.set("backupTask", backupTask);
    }
    if (pointInTime != null) {
      o.set("method", RestoreTask.POINT_IN_TIME).set("pointInTime", pointInTime);
    }
    if (target != null) {
      o.set("target", target);
    }
    connectionOverrides(o);
    if (recoveryType != null) {
      o.set("recoveryType", recoveryType);
    }
    if (!include.isEmpty()) {
      o.set("objects.include", keyed(patterns(include, "--include")));
    }
    if (!exclude.isEmpty()) {
      o.set("objects.exclude", keyed(patterns(exclude, "--exclude")));
    }
    if (!mapDatabase.isEmpty()) {
      o.set("mapping.databases", pairs(mapDatabase, "--map-database"));
    }
    if (!mapTable.isEmpty()) {
      o.set("mapping.tables", pairs(mapTable, "--map-table"));
    }
    if (structureConflict != null) {
      o.set("conflicts.structure", structureConflict);
    }
    if (dataConflict != null) {
      o.set("conflicts.data", dataConflict);
    }
    if (retries != null) {
      o.set("retries", retries);
    }
    if (journalSchema != null) {
      o.set("journalSchema", journalSchema);
    }
    if (signingKeyEnv != null) {
      o.set("signingKeyEnv", signingKeyEnv).clear("signingKeyFile");
    }
    if (signingKeyFile != null) {
      o.set("signingKeyFile", signingKeyFile).clear("signingKeyEnv");
    }
    if (events != null) {
      o.set("events", events);
    }
    if (!allowEngine.isEmpty()) {
      o.set("allowEngines", List.copyOf(allowEngine));
    }
    return o;
  }

  private void connectionOverrides(TaskOverrides o) {
    if (connection.user != null) {
      o.set("targetUser", connection.user);
    }
    if (connection.passwordEnv != null) {
      o.set("targetPasswordEnv", connection.passwordEnv).clear("targetPasswordFile");
    }
    if (connection.passwordFile != null) {
      o.set("targetPasswordFile", connection.passwordFile).clear("targetPasswordEnv");
    }
  }

  private static Map<String, List<String>> keyed(Map<ObjectKind, List<String>> lists) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    lists.forEach((kind, patterns) -> result.put(kind.key(), patterns));
    return result;
  }

  /**
   * The task these options describe: the task file with each task flag given over its field,
   * or the flags alone.
   */
  RestoreTask task() {
    if (taskFile != null) {
      return RestoreTask.load(taskFile, overrides());
    }
    if (backupSet == null && pointInTime == null) {
      throw new UsageError("Name the backup set: --backup-set DIR, or --task FILE.");
    }
    if (pointInTime != null && source == null) {
      throw new UsageError("Name the source to restore to a point in time: --source NAME.");
    }
    if (target == null) {
      throw new UsageError("Name the target: --target JDBC_URL or a data source name.");
    }
    Map<ObjectKind, List<String>> included = patterns(include, "--include");
    Map<ObjectKind, List<String>> excluded = patterns(exclude, "--exclude");
    return new RestoreTask(
        name != null ? name
            : pointInTime != null ? RestoreJob.defaultName(source, pointInTime)
            : RestoreJob.defaultName(backupSet),
        source,
        backupTask,
        backupSet,
        pointInTime != null ? RestoreTask.POINT_IN_TIME : null,
        target,
        connection.user,
        connection.passwordEnv,
        connection.passwordFile,
        RestoreTask.recoveryType(recoveryType),
        included.isEmpty() && excluded.isEmpty()
            ? ObjectSelection.all()
            : new ObjectSelection(included, excluded),
        pairs(mapDatabase, "--map-database"),
        pairs(mapTable, "--map-table"),
        RestoreTask.structurePolicy(structureConflict),
        RestoreTask.dataPolicy(dataConflict),
        Set.of(),
        journalSchema,
        retries,
        signingKeyEnv,
        signingKeyFile,
        RestoreTask.eventStatus(events),
        Set.copyOf(allowEngine),
        null,
        null,
        null,
        pointInTime);
  }

  RestoreJob.Settings settings(boolean acceptWarnings) {
    return new RestoreJob.Settings(
        dataSources, repository, acceptWarnings, dev.dbrestore.pipelines.DbrestoreHome.tasks());
  }

  private static Map<ObjectKind, List<String>> patterns(List<String> values, String flag) {
    Map<ObjectKind, List<String>> result = new EnumMap<>(ObjectKind.class);
    for (String value : values) {
      int colon = value.indexOf(':');
      ObjectKind kind = colon < 0 ? null : ObjectKind.ofKey(value.substring(0, colon));
      if (kind == null) {
        throw new UsageError(
            flag + " " + value + " needs KIND:PATTERN with KIND one of databases, tables, views,"
                + " functions, procedures, triggers, events.");
      }
      result.computeIfAbsent(kind, k -> new ArrayList<>()).add(value.substring(colon + 1));
    }
    return result;
  }

  private static Map<String, String> pairs(List<String> values, String flag) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String value : values) {
      int equals = value.indexOf('=');
      if (equals <= 0 || equals == value.length() - 1) {
        throw new UsageError(flag + " " + value + " needs the form SOURCE=TARGET.");
      }
      result.put(value.substring(0, equals), value.substring(equals + 1));
    }
    return result;
  }
}
