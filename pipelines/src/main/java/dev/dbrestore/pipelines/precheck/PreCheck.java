package dev.dbrestore.pipelines.precheck;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.ManifestSignature;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Dialects;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.jdbc.StatementChecker;
import dev.dbrestore.pipelines.FilePermissions;
import dev.dbrestore.pipelines.SigningKeys;
import dev.dbrestore.pipelines.capture.CaptureLog;
import dev.dbrestore.pipelines.replay.LogRefusal;
import dev.dbrestore.pipelines.replay.ReplayJob;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import dev.dbrestore.pipelines.task.EventStatus;
import dev.dbrestore.pipelines.task.PointInTime;
import dev.dbrestore.pipelines.task.PostDataOrder;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.StructureConflictPolicy;
import dev.dbrestore.transforms.restore.TableMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks a restore task passes before anything is written. Every item reports pass,
 * notice, warning or failure with its cause and remedy; a failure blocks the task, a warning
 * blocks it unless the user accepted it, and a notice says how the restore runs and never blocks.
 */
public final class PreCheck {
  /** The outcome of one item. */
  public enum Result {
    PASS,
    /** How the restore runs; printed and recorded, never blocks, needs no accepting. */
    NOTICE,
    WARNING,
    FAILURE
  }

  /** One checked item. */
  public record Item(int number, String name, Result result, String cause, String remedy) {}

  /**
   * Every item, and what the restore needs from the checks: the plan, the rows found, the checked
   * statements and, for a restore to a point in time, how far its replay reaches (else null).
   */
  public record Report(
      List<Item> items, RestorePlan plan, Map<String, Long> rowsBefore,
      CheckedStatements statements, ReplayJob.Reach replay) {
    public boolean failed() {
      return items.stream().anyMatch(i -> i.result() == Result.FAILURE);
    }

    public List<Item> failures() {
      return items.stream().filter(i -> i.result() == Result.FAILURE).toList();
    }

    public List<Item> notices() {
      return items.stream().filter(i -> i.result() == Result.NOTICE).toList();
    }

    public List<Item> warnings() {
      return items.stream().filter(i -> i.result() == Result.WARNING).toList();
    }

    /**
     * Why this report stops task {@code taskId}, in the words the task record and the command
     * give: the failed items, else the warnings not accepted (all are with
     * {@code acceptAllWarnings}); null when the task may go on.
     */
    public String blockingMessage(
        String taskId, boolean acceptAllWarnings, Set<Integer> acceptedWarnings) {
      if (failed()) {
        List<Item> checked =
            failures().stream().filter(i -> !i.cause().startsWith("Not checked")).toList();
        int notChecked = failures().size() - checked.size();
        return "The pre-check failed on "
            + checked.stream()
                .map(i -> "item " + i.number() + " (" + i.name() + ")")
                .collect(Collectors.joining(", "))
            + ": "
            + checked.get(0).cause()
            + (notChecked > 0 ? " (" + notChecked + " items could not be checked.)" : "")
            + " Nothing was written (task "
            + taskId
            + ").";
      }
      Set<Integer> unaccepted = new TreeSet<>();
      for (Item warning : warnings()) {
        if (!acceptAllWarnings && !acceptedWarnings.contains(warning.number())) {
          unaccepted.add(warning.number());
        }
      }
      if (unaccepted.isEmpty()) {
        return null;
      }
      return "The pre-check has warnings to review: items "
          + unaccepted.stream().map(String::valueOf).collect(Collectors.joining(", "))
          + "; accept them with --accept-warnings or acceptWarnings: "
          + unaccepted
          + " in the task file. Nothing was written (task "
          + taskId
          + ").";
    }

    /** As task-record rows: item, result, cause, remedy. */
    public List<Map<String, String>> asRecord() {
      List<Map<String, String>> rows = new ArrayList<>();
      for (Item i : items) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("item", i.number() + " " + i.name());
        row.put("result", i.result().name().toLowerCase(Locale.ROOT));
        row.put("cause", i.cause());
        row.put("remedy", i.remedy());
        rows.add(row);
      }
      return rows;
    }
  }

  private static final Pattern CHARSET =
      Pattern.compile("(?:CHARACTER SET|CHARSET)[ =]+([A-Za-z0-9_]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern COLLATE =
      Pattern.compile("COLLATE[ =]+([A-Za-z0-9_]+)", Pattern.CASE_INSENSITIVE);

  private final RestoreTask task;
  private final Dialect dialect;
  private final Map<Integer, Item> items = new java.util.TreeMap<>();
  private final Map<String, Long> rowsBefore = new LinkedHashMap<>();
  private final CheckedStatements statements = new CheckedStatements();
  private Resume resume = Resume.NONE;

  private PreCheck(RestoreTask task, Dialect dialect) {
    this.task = task;
    this.dialect = dialect;
  }

  /**
   * Runs every item. {@code set} opens the backup set (and may fail); {@code target} names the
   * target server. Never throws for a check that fails: the report says it.
   */
  public static Report run(RestoreTask task, Supplier<BackupSet> set, Endpoint target) {
    return run(task, set, target, Resume.NONE);
  }

  /**
   * What an interrupted run of the same task already did, from its journal: objects it created
   * ("kind `db`.`name`" in lower case, or the qualified name) and rows it wrote per target table
   * ("`db`.`table`"). The pre-check does not hold these against the task.
   */
  public record Resume(Set<String> ownedObjects, Map<String, Long> journaledRows) {
    public static final Resume NONE = new Resume(Set.of(), Map.of());
  }

  /** Runs every item, knowing what an interrupted run of this task already did. */
  public static Report run(
      RestoreTask task, Supplier<BackupSet> set, Endpoint target, Resume resume) {
    return run(task, set, target, resume, List.of());
  }

  /**
   * Runs every item; {@code secretFiles} are the files read to reach the target (password file,
   * data-source file, a data source's password file), checked by item 19 with the task's
   * signing-key file.
   */
  public static Report run(
      RestoreTask task,
      Supplier<BackupSet> set,
      Endpoint target,
      Resume resume,
      List<SecretFile> secretFiles) {
    return run(task, set, target, resume, secretFiles, null);
  }

  /**
   * Runs every item; a task to a point in time reads its source's captured log from
   * {@code repository} (items 22 to 27).
   */
  public static Report run(
      RestoreTask task,
      Supplier<BackupSet> set,
      Endpoint target,
      Resume resume,
      List<SecretFile> secretFiles,
      BackupRepository repository) {
    Dialect dialect = target.dialect();
    PreCheck check = new PreCheck(task, dialect);
    check.resume = resume;
    check.privateFilesItem(secretFiles);
    RestorePlan plan = null;
    BackupSet backupSet = null;
    try {
      backupSet = set.get();
      check.signatureItem(backupSet);
      backupSet.checkChunksPresent();
      backupSet.verifyChunkContents();
      check.pass(
          Check.BACKUP_SET_COMPLETE,
          "The manifest is valid; every chunk is present with its size, SHA-256 and columns.");
    } catch (UserError e) {
      check.fail(Check.BACKUP_SET_COMPLETE,
          e.getMessage(), "Choose a complete backup set (dbrestore backups list).");
    }
    if (backupSet != null) {
      try {
        plan = RestorePlan.of(task, backupSet);
      } catch (RestorePlan.NothingSelected e) {
        check.fail(Check.OBJECT_SELECTION,
            e.getMessage(), "Fix the task's include and exclude patterns.");
        // The mapping's names were found; with nothing selected, no view meets the mapping.
        check.pass(Check.MAPPING_WITH_VIEWS, check.task.hasMapping()
            ? "The mapping names databases and tables the backup set has." : "No mapping.");
      } catch (UserError e) {
        check.fail(Check.MAPPING_WITH_VIEWS, e.getMessage(), "Fix the task's objects or mapping.");
      }
    }
    // Before the target's items: item 26 needs the tables the log creates.
    if (plan != null) {
      check.pointInTimeItems(plan, target, repository);
    }
    Connection connection = null;
    try {
      connection = target.open(Endpoint.Purpose.ADMIN);
      check.pass(Check.TARGET_REACHABLE, "Connected to " + target + ".");
    } catch (SQLException e) {
      check.fail(
          Check.TARGET_REACHABLE,
          dialect.explainConnectFailure(e, target.spec(), "target").getMessage(),
          "Check the target's address, that it runs, and the user and password source.");
    }
    try {
      if (plan != null && connection != null) {
        check.runTargetItems(plan, connection);
      }
    } catch (SQLException e) {
      check.items.putIfAbsent(
          0, new Item(0, "checks", Result.FAILURE, "A check query failed: " + e.getMessage(),
              "Make sure the restoring account may read information_schema."));
    } finally {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // Only read queries ran on it.
        }
      }
    }
    if (plan != null) {
      check.planItems(plan);
    }
    for (Check item : Check.values()) {
      check.items.putIfAbsent(
          item.number(),
          new Item(
              item.number(),
              item.title(),
              Result.FAILURE,
              "Not checked: " + (backupSet == null || plan == null
                  ? "the backup set or the task's selection could not be read."
                  : "the target could not be reached."),
              "Fix the failures above, then run the pre-check again."));
    }
    return new Report(
        List.copyOf(check.items.values()), plan, check.rowsBefore, check.statements, check.reach);
  }

  /** A file that holds a secret or says where one is: what it is, and its path. */
  public record SecretFile(String what, java.nio.file.Path path) {}

  /**
   * Items 22 to 25 and 27: for a restore to a point in time, the captured log checked as the
   * replay would read it (ReplayJob.checkLog), each refusal turned into its failed item.
   */
  /** How far the replay reaches, once items 22 to 27 have read the log; null before or without. */
  private ReplayJob.Reach reach;

  private void pointInTimeItems(RestorePlan plan, Endpoint target, BackupRepository repository) {
    List<Check> logItems = List.of(Check.POINT_IN_TIME_IN_WINDOW, Check.LOG_WITHOUT_GAP,
        Check.LOG_SEGMENTS_COMPLETE, Check.LOG_STATEMENTS);
    if (!task.toPointInTime()) {
      for (Check item : logItems) {
        pass(item, "Not applicable: the task restores the backup set as it is.");
      }
      pass(Check.SOURCE_CHANGE_LOG, "Not applicable: the task replays no log.");
      return;
    }
    String kind = plan.manifest().source().kind();
    String refusal = Dialects.pointInTimeRefusal(kind);
    if (refusal != null) {
      fail(Check.SOURCE_CHANGE_LOG, refusal,
          "Restore the backup set as it is (method: backup-set).");
      for (Check item : logItems) {
        fail(item, "Not checked: the source keeps no change log.", "");
      }
      return;
    }
    pass(Check.SOURCE_CHANGE_LOG, "The source is " + kind + "; its change log is captured.");
    if (!task.recoveryType().includesData()) {
      for (Check item : logItems) {
        pass(item, "Not applicable: the task restores no rows, so no log is replayed.");
      }
      return;
    }
    BackupRepository backups = repository != null ? repository : BackupRepository.at(null);
    RestorableWindow window = RestorableWindow.of(backups, task.source());
    Instant pointInTime = PointInTime.parse(task.pointInTime());
    try {
      reach =
          ReplayJob.checkLog(backups.logFolder(task.source()),
              plan.manifest(), pointInTime, target,
              new TableMapping(task.databaseMapping(), task.tableMapping()), task.objects());
      pass(Check.POINT_IN_TIME_IN_WINDOW, pointInTime + " is inside the window; the replay"
          + " applies up to " + (reach.lastApplied() == null ? "nothing after the set"
              : reach.lastApplied()) + " and skips from " + (reach.firstSkipped() == null
              ? "nothing (no later commit captured)" : reach.firstSkipped()) + ".");
      pass(Check.LOG_WITHOUT_GAP, "The log runs without a gap from the set's consistent point to "
          + pointInTime + ".");
      pass(Check.LOG_SEGMENTS_COMPLETE, "Every log segment the replay reads has its size and"
          + " SHA-256 from the log manifest.");
      pass(Check.LOG_STATEMENTS, reach.statements() + " structure statement(s) in the log, each"
          + " replayed or skipped by the product's rule; " + reach.phases() + " phase(s).");
    } catch (LogRefusal e) {
      Check failed = switch (e.reason()) {
        case OUTSIDE_WINDOW -> Check.POINT_IN_TIME_IN_WINDOW;
        case GAP -> Check.LOG_WITHOUT_GAP;
        case DAMAGED_SEGMENT -> Check.LOG_SEGMENTS_COMPLETE;
        case STATEMENT -> Check.LOG_STATEMENTS;
      };
      String remedy = switch (e.reason()) {
        case OUTSIDE_WINDOW -> "Choose a time inside the window: " + window.describe();
        case GAP -> "Choose a time the log covers without a gap: " + window.describe();
        case DAMAGED_SEGMENT -> "Restore the segment from a copy of the repository, or choose"
            + " a time before it.";
        case STATEMENT -> "Exclude the objects the statement touches, or choose a time before it.";
      };
      String cause = e.reason() == LogRefusal.Reason.OUTSIDE_WINDOW
          ? e.getMessage() + " " + window.describe() : e.getMessage();
      for (Check item : logItems) {
        if (item == failed) {
          fail(item, cause, remedy);
        } else if (logItems.indexOf(item) < logItems.indexOf(failed)) {
          pass(item, "Checked before item " + failed.number() + " failed.");
        } else {
          fail(item, "Not checked: item " + failed.number() + " failed first.", "");
        }
      }
    } catch (UserError e) {
      // Not a question of the log (the target cannot take a replay, a set unreadable): every
      // log item says why it could not be answered.
      for (Check item : logItems) {
        fail(item, "Not checked: " + e.getMessage(), "Fix the cause, then run the pre-check"
            + " again.");
      }
    }
  }

  /**
   * Item 26: the replay deletes and writes rows by key as the log says, so a restore to a point
   * in time writes only into tables that are new or empty, whatever the data conflict policy.
   */
  private void newOrEmptyItem(RestorePlan plan, Connection c) throws SQLException {
    if (!task.toPointInTime() || !task.recoveryType().includesData()) {
      pass(Check.NEW_OR_EMPTY_TABLES, "Not applicable: the task replays no log.");
      return;
    }
    List<String> withRows = new ArrayList<>();
    rowsBefore.forEach((name, rows) -> {
      if (rows > 0) {
        withRows.add(name + " (" + rows + " rows)");
      }
    });
    // A table the log creates (or renames to) must not be there already, or the replay's
    // statement fails halfway through the log. The set's own tables are created by the restore.
    List<String> inTheWay = new ArrayList<>();
    if (reach != null) {
      Set<String> restored = new java.util.HashSet<>();
      for (RestorePlan.Database db : plan.databases()) {
        db.tables().forEach(t -> restored.add(
            dialect.qualified(db.targetName(), t.targetName()).toLowerCase(Locale.ROOT)));
      }
      Map<String, Set<String>> present = new HashMap<>();
      for (List<String> table : reach.createdTables()) {
        String qualified = dialect.qualified(table.get(0), table.get(1));
        Set<String> objects = present.get(table.get(0));
        if (objects == null) {
          objects = new java.util.HashSet<>();
          for (String object : dialect.existingObjects(c, table.get(0))) {
            objects.add(Dialect.objectName(object));
          }
          present.put(table.get(0), objects);
        }
        String key = qualified.toLowerCase(Locale.ROOT);
        if (objects.contains(key) && !restored.contains(key) && !inTheWay.contains(qualified)) {
          inTheWay.add(qualified);
        }
      }
    }
    if (withRows.isEmpty() && inTheWay.isEmpty()) {
      pass(Check.NEW_OR_EMPTY_TABLES, "Every restored table is new or empty in the target"
          + (reach != null && !reach.createdTables().isEmpty()
              ? ", and none of the " + reach.createdTables().size() + " table(s) the log creates"
                  + " is there yet." : "."));
    } else if (inTheWay.isEmpty()) {
      fail(Check.NEW_OR_EMPTY_TABLES,
          "A restore to a point in time writes only into new or empty tables; these hold rows: "
              + list(withRows) + ".",
          "Empty or drop them, or restore under other names (--map-database).");
    } else {
      fail(Check.NEW_OR_EMPTY_TABLES,
          "The log creates tables the target already has: " + list(inTheWay)
              + (withRows.isEmpty() ? "" : "; and these hold rows: " + list(withRows))
              + ". The replay would stop at the statement that creates them.",
          "Drop them, or restore under other names (--map-database).");
    }
  }

  /** Item 18: the set's signature, checked when the task names a signing key. */
  private void signatureItem(BackupSet set) {
    byte[] key;
    try {
      key = SigningKeys.resolve(task.signingKeyEnv(), task.signingKeyFile());
    } catch (UserError e) {
      fail(Check.SIGNATURE,
          e.getMessage(), "Fix signingKeyEnv or signingKeyFile (--signing-key-env,"
          + " --signing-key-file).");
      return;
    }
    String file = ManifestSignature.FILE_NAME;
    if (key == null) {
      if (set.isSigned()) {
        notice(Check.SIGNATURE,
            "The backup set is signed (" + file + "), but the task names no signing key,"
                + " so the signature was not checked.",
            "Give signingKeyEnv or signingKeyFile (--signing-key-env, --signing-key-file) to"
                + " check it.");
      } else {
        notice(Check.SIGNATURE,
            "The backup set is unsigned: its chunks are checked against the manifest's"
                + " SHA-256, but nothing shows the manifest itself is the one the backup wrote.",
            "Sign backups with backup --signing-key-env or --signing-key-file, and restore"
                + " with the same key.");
      }
      return;
    }
    try {
      set.checkSignature(key);
      pass(Check.SIGNATURE,
          "The signature in " + file + " matches " + Manifest.FILE_NAME + " under the"
          + " given key; the manifest holds every chunk's SHA-256, so it covers the whole set.");
    } catch (UserError e) {
      fail(Check.SIGNATURE, e.getMessage(),
          "Restore only a set signed with this key; if the set is yours, back it up again with"
              + " the key.");
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  /** Item 19: files holding or leading to a secret that group or others may read. */
  private void privateFilesItem(List<SecretFile> given) {
    List<SecretFile> files = new ArrayList<>(given);
    if (task.targetPasswordFile() != null) {
      files.add(new SecretFile("password file", java.nio.file.Path.of(task.targetPasswordFile())));
    }
    if (task.signingKeyFile() != null) {
      files.add(new SecretFile("signing key file", java.nio.file.Path.of(task.signingKeyFile())));
    }
    List<String> warnings = new ArrayList<>();
    Set<java.nio.file.Path> seen = new java.util.HashSet<>();
    for (SecretFile f : files) {
      if (seen.add(f.path().toAbsolutePath().normalize())) {
        String warning = FilePermissions.warnIfReadableByOthers(f.path(), f.what());
        if (warning != null) {
          warnings.add(warning);
        }
      }
    }
    if (files.isEmpty()) {
      pass(Check.PRIVATE_FILES, "The task reads no password, signing key or data-source file.");
    } else if (warnings.isEmpty()) {
      pass(Check.PRIVATE_FILES,
          "Only their owner may read the password, signing key and data-source files.");
    } else {
      warn(Check.PRIVATE_FILES, String.join("; ", warnings) + ".",
          "Make each file private (chmod 600 FILE), or accept the warning.");
    }
  }

  /** Item 20: enabled events that would start running as soon as they are restored. */
  private void eventsItem(RestorePlan plan, Connection c, boolean structure)
      throws SQLException {
    List<String> enabled = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (Manifest.SchemaObject event : db.events()) {
        if (dialect.eventEnabled(event.createStatement())) {
          enabled.add(dialect.qualified(db.targetName(), event.name()));
        }
      }
    }
    if (!structure || plan.databases().stream().allMatch(db -> db.events().isEmpty())) {
      pass(Check.EVENTS, "The task restores no event.");
    } else if (task.events() == EventStatus.DISABLE) {
      pass(Check.EVENTS, "Every restored event is created DISABLE (events: disable).");
    } else if (enabled.isEmpty()) {
      pass(Check.EVENTS, "No restored event is enabled.");
    } else if (dialect.eventSchedulerRunning(c)) {
      warn(Check.EVENTS,
          "The target's event_scheduler is ON, so these enabled events start running as"
              + " soon as they are restored: " + list(enabled) + ".",
          "Restore with events: disable (--events disable), or turn the scheduler off.");
    } else {
      notice(Check.EVENTS, "These events are restored enabled, as they were (events:"
              + " keep-status); the target's event_scheduler is not ON, so they start running once"
              + " it is turned on: " + list(enabled) + ".",
          "Restore with events: disable (--events disable) if they must not run there.");
    }
  }

  /** Items that need only the plan. */
  private void planItems(RestorePlan plan) {
    identifiersItem(plan);
    boolean structure = task.recoveryType().includesStructure();
    boolean data = task.recoveryType().includesData();
    if (structure && task.hasMapping() && plan.hasPostDataObjects()) {
      List<String> objects = new ArrayList<>();
      String[] kinds = {"view", "function", "procedure", "trigger", "event"};
      for (RestorePlan.Database db : plan.databases()) {
        for (int g = 0; g < kinds.length; g++) {
          for (Manifest.SchemaObject o : db.postDataGroups().get(g)) {
            objects.add(kinds[g] + " " + dialect.qualified(db.source().name(), o.name()));
          }
        }
      }
      fail(
          Check.MAPPING_WITH_VIEWS,
          "The task maps names and also restores views, functions, procedures, triggers or"
              + " events (" + list(objects) + "), whose bodies name the original objects.",
          "Exclude those objects, or restore without a mapping.");
    } else {
      pass(Check.MAPPING_WITH_VIEWS,
          task.hasMapping() ? "The mapping applies to tables only." : "No mapping.");
    }
    List<String> keyless = new ArrayList<>();
    for (RestorePlan.Table t : plan.tables()) {
      if (t.source().primaryKey().isEmpty()) {
        keyless.add(target(plan, t));
      }
    }
    if (data && task.dataConflict() != DataConflictPolicy.STOP && !keyless.isEmpty()) {
      warn(
          Check.TABLES_WITHOUT_PRIMARY_KEY,
          "Tables without a primary key: " + list(keyless) + ". The data conflict policy "
              + task.dataConflict().name().toLowerCase(Locale.ROOT)
              + " cannot recognise a duplicate row there; every backup row is written.",
          "Accept the warning, or empty those tables first.");
    } else {
      pass(Check.TABLES_WITHOUT_PRIMARY_KEY,
          keyless.isEmpty() ? "Every table has a primary key." : "Not applicable.");
    }
  }

  /**
   * The target holds identifiers of at most 64 characters from the Basic Multilingual
   * Plane, without NUL and not ending in a space.
   */
  private void identifiersItem(RestorePlan plan) {
    List<String> bad = new ArrayList<>();
    List<String> system = new ArrayList<>();
    if (dialect.isSystemSchema(task.journalSchema())) {
      system.add("journal schema " + dialect.quote(task.journalSchema()));
    }
    for (RestorePlan.Database db : plan.databases()) {
      if (dialect.isSystemSchema(db.source().name())) {
        system.add("database " + dialect.quote(db.source().name()) + " of the backup set");
      } else if (dialect.isSystemSchema(db.targetName())) {
        system.add("database " + dialect.quote(db.targetName()) + " (the mapping of "
            + dialect.quote(db.source().name()) + ")");
      }
      checkIdentifier(db.targetName(), "database", bad);
      db.tables().forEach(t -> checkIdentifier(t.targetName(), "table", bad));
      db.postDataGroups().forEach(g -> g.forEach(o -> checkIdentifier(o.name(), "object", bad)));
    }
    String journal = task.journalSchema();
    boolean journalInTarget =
        plan.databases().stream().anyMatch(db -> db.targetName().equalsIgnoreCase(journal));
    if (!system.isEmpty()) {
      fail(Check.IDENTIFIERS, "The task would write into the server's own schemas ("
              + String.join(", ", dialect.systemSchemas()) + "): " + list(system)
              + "; a restore never writes there."
              + (bad.isEmpty() ? "" : " The target also cannot hold these names: " + list(bad)
                  + "."),
          "Exclude those databases (objects: exclude: databases) or map them to other names,"
              + " and keep the journal schema out of them.");
    } else if (journalInTarget) {
      fail(Check.IDENTIFIERS,
          "The journal schema " + dialect.quote(journal) + " is a database the task restores"
              + " into" + (bad.isEmpty() ? "" : "; and the target cannot hold these names: "
                  + list(bad)) + ".",
          "Choose a journal schema of its own with journalSchema or --journal-schema.");
    } else if (bad.isEmpty()) {
      pass(Check.IDENTIFIERS, "Every target name is one the target can hold.");
    } else {
      fail(Check.IDENTIFIERS, "The target cannot hold these names: " + list(bad) + ".",
          "Map them to other names, or exclude those objects.");
    }
  }

  private void checkIdentifier(String name, String kind, List<String> bad) {
    String why = null;
    if (name.isEmpty()) {
      why = "empty";
    } else if (name.codePointCount(0, name.length()) > 64) {
      why = "longer than 64 characters";
    } else if (name.endsWith(" ")) {
      why = "ends with a space";
    } else if (name.indexOf('\0') >= 0) {
      why = "contains NUL";
    } else if (name.codePoints().anyMatch(c -> c > 0xFFFF)) {
      why = "has a character outside the Basic Multilingual Plane";
    }
    if (why != null) {
      bad.add(kind + " " + dialect.quote(name) + " (" + why + ")");
    }
  }

  /** Items that need the target. */
  private void runTargetItems(RestorePlan plan, Connection c) throws SQLException {
    boolean structure = task.recoveryType().includesStructure();
    boolean data = task.recoveryType().includesData();
    Manifest.Source backup = plan.manifest().source();
    Manifest.Source server = dialect.describeServer(c);

    if (!backup.kind().equals(server.kind())) {
      fail(Check.SAME_KIND,
          "The backup is of " + backup.kind() + " and the target is " + server.kind() + ".",
          "Restore into a " + backup.kind() + " server.");
    } else {
      pass(Check.SAME_KIND, "Both are " + server.kind() + ".");
    }
    Item version = versionItem(dialect, backup.version(), server.version());
    put(Check.TARGET_VERSION, version.result(), version.cause(), version.remedy());

    privilegesItem(plan, c, structure, data);
    sameNameItem(plan, c, structure);
    rowsAndColumnsItems(plan, c, data);
    newOrEmptyItem(plan, c);
    charsetItem(plan, c);
    packetItem(plan, c, data);
    lowerCaseItem(plan, backup, server);
    if (dialect.isReadOnly(c)) {
      fail(Check.TARGET_WRITABLE, "The target is read-only (read_only is ON).",
          "Turn read_only off on the target, or restore into a writable server.");
    } else {
      pass(Check.TARGET_WRITABLE, "The target accepts writes.");
    }
    definersItem(plan, c, structure, data);
    statementsItem(plan, c, server, structure, data);
    eventsItem(plan, c, structure);
    selectionItem(plan, c, structure);
  }

  private static final StatementCheck.Kind[] POST_DATA_KINDS = {
    StatementCheck.Kind.VIEW, StatementCheck.Kind.FUNCTION, StatementCheck.Kind.PROCEDURE,
    StatementCheck.Kind.TRIGGER, StatementCheck.Kind.EVENT
  };

  /**
   * Secondary indexes are held back from a table, and added in one ALTER once its rows are in,
   * when its chunks hold at least this many bytes (8 MiB): below that, the ALTER's own cost
   * (measured: about 6 ms each, 6 s for 1,000 tables of 3 rows) exceeds what sorting the keys
   * once saves, and such tables are created with their indexes, as myloader creates every table.
   */
  static final long DEFER_INDEXES_FROM_BYTES = 8L << 20;

  private static boolean worthDeferring(RestorePlan.Table t) {
    long bytes = 0;
    for (Manifest.Chunk chunk : t.source().chunks()) {
      bytes += chunk.bytes();
    }
    return bytes >= DEFER_INDEXES_FROM_BYTES;
  }

  /**
   * A table's CREATE statement as it will run (under its target name), the index definitions
   * added after its rows ({@code laterIndexes}), the foreign keys added once every table and
   * index exists ({@code laterForeignKeys}), and the index definitions checked but kept in it
   * ({@code checkedOnly}).
   */
  record TableSplit(
      String create, List<String> laterIndexes, List<String> laterForeignKeys,
      List<String> checkedOnly) {}

  /**
   * How a table is created: its secondary indexes after its rows where that is worth it, and
   * where the dialect holds foreign keys back, those after every table exists (a table created
   * with a foreign key before the table it references fails), whichever order the set lists
   * them.
   */
  static TableSplit tableSplit(Dialect dialect, RestorePlan.Table t, boolean data) {
    return tableSplit(dialect, t, data, null, null, null);
  }

  /**
   * {@link #tableSplit(Dialect, RestorePlan.Table, boolean)} of a table of database
   * {@code database} restored into {@code targetDatabase}, with every table its foreign keys
   * reference under the target name {@code renamed} gives it; {@code renamed} null (no
   * mapping) leaves the statement as the set has it, unread.
   */
  static TableSplit tableSplit(
      Dialect dialect, RestorePlan.Table t, boolean data, String database, String targetDatabase,
      Function<StatementChecker.Reference, StatementChecker.Reference> renamed) {
    String statement = t.source().createStatement();
    if (renamed != null) {
      statement = dialect.renameReferences(statement, database, targetDatabase, renamed);
    }
    Dialect.DeferredIndexes foreignKeys = dialect.deferForeignKeys(statement);
    String create = foreignKeys.createTable();
    List<String> indexes = List.of();
    List<String> laterIndexes = List.of();
    if (data) {
      Dialect.DeferredIndexes deferred = dialect.deferSecondaryIndexes(create);
      indexes = deferred.indexDefinitions();
      if (worthDeferring(t)) {
        create = deferred.createTable();
        laterIndexes = indexes;
      }
    }
    if (!t.targetName().equals(t.source().name())) {
      create = dialect.renameInCreateTable(create, t.source().name(), t.targetName());
    }
    return new TableSplit(
        create, List.copyOf(laterIndexes), List.copyOf(foreignKeys.indexDefinitions()),
        laterIndexes.isEmpty() ? List.copyOf(indexes) : List.of());
  }

  /**
   * The target database and name of each table the plan restores, by its database and name in
   * the set (exactly, else ignoring case, as a server with lower_case_table_names may print a
   * reference); the function gives null for a table the plan does not restore, whose
   * reference stays as written. Null itself where the plan maps no name.
   */
  static Function<StatementChecker.Reference, StatementChecker.Reference> targetNames(
      RestorePlan plan) {
    Map<List<String>, StatementChecker.Reference> exact = new HashMap<>();
    Map<List<String>, StatementChecker.Reference> folded = new HashMap<>();
    boolean mapped = false;
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        mapped |= !db.targetName().equals(db.source().name())
            || !t.targetName().equals(t.source().name());
        StatementChecker.Reference to =
            new StatementChecker.Reference(db.targetName(), t.targetName(), false);
        exact.put(List.of(db.source().name(), t.source().name()), to);
        folded.putIfAbsent(
            List.of(db.source().name().toLowerCase(Locale.ROOT),
                t.source().name().toLowerCase(Locale.ROOT)), to);
      }
    }
    if (!mapped) {
      return null;
    }
    return from -> {
      StatementChecker.Reference to = exact.get(List.of(from.database(), from.name()));
      return to != null
          ? to
          : folded.get(List.of(from.database().toLowerCase(Locale.ROOT),
              from.name().toLowerCase(Locale.ROOT)));
    };
  }

  /**
   * Item 17: every statement taken from the manifest, in the form it will run, is one CREATE of
   * its entry's kind naming its entry's object; the structure stages run only these.
   */
  private void statementsItem(
      RestorePlan plan, Connection c, Manifest.Source server, boolean structure, boolean data)
      throws SQLException {
    if (!structure) {
      pass(Check.STATEMENTS, "Not applicable: the task runs no statement from the backup set.");
      return;
    }
    Set<String> allowed = new java.util.HashSet<>(StatementCheck.DEFAULT_ENGINES);
    task.allowEngines().forEach(e -> allowed.add(e.toLowerCase(Locale.ROOT)));
    StatementCheck.Target target =
        new StatementCheck.Target(
            server.kind(), server.version(), dialect.engines(c), allowed,
            server.lowerCaseTableNames() != 0);
    String where = plan.setLocation().replaceAll("/+$", "") + "/" + Manifest.FILE_NAME;
    String tableMode = plan.manifest().source().sqlMode();
    List<String> refused = new ArrayList<>();
    Function<StatementChecker.Reference, StatementChecker.Reference> renamed =
        targetNames(plan);
    for (RestorePlan.Database db : plan.databases()) {
      // Every sequence of a restored database: a table's default may take its next value.
      for (Manifest.Sequence q : db.source().sequencesOrNone()) {
        String entry = "sequence " + dialect.qualified(db.targetName(), q.name());
        try {
          statements.add(
              entry, dialect.checkSequence(entry, where, q, db.targetName()), List.of());
        } catch (UserError e) {
          refused.add(e.getMessage());
        }
      }
      for (RestorePlan.Table t : db.tables()) {
        String entry = "table " + dialect.qualified(db.source().name(), t.source().name());
        try {
          TableSplit split =
              tableSplit(dialect, t, data, db.source().name(), db.targetName(), renamed);
          CheckedStatement checked =
              dialect.checkTable(
                  entry, where, split.create(), db.targetName(), t.targetName(), tableMode,
                  target);
          // Each index line is checked as one plain index whether or not it is deferred.
          for (String definition : split.checkedOnly()) {
            dialect.checkIndex(entry, where, definition, tableMode, target);
          }
          List<CheckedStatement> laterIndexes = new ArrayList<>();
          for (String definition : split.laterIndexes()) {
            laterIndexes.add(dialect.checkIndex(entry, where, definition, tableMode, target));
          }
          List<CheckedStatement> laterForeignKeys = new ArrayList<>();
          for (String definition : split.laterForeignKeys()) {
            laterForeignKeys.add(dialect.checkIndex(entry, where, definition, tableMode, target));
          }
          statements.add(
              "table " + dialect.qualified(db.targetName(), t.targetName()), checked,
              laterIndexes, laterForeignKeys);
        } catch (UserError e) {
          refused.add(e.getMessage());
        }
      }
      List<List<Manifest.SchemaObject>> groups = db.postDataGroups();
      for (int g = 0; g < groups.size(); g++) {
        StatementCheck.Kind kind = POST_DATA_KINDS[g];
        String word = kind.name().toLowerCase(Locale.ROOT);
        for (Manifest.SchemaObject o : groups.get(g)) {
          String entry = word + " " + dialect.qualified(db.source().name(), o.name());
          try {
            // An event restored disabled is checked as it will run: with its status rewritten.
            Manifest.SchemaObject object =
                kind == StatementCheck.Kind.EVENT && task.events() == EventStatus.DISABLE
                    ? new Manifest.SchemaObject(
                        o.name(), o.table(), dialect.eventDisabled(o.createStatement()),
                        o.definer(), o.sqlMode(), o.characterSetClient(), o.collationConnection(),
                        o.references())
                    : o;
            CheckedStatement checked =
                dialect.checkSchemaObject(
                    kind, entry, where, object, db.targetName(),
                    plan.manifest().source().sqlMode(), target);
            statements.add(
                word + " " + dialect.qualified(db.targetName(), o.name()), checked, List.of());
          } catch (UserError e) {
            refused.add(e.getMessage());
          }
        }
      }
    }
    if (refused.isEmpty()) {
      pass(Check.STATEMENTS,
          "Each of the " + statements.size() + " statements is one CREATE of its entry's"
          + " kind, naming its entry's object.");
    } else {
      fail(Check.STATEMENTS, refused.get(0)
              + (refused.size() > 1 ? " " + (refused.size() - 1) + " more entries are refused"
                  + " too." : ""),
          "Restore from a backup set taken by dbrestore and left unchanged; allow an engine only"
              + " for a set you trust.");
    }
  }

  /**
   * The selection matches something, and every view the task creates can be: what it reads or
   * calls is restored too or already in the target, and no views read each other in a cycle.
   */
  private void selectionItem(RestorePlan plan, Connection c, boolean structure)
      throws SQLException {
    int tables = plan.tables().size();
    int objects = 0;
    for (RestorePlan.Database db : plan.databases()) {
      objects += db.postDataGroups().stream().mapToInt(List::size).sum();
    }
    String matched =
        "The selection matches " + count(plan.databases().size(), "database") + ", "
            + count(tables, "table") + " and " + objects
            + " views, routines, triggers or events";
    if (!structure) {
      pass(Check.OBJECT_SELECTION, matched + ".");
      return;
    }
    String cycle = PostDataOrder.cycle(plan, dialect);
    if (cycle != null) {
      fail(Check.OBJECT_SELECTION,
          cycle, "Exclude one of those views, or fix them at the source and back up again.");
      return;
    }
    Map<String, Set<String>> existing = new HashMap<>();
    List<String> missing =
        PostDataOrder.missing(
            plan,
            dialect,
            (kind, database, name) -> {
              Set<String> present = existing.get(database);
              if (present == null) {
                present = new java.util.HashSet<>();
                for (String object : dialect.existingObjects(c, database)) {
                  present.add(object.toLowerCase(Locale.ROOT));
                }
                existing.put(database, present);
              }
              return present.contains(
                  (kind + " " + dialect.qualified(database, name)).toLowerCase(Locale.ROOT));
            });
    if (missing.isEmpty()) {
      pass(Check.OBJECT_SELECTION, matched + "; no view needs an object the task leaves out.");
    } else {
      String text =
          String.join("; ", missing.subList(0, Math.min(10, missing.size())))
              + (missing.size() > 10 ? "; and " + (missing.size() - 10) + " more" : "");
      fail(Check.OBJECT_SELECTION, Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".",
          "Include what the views need, or exclude those views.");
    }
  }

  private void privilegesItem(RestorePlan plan, Connection c, boolean structure, boolean data)
      throws SQLException {
    List<String> missing = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      Set<String> needed = new LinkedHashSet<>();
      needed.add("SELECT");
      if (structure) {
        needed.add("CREATE");
        if (!db.views().isEmpty()) {
          needed.add("CREATE VIEW");
        }
        if (!db.functions().isEmpty() || !db.procedures().isEmpty()) {
          needed.add("CREATE ROUTINE");
        }
        if (!db.triggers().isEmpty()) {
          needed.add("TRIGGER");
        }
        if (!db.events().isEmpty()) {
          needed.add("EVENT");
        }
      }
      if (data) {
        needed.add("INSERT");
        if (task.dataConflict() == DataConflictPolicy.OVERWRITE) {
          needed.add("DELETE");
        }
        if (task.dataConflict() == DataConflictPolicy.IGNORE) {
          needed.add("UPDATE");
        }
      }
      Set<String> has = dialect.privileges(c, db.targetName());
      for (String privilege : needed) {
        if (!has.contains(privilege)) {
          missing.add(privilege + " on " + dialect.quote(db.targetName()));
        }
      }
    }
    if (missing.isEmpty()) {
      pass(Check.PRIVILEGES, "The restoring account has every privilege the task needs.");
    } else {
      fail(Check.PRIVILEGES, "The restoring account lacks " + list(missing) + ".",
          "Grant those privileges to the restoring account.");
    }
  }

  private void sameNameItem(RestorePlan plan, Connection c, boolean structure)
      throws SQLException {
    if (!structure) {
      pass(Check.SAME_NAME_OBJECTS, "Not applicable: the task creates no objects.");
      return;
    }
    List<String> existing = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      Set<String> present = new java.util.HashSet<>();
      for (String object : dialect.existingObjects(c, db.targetName())) {
        present.add(Dialect.objectName(object));
      }
      List<String> names = new ArrayList<>();
      db.tables().forEach(t -> names.add(t.targetName()));
      db.postDataGroups().forEach(g -> g.forEach(o -> names.add(o.name())));
      for (String name : names) {
        String qualified = dialect.qualified(db.targetName(), name);
        if (present.contains(qualified.toLowerCase(Locale.ROOT))
            && !resume.ownedObjects().contains(qualified.toLowerCase(Locale.ROOT))) {
          existing.add(qualified);
        }
      }
    }
    if (existing.isEmpty()) {
      pass(Check.SAME_NAME_OBJECTS, "No object of the same name exists in the target.");
    } else if (task.structureConflict() == StructureConflictPolicy.STOP) {
      fail(Check.SAME_NAME_OBJECTS, "The target already has " + list(existing) + ".",
          "Drop them, choose another target or mapping, or set conflicts.structure: ignore.");
    } else {
      warn(Check.SAME_NAME_OBJECTS,
          "The target already has " + list(existing) + "; they are kept as they are.",
          "Accept the warning to keep them and continue.");
    }
  }

  private void rowsAndColumnsItems(RestorePlan plan, Connection c, boolean data)
      throws SQLException {
    List<String> withRows = new ArrayList<>();
    List<String> columnProblems = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      List<String> tableNames = new ArrayList<>();
      db.tables().forEach(t -> tableNames.add(t.targetName()));
      // One catalog query for the database's tables, not one per table.
      Map<String, Map<String, String>> columnsOf =
          dialect.columnTypes(c, db.targetName(), tableNames);
      for (RestorePlan.Table t : db.tables()) {
        Map<String, String> columns = columnsOf.getOrDefault(t.targetName(), Map.of());
        String name = dialect.qualified(db.targetName(), t.targetName());
        if (columns.isEmpty()) {
          if (!task.recoveryType().includesStructure()) {
            columnProblems.add(name + " is missing");
          }
          continue;
        }
        // Rows an interrupted run of this task wrote are its own, not the target's; after its
        // replay began, the whole table is (the log deleted and wrote rows the journal's
        // chunk counts do not show).
        long rows =
            task.toPointInTime() && resume.journaledRows().containsKey(name)
                ? 0
                : dialect.countRows(c, db.targetName(), t.targetName())
                    - resume.journaledRows().getOrDefault(name, 0L);
        rowsBefore.put(name, rows);
        if (rows > 0) {
          withRows.add(name + " (" + rows + " rows)");
        }
        Map<String, String> lower = new HashMap<>();
        columns.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        for (Manifest.Column column : t.source().storedColumns()) {
          String type = lower.get(column.name().toLowerCase(Locale.ROOT));
          if (type == null) {
            columnProblems.add(name + " has no column " + dialect.quote(column.name()));
          } else if (!type.equalsIgnoreCase(column.type())) {
            columnProblems.add(
                name + "." + dialect.quote(column.name()) + " is " + type + ", not "
                    + column.type());
          }
        }
      }
    }
    if (!data) {
      pass(Check.EXISTING_ROWS, "Not applicable: the task writes no rows.");
      pass(Check.DATA_ONLY_TARGET_TABLES, "Not applicable: the task writes no rows.");
      return;
    }
    if (withRows.isEmpty()) {
      pass(Check.EXISTING_ROWS, "No selected table in the target holds rows.");
    } else if (task.dataConflict() == DataConflictPolicy.STOP) {
      fail(Check.EXISTING_ROWS,
          "Selected tables in the target already hold rows: " + list(withRows) + ".",
          "Empty them, or set conflicts.data to ignore or overwrite.");
    } else {
      warn(Check.EXISTING_ROWS, "Selected tables in the target already hold rows: " + list(withRows)
              + "; rows whose key exists will be "
              + (task.dataConflict() == DataConflictPolicy.IGNORE ? "kept" : "replaced") + ".",
          "Accept the warning to continue.");
    }
    if (columnProblems.isEmpty()) {
      pass(Check.DATA_ONLY_TARGET_TABLES, "Every existing target table has the backup's columns.");
    } else {
      fail(Check.DATA_ONLY_TARGET_TABLES,
          "Target tables do not match the backup: " + list(columnProblems) + ".",
          task.recoveryType().includesStructure()
              ? "Drop or fix those tables, or exclude them."
              : "Create those tables with the backup's columns, or restore with structure.");
    }
  }

  private void charsetItem(RestorePlan plan, Connection c) throws SQLException {
    Set<String> charsets = new TreeSet<>();
    Set<String> collations = new TreeSet<>();
    for (RestorePlan.Database db : plan.databases()) {
      charsets.add(db.source().characterSet());
      collations.add(db.source().collation());
      for (RestorePlan.Table t : db.tables()) {
        collect(CHARSET, t.source().createStatement(), charsets);
        collect(COLLATE, t.source().createStatement(), collations);
        t.source().columns().stream()
            .filter(col -> col.characterSet() != null)
            .forEach(col -> charsets.add(col.characterSet()));
      }
      for (List<Manifest.SchemaObject> group : db.postDataGroups()) {
        for (Manifest.SchemaObject o : group) {
          if (o.characterSetClient() != null) {
            charsets.add(o.characterSetClient());
          }
          if (o.collationConnection() != null) {
            collations.add(o.collationConnection());
          }
        }
      }
    }
    Set<String> knownCharsets = dialect.characterSets(c);
    Set<String> knownCollations = dialect.collations(c);
    List<String> missing = new ArrayList<>();
    charsets.stream()
        .filter(x -> !knownCharsets.contains(x.toLowerCase(Locale.ROOT)))
        .forEach(x -> missing.add("character set " + x));
    collations.stream()
        .filter(x -> !knownCollations.contains(x.toLowerCase(Locale.ROOT)))
        .forEach(x -> missing.add("collation " + x));
    if (missing.isEmpty()) {
      pass(Check.CHARACTER_SETS, "The target knows " + charsets + " and every collation used.");
    } else {
      fail(Check.CHARACTER_SETS, "The target does not know " + list(missing) + ".",
          "Restore into a server that has them, or convert those tables first.");
    }
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  private void packetItem(RestorePlan plan, Connection c, boolean data) throws SQLException {
    if (!data) {
      pass(Check.MAX_ALLOWED_PACKET, "Not applicable: the task writes no rows.");
      return;
    }
    long largest = 0;
    String where = null;
    for (RestorePlan.Table t : plan.tables()) {
      for (Manifest.Chunk chunk : t.source().chunks()) {
        if (chunk.largestRowBytes() != null && chunk.largestRowBytes() > largest) {
          largest = chunk.largestRowBytes();
          where = t.source().name();
        }
      }
    }
    long packet = dialect.maxAllowedPacket(c);
    // A binary value may be escaped to twice its size on the wire.
    long safe = 2 * largest + 1024;
    if (packet < largest + 1024) {
      fail(Check.MAX_ALLOWED_PACKET, "The largest row (" + largest + " bytes, in " + where
              + ") does not fit the target's max_allowed_packet of " + packet + " bytes.",
          "Raise max_allowed_packet on the target to at least " + safe + ".");
    } else if (packet < safe) {
      warn(Check.MAX_ALLOWED_PACKET, "The largest row (" + largest + " bytes, in " + where
              + ") may not fit max_allowed_packet (" + packet + " bytes) once escaped.",
          "Raise max_allowed_packet on the target to " + safe + ", or accept the warning.");
    } else {
      pass(Check.MAX_ALLOWED_PACKET,
          "max_allowed_packet " + packet + " fits the largest row (" + largest + " bytes).");
    }
  }

  private void lowerCaseItem(RestorePlan plan, Manifest.Source backup, Manifest.Source server) {
    if (backup.lowerCaseTableNames() == server.lowerCaseTableNames()) {
      pass(Check.LOWER_CASE_TABLE_NAMES,
          "Both use lower_case_table_names = " + server.lowerCaseTableNames() + ".");
      return;
    }
    Map<String, String> seen = new HashMap<>();
    List<String> collisions = new ArrayList<>();
    List<String> mixedCase = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      List<String> names = new ArrayList<>();
      names.add(db.targetName());
      db.tables().forEach(t -> names.add(db.targetName() + "." + t.targetName()));
      db.views().forEach(v -> names.add(db.targetName() + "." + v.name()));
      for (String name : names) {
        String folded = name.toLowerCase(Locale.ROOT);
        String other = seen.putIfAbsent(folded, name);
        if (other != null && !other.equals(name)) {
          collisions.add(other + " and " + name);
        }
        if (!folded.equals(name)) {
          mixedCase.add(name);
        }
      }
    }
    String cause = "lower_case_table_names is " + backup.lowerCaseTableNames()
        + " at the source and " + server.lowerCaseTableNames() + " at the target";
    if (server.lowerCaseTableNames() != 0 && !collisions.isEmpty()) {
      fail(Check.LOWER_CASE_TABLE_NAMES,
          cause + ", so these names collide: " + list(collisions) + ".",
          "Map one of each pair to another name, or use a target with the source's setting.");
    } else if (server.lowerCaseTableNames() != 0 && !mixedCase.isEmpty()) {
      warn(Check.LOWER_CASE_TABLE_NAMES,
          cause + "; these names will be stored in lower case: " + list(mixedCase) + ".",
          "Accept the warning, or use a target with the source's setting.");
    } else {
      pass(Check.LOWER_CASE_TABLE_NAMES, cause + "; no name is affected.");
    }
  }

  /**
   * Item 14: definers rewritten and foreign keys not enforced while loading are how every
   * restore runs (a notice); a foreign key to a table the task does not restore depends on what
   * the target holds (a warning).
   */
  private void definersItem(RestorePlan plan, Connection c, boolean structure, boolean data)
      throws SQLException {
    List<String> notes = new ArrayList<>();
    List<String> remedies = new ArrayList<>();
    if (structure && plan.hasPostDataObjects()) {
      String account = dialect.currentAccount(c);
      notes.add("the DEFINER of every view, routine, trigger and event becomes " + account);
      remedies.add("re-create an object as another account after the restore if it needs"
          + " another definer");
    }
    Set<String> restored = new java.util.HashSet<>();
    for (RestorePlan.Database db : plan.databases()) {
      db.tables().forEach(t -> restored.add(
          dialect.qualified(db.source().name(), t.source().name()).toLowerCase(Locale.ROOT)));
    }
    List<String> withForeignKeys = new ArrayList<>();
    List<String> unrestoredParents = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        Set<dev.dbrestore.io.jdbc.StatementChecker.Reference> references =
            dialect.foreignKeyReferences(db.source().name(), t.source().createStatement());
        if (references.isEmpty()) {
          continue;
        }
        String child = dialect.qualified(db.targetName(), t.targetName());
        withForeignKeys.add(child);
        for (var reference : references) {
          String parent = dialect.qualified(reference.database(), reference.name());
          if (!restored.contains(parent.toLowerCase(Locale.ROOT))) {
            unrestoredParents.add(child + " references " + parent);
          }
        }
      }
    }
    if (data && !withForeignKeys.isEmpty()) {
      notes.add(
          "foreign keys are not enforced while rows are loaded (" + list(withForeignKeys) + ")");
      remedies.add("none needed for tables restored together: their rows come from one"
          + " consistent backup set");
    }
    if (data && !unrestoredParents.isEmpty()) {
      warn(Check.DEFINERS_AND_FOREIGN_KEYS,
          "Rows are loaded without checking their foreign keys, and the task does not restore"
              + " the tables some of them reference (" + list(unrestoredParents) + "): a row"
              + " whose parent row is not in the target is loaded all the same. Also: "
              + String.join("; ", notes) + ".",
          "Restore the referenced tables too, or make sure the target holds their rows, then"
              + " accept the warning.");
    } else if (notes.isEmpty()) {
      pass(Check.DEFINERS_AND_FOREIGN_KEYS,
          "No definer is rewritten and no foreign key is involved.");
    } else {
      String text = String.join("; ", notes);
      String remedy = String.join("; ", remedies);
      notice(Check.DEFINERS_AND_FOREIGN_KEYS,
          Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".",
          Character.toUpperCase(remedy.charAt(0)) + remedy.substring(1) + ".");
    }
  }

  private String target(RestorePlan plan, RestorePlan.Table table) {
    for (RestorePlan.Database db : plan.databases()) {
      if (db.tables().contains(table)) {
        return dialect.qualified(db.targetName(), table.targetName());
      }
    }
    return dialect.quote(table.targetName());
  }

  private static String count(int n, String thing) {
    return n + " " + thing + (n == 1 ? "" : "s");
  }

  private static String list(List<String> values) {
    return values.size() <= 10
        ? String.join(", ", values)
        : String.join(", ", values.subList(0, 10)) + " and " + (values.size() - 10) + " more";
  }

  /**
   * Item 3: the target is not older than the backup's source, by the target dialect's reading
   * of versions.
   */
  static Item versionItem(Dialect dialect, String sourceVersion, String targetVersion) {
    Check item = Check.TARGET_VERSION;
    String tooOld;
    try {
      tooOld = dialect.versionRefusal(sourceVersion, targetVersion);
    } catch (UserError e) {
      tooOld = e.getMessage(); // a version of another kind of server (item 2 fails too)
    }
    return tooOld != null
        ? new Item(item.number(), item.title(), Result.FAILURE, tooOld,
            "Restore into a server of version " + sourceVersion + " or newer.")
        : new Item(item.number(), item.title(), Result.PASS,
            "The target runs " + targetVersion + "; the source ran " + sourceVersion + ".", "");
  }

  private void pass(Check item, String cause) {
    put(item, Result.PASS, cause, "");
  }

  private void notice(Check item, String cause, String remedy) {
    put(item, Result.NOTICE, cause, remedy);
  }

  private void warn(Check item, String cause, String remedy) {
    put(item, Result.WARNING, cause, remedy);
  }

  private void fail(Check item, String cause, String remedy) {
    put(item, Result.FAILURE, cause, remedy);
  }

  /** The first result an item gets is its result. */
  private void put(Check item, Result result, String cause, String remedy) {
    assert result.compareTo(item.level()) <= 0 : item + " reports at most " + item.level();
    items.putIfAbsent(item.number(), new Item(item.number(), item.title(), result, cause, remedy));
  }
}
