package dev.dbrestore.pipelines.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A restore task as a DBA configures it: a name, which backup (a backup set, or with method
 * point-in-time a source's full set and captured log up to {@code pointInTime}), which target,
 * what to recover, which objects under which names, what happens on conflicts, and how rows are
 * written and checked (bulk load, binary log, verification). Written as a YAML file or given as
 * flags; both build this same record, and a resume runs it as recorded. Passwords are never part
 * of it, only where they are.
 */
public record RestoreTask(
    String name,
    String source,
    String backupTask,
    String backupSet,
    String method,
    String target,
    String targetUser,
    String targetPasswordEnv,
    String targetPasswordFile,
    RecoveryType recoveryType,
    ObjectSelection objects,
    Map<String, String> databaseMapping,
    Map<String, String> tableMapping,
    StructureConflictPolicy structureConflict,
    DataConflictPolicy dataConflict,
    Set<Integer> acceptedWarnings,
    String journalSchema,
    Integer retries,
    String signingKeyEnv,
    String signingKeyFile,
    EventStatus events,
    Set<String> allowEngines,
    Boolean bulkLoad,
    Boolean writeBinlog,
    Boolean verify,
    String pointInTime) {

  public static final int MAX_NAME_LENGTH = 64;
  public static final String BACKUP_SET = "backup-set";
  public static final String POINT_IN_TIME = "point-in-time";
  /**
   * The key under which a task record (not a task file) holds the backup repository's root the
   * task read its set and log from; {@link #fromRecord} leaves it out.
   */
  public static final String REPOSITORY = "repository";

  private static final Set<String> FIELDS =
      Set.of(
          "name", "source", "backupTask", "backupSet", "method", "target", "targetUser",
          "targetPasswordEnv", "targetPasswordFile", "recoveryType", "objects", "mapping",
          "conflicts", "acceptWarnings", "journalSchema", "retries", "signingKeyEnv",
          "signingKeyFile", "events", "allowEngines", "bulkLoad", "writeBinlog", "verify",
          "pointInTime");

  /** A task with the default journal schema and retry limit. */
  public RestoreTask(
      String name,
      String source,
      String backupTask,
      String backupSet,
      String method,
      String target,
      String targetUser,
      String targetPasswordEnv,
      String targetPasswordFile,
      RecoveryType recoveryType,
      ObjectSelection objects,
      Map<String, String> databaseMapping,
      Map<String, String> tableMapping,
      StructureConflictPolicy structureConflict,
      DataConflictPolicy dataConflict,
      Set<Integer> acceptedWarnings) {
    this(name, source, backupTask, backupSet, method, target, targetUser, targetPasswordEnv,
        targetPasswordFile, recoveryType, objects, databaseMapping, tableMapping,
        structureConflict, dataConflict, acceptedWarnings, null, null);
  }

  /** A task that names no signing key, keeps the events' status and allows the default engines. */
  public RestoreTask(
      String name,
      String source,
      String backupTask,
      String backupSet,
      String method,
      String target,
      String targetUser,
      String targetPasswordEnv,
      String targetPasswordFile,
      RecoveryType recoveryType,
      ObjectSelection objects,
      Map<String, String> databaseMapping,
      Map<String, String> tableMapping,
      StructureConflictPolicy structureConflict,
      DataConflictPolicy dataConflict,
      Set<Integer> acceptedWarnings,
      String journalSchema,
      Integer retries) {
    this(name, source, backupTask, backupSet, method, target, targetUser, targetPasswordEnv,
        targetPasswordFile, recoveryType, objects, databaseMapping, tableMapping,
        structureConflict, dataConflict, acceptedWarnings, journalSchema, retries, null, null,
        null, null, null, null, null, null);
  }

  /** Checks the rules every task must follow, whichever way it was given. */
  public RestoreTask {
    if (name == null || name.isBlank()) {
      throw new UsageError("The task has no name; give it one of 1 to 64 characters.");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      throw new UsageError(
          "The task name has "
              + name.codePointCount(0, name.length())
              + " characters; a task name may have at most "
              + MAX_NAME_LENGTH
              + ".");
    }
    if (method == null) {
      method = BACKUP_SET;
    }
    boolean toPointInTime = method.equals(POINT_IN_TIME);
    if (!toPointInTime && !method.equals(BACKUP_SET)) {
      throw new UsageError(
          "Unknown method '" + method + "'; use backup-set or point-in-time.");
    }
    if (toPointInTime) {
      if (source == null) {
        throw new UsageError("A restore to a point in time names the source whose log is"
            + " replayed: give source (--source NAME).");
      }
      if (pointInTime == null) {
        throw new UsageError("method: point-in-time needs pointInTime (--point-in-time), e.g."
            + " 2026-12-01T14:04:59Z.");
      }
      PointInTime.parse(pointInTime);
    } else if (pointInTime != null) {
      throw new UsageError("pointInTime goes with method: point-in-time (--point-in-time sets"
          + " both).");
    }
    if (backupSet == null && !toPointInTime) {
      throw new UsageError("The task names no backup set: give backupSet (and source, backupTask).");
    }
    if (target == null) {
      throw new UsageError("The task names no target: give a JDBC URL or a data source name.");
    }
    // A restore to a point in time may leave the set to be chosen: the newest before the time.
    boolean setToChoose = toPointInTime && backupSet == null && backupTask == null;
    if ((source == null) != (backupTask == null) && !setToChoose) {
      throw new UsageError(
          "Give both source and backupTask to pick a set from the repository, or neither to"
              + " give backupSet as a folder.");
    }
    recoveryType = recoveryType == null ? RecoveryType.BOTH : recoveryType;
    objects = objects == null ? ObjectSelection.all() : objects;
    databaseMapping = databaseMapping == null ? Map.of() : Map.copyOf(databaseMapping);
    tableMapping = tableMapping == null ? Map.of() : Map.copyOf(tableMapping);
    structureConflict = structureConflict == null ? StructureConflictPolicy.STOP : structureConflict;
    dataConflict = dataConflict == null ? DataConflictPolicy.STOP : dataConflict;
    acceptedWarnings = acceptedWarnings == null ? Set.of() : Set.copyOf(acceptedWarnings);
    journalSchema = journalSchema == null ? Journal.DEFAULT_SCHEMA : journalSchema;
    if (journalSchema.isBlank() || journalSchema.length() > 64) {
      throw new UsageError("journalSchema must be a database name of 1 to 64 characters.");
    }
    retries = retries == null ? 5 : retries;
    if (retries < 0) {
      throw new UsageError("retries must be 0 or more.");
    }
    if (signingKeyEnv != null && signingKeyFile != null) {
      throw new UsageError("Give signingKeyEnv or signingKeyFile, not both.");
    }
    events = events == null ? EventStatus.KEEP_STATUS : events;
    bulkLoad = bulkLoad == null || bulkLoad;
    writeBinlog = writeBinlog == null || writeBinlog;
    verify = verify == null || verify;
    allowEngines = allowEngines == null ? Set.of() : Set.copyOf(new TreeSet<>(allowEngines));
    for (String engine : allowEngines) {
      if (!engine.matches("[A-Za-z0-9_]{1,64}")) {
        throw new UsageError(
            "allowEngines names '" + engine + "', which is not a storage engine's name.");
      }
    }
  }

  /**
   * This task with how it writes and checks: the bulk loader, the binary log, the read-back
   * verification.
   */
  public RestoreTask withWriting(boolean bulkLoad, boolean writeBinlog, boolean verify) {
    return new RestoreTask(
        name, source, backupTask, backupSet, method, target, targetUser, targetPasswordEnv,
        targetPasswordFile, recoveryType, objects, databaseMapping, tableMapping,
        structureConflict, dataConflict, acceptedWarnings, journalSchema, retries, signingKeyEnv,
        signingKeyFile, events, allowEngines, bulkLoad, writeBinlog, verify, pointInTime);
  }

  /** This task with the full set it restores before the replay: a set of its source. */
  public RestoreTask withBackupSet(String backupTask, String backupSet) {
    return new RestoreTask(
        name, source, backupTask, backupSet, method, target, targetUser, targetPasswordEnv,
        targetPasswordFile, recoveryType, objects, databaseMapping, tableMapping,
        structureConflict, dataConflict, acceptedWarnings, journalSchema, retries, signingKeyEnv,
        signingKeyFile, events, allowEngines, bulkLoad, writeBinlog, verify, pointInTime);
  }

  /** Whether the task restores to a point in time: a full set, then the log replayed. */
  public boolean toPointInTime() {
    return method.equals(POINT_IN_TIME);
  }

  public boolean hasMapping() {
    return !databaseMapping.isEmpty() || !tableMapping.isEmpty();
  }

  public String targetDatabase(String sourceDatabase) {
    return databaseMapping.getOrDefault(sourceDatabase, sourceDatabase);
  }

  public String targetTable(String sourceDatabase, String sourceTable) {
    return tableMapping.getOrDefault(sourceDatabase + "." + sourceTable, sourceTable);
  }

  /** The task read from a YAML file. */
  public static RestoreTask load(Path file) {
    return load(file, TaskOverrides.NONE);
  }

  /**
   * The task read from a YAML file with the fields flags give set over the file's: the task's
   * rules are checked on the result, so a flag may supply what the file leaves out.
   */
  public static RestoreTask load(Path file, TaskOverrides overrides) {
    try {
      return fromYaml(Files.readString(file), overrides);
    } catch (NoSuchFileException e) {
      throw new UsageError("The task file " + file + " does not exist.");
    } catch (IOException e) {
      throw new UsageError("Cannot read the task file " + file + ": " + e.getMessage());
    }
  }

  /** The task from YAML text; unknown fields are refused by name. */
  public static RestoreTask fromYaml(String yaml) {
    return fromYaml(yaml, TaskOverrides.NONE);
  }

  private static RestoreTask fromYaml(String yaml, TaskOverrides overrides) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new UsageError("The task file is not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UsageError("The task file must be a YAML mapping of fields (name, target, ...).");
    }
    overrides.applyTo((ObjectNode) root);
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new UsageError(
            "The task file has an unknown field '" + field + "'; known fields: "
                + String.join(", ", new TreeSet<>(FIELDS)) + ".");
      }
    }
    JsonNode mapping = root.path("mapping");
    JsonNode conflicts = root.path("conflicts");
    return new RestoreTask(
        text(root, "name"),
        text(root, "source"),
        text(root, "backupTask"),
        text(root, "backupSet"),
        text(root, "method"),
        text(root, "target"),
        text(root, "targetUser"),
        text(root, "targetPasswordEnv"),
        text(root, "targetPasswordFile"),
        recoveryType(text(root, "recoveryType")),
        selection(root.get("objects")),
        stringMap(mapping, "databases", "mapping"),
        stringMap(mapping, "tables", "mapping"),
        structurePolicy(text(conflicts, "structure")),
        dataPolicy(text(conflicts, "data")),
        warnings(root.get("acceptWarnings")),
        text(root, "journalSchema"),
        root.hasNonNull("retries") ? root.get("retries").asInt() : null,
        text(root, "signingKeyEnv"),
        text(root, "signingKeyFile"),
        eventStatus(text(root, "events")),
        words(root.get("allowEngines"), "allowEngines"),
        bool(root, "bulkLoad"),
        bool(root, "writeBinlog"),
        bool(root, "verify"),
        text(root, "pointInTime"));
  }

  /** The task from its record (the task as given), for a resume. */
  public static RestoreTask fromRecord(Map<String, Object> recorded) {
    return fromRecord(recorded, TaskOverrides.NONE);
  }

  /** The task from its record with the fields flags give set over the recorded ones. */
  public static RestoreTask fromRecord(Map<String, Object> recorded, TaskOverrides overrides) {
    Map<String, Object> task = new LinkedHashMap<>(recorded);
    task.remove(REPOSITORY);
    try {
      return fromYaml(new ObjectMapper().writeValueAsString(task), overrides);
    } catch (IOException e) {
      throw new IllegalStateException("The task record cannot be read back", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new UsageError("The task field '" + field + "' must be a single value.");
    }
    return value.asText();
  }

  private static Boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new UsageError("The task field '" + field + "' must be true or false.");
    }
    return value.asBoolean();
  }

  public static RecoveryType recoveryType(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "structure" -> RecoveryType.STRUCTURE;
      case "data" -> RecoveryType.DATA;
      case "both", "structure,data", "data,structure" -> RecoveryType.BOTH;
      default ->
          throw new UsageError(
              "Unknown recovery type '" + value + "'; use structure, data or both.");
    };
  }

  public static EventStatus eventStatus(String value) {
    if (value == null) {
      return null;
    }
    for (EventStatus status : EventStatus.values()) {
      if (status.key().equalsIgnoreCase(value)) {
        return status;
      }
    }
    throw new UsageError("Unknown events setting '" + value + "'; use keep-status or disable.");
  }

  public static StructureConflictPolicy structurePolicy(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "ignore" -> StructureConflictPolicy.IGNORE;
      case "stop" -> StructureConflictPolicy.STOP;
      default ->
          throw new UsageError(
              "Unknown structure conflict policy '" + value + "'; use ignore or stop.");
    };
  }

  public static DataConflictPolicy dataPolicy(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "ignore" -> DataConflictPolicy.IGNORE;
      case "stop" -> DataConflictPolicy.STOP;
      case "overwrite" -> DataConflictPolicy.OVERWRITE;
      default ->
          throw new UsageError(
              "Unknown data conflict policy '" + value + "'; use ignore, stop or overwrite.");
    };
  }

  private static ObjectSelection selection(JsonNode objects) {
    if (objects == null || objects.isNull()) {
      return ObjectSelection.all();
    }
    if (objects.isTextual()) {
      if (objects.asText().equals("all")) {
        return ObjectSelection.all();
      }
      throw new UsageError("objects must be 'all' or a mapping with include and exclude lists.");
    }
    for (Iterator<String> it = objects.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("include") && !field.equals("exclude")) {
        throw new UsageError(
            "objects has an unknown field '" + field + "'; use include and exclude.");
      }
    }
    return new ObjectSelection(patterns(objects.get("include")), patterns(objects.get("exclude")));
  }

  private static Map<ObjectKind, List<String>> patterns(JsonNode lists) {
    Map<ObjectKind, List<String>> result = new EnumMap<>(ObjectKind.class);
    if (lists == null || lists.isNull()) {
      return result;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = lists.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      ObjectKind kind = ObjectKind.ofKey(entry.getKey());
      if (kind == null) {
        throw new UsageError(
            "Unknown object kind '" + entry.getKey() + "'; use databases, tables, views,"
                + " functions, procedures, triggers or events.");
      }
      List<String> values = new ArrayList<>();
      if (entry.getValue().isArray()) {
        entry.getValue().forEach(v -> values.add(v.asText()));
      } else {
        values.add(entry.getValue().asText());
      }
      result.put(kind, values);
    }
    return result;
  }

  private static Map<String, String> stringMap(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    Map<String, String> result = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return result;
    }
    if (!node.isObject()) {
      throw new UsageError(where + "." + field + " must map source names to target names.");
    }
    node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }

  private static Set<String> words(JsonNode node, String field) {
    Set<String> result = new TreeSet<>();
    if (node == null || node.isNull()) {
      return result;
    }
    if (node.isArray()) {
      node.forEach(v -> result.add(v.asText()));
    } else if (node.isValueNode()) {
      result.add(node.asText());
    } else {
      throw new UsageError("The task field '" + field + "' must be a list of names.");
    }
    return result;
  }

  private static Set<Integer> warnings(JsonNode node) {
    Set<Integer> result = new TreeSet<>();
    if (node == null || node.isNull()) {
      return result;
    }
    if (node.isArray()) {
      node.forEach(v -> result.add(v.asInt()));
    } else {
      result.add(node.asInt());
    }
    return result;
  }

  /** The task as given, for the task record: names and choices, never a password. */
  public Map<String, Object> asRecord() {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("name", name);
    record.put("source", source);
    record.put("backupTask", backupTask);
    record.put("backupSet", backupSet);
    record.put("method", method);
    record.put("pointInTime", pointInTime);
    record.put("target", target);
    record.put("targetUser", targetUser);
    record.put("targetPasswordEnv", targetPasswordEnv);
    record.put("targetPasswordFile", targetPasswordFile);
    record.put("recoveryType", recoveryType.name().toLowerCase(Locale.ROOT));
    if (objects.isAll()) {
      record.put("objects", "all");
    } else {
      Map<String, Object> lists = new LinkedHashMap<>();
      lists.put("include", keyed(objects.include()));
      lists.put("exclude", keyed(objects.exclude()));
      record.put("objects", lists);
    }
    record.put("mapping", Map.of("databases", databaseMapping, "tables", tableMapping));
    record.put(
        "conflicts",
        Map.of(
            "structure", structureConflict.name().toLowerCase(Locale.ROOT),
            "data", dataConflict.name().toLowerCase(Locale.ROOT)));
    record.put("acceptWarnings", List.copyOf(new TreeSet<>(acceptedWarnings)));
    record.put("journalSchema", journalSchema);
    record.put("retries", retries);
    // Where the key is, never the key.
    record.put("signingKeyEnv", signingKeyEnv);
    record.put("signingKeyFile", signingKeyFile);
    record.put("events", events.key());
    record.put("allowEngines", List.copyOf(new TreeSet<>(allowEngines)));
    record.put("bulkLoad", bulkLoad);
    record.put("writeBinlog", writeBinlog);
    record.put("verify", verify);
    record.values().removeIf(v -> v == null);
    return record;
  }

  private static Map<String, List<String>> keyed(Map<ObjectKind, List<String>> lists) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    lists.forEach((k, v) -> result.put(k.key(), v));
    return result;
  }
}
