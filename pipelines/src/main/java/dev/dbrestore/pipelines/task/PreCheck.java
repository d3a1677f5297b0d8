package dev.dbrestore.pipelines.task;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks a restore task passes before anything is written. Every item reports pass,
 * warning or failure with its cause and remedy; a failure blocks the task, and a warning blocks
 * it unless the user accepted it.
 */
public final class PreCheck {
  /** The outcome of one item. */
  public enum Result {
    PASS,
    WARNING,
    FAILURE
  }

  /** One checked item. */
  public record Item(int number, String name, Result result, String cause, String remedy) {}

  /** Every item, and what the restore needs from the checks: the plan and the rows found. */
  public record Report(List<Item> items, RestorePlan plan, Map<String, Long> rowsBefore) {
    public boolean failed() {
      return items.stream().anyMatch(i -> i.result() == Result.FAILURE);
    }

    public List<Item> failures() {
      return items.stream().filter(i -> i.result() == Result.FAILURE).toList();
    }

    public List<Item> warnings() {
      return items.stream().filter(i -> i.result() == Result.WARNING).toList();
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

  static final String[] NAMES = {
    "",
    "target reachable",
    "same kind of database",
    "target version",
    "privileges",
    "same-name objects",
    "existing rows",
    "mapping with views or routines",
    "backup set complete",
    "character sets and collations",
    "max_allowed_packet",
    "lower_case_table_names",
    "target writable",
    "tables without primary key",
    "definers and foreign keys",
    "data-only target tables",
    "identifiers",
    "object selection"
  };

  private static final Pattern CHARSET =
      Pattern.compile("(?:CHARACTER SET|CHARSET)[ =]+([A-Za-z0-9_]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern COLLATE =
      Pattern.compile("COLLATE[ =]+([A-Za-z0-9_]+)", Pattern.CASE_INSENSITIVE);

  private final RestoreTask task;
  private final Dialect dialect;
  private final Map<Integer, Item> items = new java.util.TreeMap<>();
  private final Map<String, Long> rowsBefore = new LinkedHashMap<>();
  private Resume resume = Resume.NONE;

  private PreCheck(RestoreTask task, Dialect dialect) {
    this.task = task;
    this.dialect = dialect;
  }

  /**
   * Runs every item. {@code set} opens the backup set (and may fail); {@code target} names the
   * target server. Never throws for a check that fails: the report says it.
   */
  public static Report run(
      RestoreTask task, Supplier<BackupSet> set, ConnectionSpec target, Dialect dialect) {
    return run(task, set, target, dialect, Resume.NONE);
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
      RestoreTask task,
      Supplier<BackupSet> set,
      ConnectionSpec target,
      Dialect dialect,
      Resume resume) {
    PreCheck check = new PreCheck(task, dialect);
    check.resume = resume;
    RestorePlan plan = null;
    BackupSet backupSet = null;
    try {
      backupSet = set.get();
      backupSet.checkChunksPresent();
      backupSet.verifyChunkContents();
      check.pass(
          8,
          "The manifest is valid; every chunk is present with its size, SHA-256 and columns.");
    } catch (UserError e) {
      check.fail(8, e.getMessage(), "Choose a complete backup set (dbrestore backups list).");
    }
    if (backupSet != null) {
      try {
        plan = RestorePlan.of(task, backupSet);
      } catch (RestorePlan.NothingSelected e) {
        check.fail(17, e.getMessage(), "Fix the task's include and exclude patterns.");
        // The mapping's names were found; with nothing selected, no view meets the mapping.
        check.pass(7, check.task.hasMapping()
            ? "The mapping names databases and tables the backup set has." : "No mapping.");
      } catch (UserError e) {
        check.fail(7, e.getMessage(), "Fix the task's objects or mapping.");
      }
    }
    Connection connection = null;
    try {
      connection = target.open(dialect, Map.of());
      check.pass(1, "Connected to " + target + ".");
    } catch (SQLException e) {
      check.fail(
          1,
          dialect.explainConnectFailure(e, target, "target").getMessage(),
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
    for (int number = 1; number < NAMES.length; number++) {
      check.items.putIfAbsent(
          number,
          new Item(
              number,
              NAMES[number],
              Result.FAILURE,
              "Not checked: " + (backupSet == null || plan == null
                  ? "the backup set or the task's selection could not be read."
                  : "the target could not be reached."),
              "Fix the failures above, then run the pre-check again."));
    }
    return new Report(List.copyOf(check.items.values()), plan, check.rowsBefore);
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
          7,
          "The task maps names and also restores views, functions, procedures, triggers or"
              + " events (" + list(objects) + "), whose bodies name the original objects.",
          "Exclude those objects, or restore without a mapping.");
    } else {
      pass(7, task.hasMapping() ? "The mapping applies to tables only." : "No mapping.");
    }
    List<String> keyless = new ArrayList<>();
    for (RestorePlan.Table t : plan.tables()) {
      if (t.source().primaryKey().isEmpty()) {
        keyless.add(target(plan, t));
      }
    }
    if (data && task.dataConflict() != DataConflictPolicy.STOP && !keyless.isEmpty()) {
      warn(
          13,
          "Tables without a primary key: " + list(keyless) + ". The data conflict policy "
              + task.dataConflict().name().toLowerCase(Locale.ROOT)
              + " cannot recognise a duplicate row there; every backup row is written.",
          "Accept the warning, or empty those tables first.");
    } else {
      pass(13, keyless.isEmpty() ? "Every table has a primary key." : "Not applicable.");
    }
  }

  /**
   * MySQL and MariaDB hold identifiers of at most 64 characters from the Basic Multilingual
   * Plane, without NUL and not ending in a space.
   */
  private void identifiersItem(RestorePlan plan) {
    List<String> bad = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      checkIdentifier(db.targetName(), "database", bad);
      db.tables().forEach(t -> checkIdentifier(t.targetName(), "table", bad));
      db.postDataGroups().forEach(g -> g.forEach(o -> checkIdentifier(o.name(), "object", bad)));
    }
    if (bad.isEmpty()) {
      pass(16, "Every target name is one the target can hold.");
    } else {
      fail(16, "The target cannot hold these names: " + list(bad) + ".",
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
      fail(2, "The backup is of " + backup.kind() + " and the target is " + server.kind() + ".",
          "Restore into a " + backup.kind() + " server.");
    } else {
      pass(2, "Both are " + server.kind() + ".");
    }
    if (compareVersions(server.version(), backup.version()) < 0) {
      fail(3, "The target runs " + server.version() + ", older than the backup's source "
              + backup.version() + ".",
          "Restore into a server of version " + backup.version() + " or newer.");
    } else {
      pass(3, "The target runs " + server.version() + "; the source ran " + backup.version() + ".");
    }

    privilegesItem(plan, c, structure, data);
    sameNameItem(plan, c, structure);
    rowsAndColumnsItems(plan, c, data);
    charsetItem(plan, c);
    packetItem(plan, c, data);
    lowerCaseItem(plan, backup, server);
    if (dialect.isReadOnly(c)) {
      fail(12, "The target is read-only (read_only is ON).",
          "Turn read_only off on the target, or restore into a writable server.");
    } else {
      pass(12, "The target accepts writes.");
    }
    definersItem(plan, c, structure, data);
    selectionItem(plan, c, structure);
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
      pass(17, matched + ".");
      return;
    }
    String cycle = PostDataOrder.cycle(plan, dialect);
    if (cycle != null) {
      fail(17, cycle, "Exclude one of those views, or fix them at the source and back up again.");
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
      pass(17, matched + "; no view needs an object the task leaves out.");
    } else {
      String text =
          String.join("; ", missing.subList(0, Math.min(10, missing.size())))
              + (missing.size() > 10 ? "; and " + (missing.size() - 10) + " more" : "");
      fail(17, Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".",
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
      pass(4, "The restoring account has every privilege the task needs.");
    } else {
      fail(4, "The restoring account lacks " + list(missing) + ".",
          "Grant those privileges to the restoring account.");
    }
  }

  private void sameNameItem(RestorePlan plan, Connection c, boolean structure)
      throws SQLException {
    if (!structure) {
      pass(5, "Not applicable: the task creates no objects.");
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
      pass(5, "No object of the same name exists in the target.");
    } else if (task.structureConflict() == StructureConflictPolicy.STOP) {
      fail(5, "The target already has " + list(existing) + ".",
          "Drop them, choose another target or mapping, or set conflicts.structure: ignore.");
    } else {
      warn(5, "The target already has " + list(existing) + "; they are kept as they are.",
          "Accept the warning to keep them and continue.");
    }
  }

  private void rowsAndColumnsItems(RestorePlan plan, Connection c, boolean data)
      throws SQLException {
    List<String> withRows = new ArrayList<>();
    List<String> columnProblems = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        Map<String, String> columns = dialect.columnTypes(c, db.targetName(), t.targetName());
        String name = dialect.qualified(db.targetName(), t.targetName());
        if (columns.isEmpty()) {
          if (!task.recoveryType().includesStructure()) {
            columnProblems.add(name + " is missing");
          }
          continue;
        }
        // Rows an interrupted run of this task wrote are its own, not the target's.
        long rows =
            dialect.countRows(c, db.targetName(), t.targetName())
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
      pass(6, "Not applicable: the task writes no rows.");
      pass(15, "Not applicable: the task writes no rows.");
      return;
    }
    if (withRows.isEmpty()) {
      pass(6, "No selected table in the target holds rows.");
    } else if (task.dataConflict() == DataConflictPolicy.STOP) {
      fail(6, "Selected tables in the target already hold rows: " + list(withRows) + ".",
          "Empty them, or set conflicts.data to ignore or overwrite.");
    } else {
      warn(6, "Selected tables in the target already hold rows: " + list(withRows)
              + "; rows whose key exists will be "
              + (task.dataConflict() == DataConflictPolicy.IGNORE ? "kept" : "replaced") + ".",
          "Accept the warning to continue.");
    }
    if (columnProblems.isEmpty()) {
      pass(15, "Every existing target table has the backup's columns.");
    } else {
      fail(15, "Target tables do not match the backup: " + list(columnProblems) + ".",
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
      pass(9, "The target knows " + charsets + " and every collation used.");
    } else {
      fail(9, "The target does not know " + list(missing) + ".",
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
      pass(10, "Not applicable: the task writes no rows.");
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
      fail(10, "The largest row (" + largest + " bytes, in " + where
              + ") does not fit the target's max_allowed_packet of " + packet + " bytes.",
          "Raise max_allowed_packet on the target to at least " + safe + ".");
    } else if (packet < safe) {
      warn(10, "The largest row (" + largest + " bytes, in " + where
              + ") may not fit max_allowed_packet (" + packet + " bytes) once escaped.",
          "Raise max_allowed_packet on the target to " + safe + ", or accept the warning.");
    } else {
      pass(10, "max_allowed_packet " + packet + " fits the largest row (" + largest + " bytes).");
    }
  }

  private void lowerCaseItem(RestorePlan plan, Manifest.Source backup, Manifest.Source server) {
    if (backup.lowerCaseTableNames() == server.lowerCaseTableNames()) {
      pass(11, "Both use lower_case_table_names = " + server.lowerCaseTableNames() + ".");
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
      fail(11, cause + ", so these names collide: " + list(collisions) + ".",
          "Map one of each pair to another name, or use a target with the source's setting.");
    } else if (server.lowerCaseTableNames() != 0 && !mixedCase.isEmpty()) {
      warn(11, cause + "; these names will be stored in lower case: " + list(mixedCase) + ".",
          "Accept the warning, or use a target with the source's setting.");
    } else {
      pass(11, cause + "; no name is affected.");
    }
  }

  private void definersItem(RestorePlan plan, Connection c, boolean structure, boolean data)
      throws SQLException {
    List<String> notes = new ArrayList<>();
    if (structure && plan.hasPostDataObjects()) {
      String account;
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet r = s.executeQuery("SELECT CURRENT_USER()")) {
        r.next();
        account = r.getString(1);
      }
      notes.add("the DEFINER of every view, routine, trigger and event becomes " + account);
    }
    List<String> withForeignKeys =
        plan.tables().stream()
            .filter(t -> t.source().createStatement().toUpperCase(Locale.ROOT)
                .contains("FOREIGN KEY"))
            .map(t -> target(plan, t))
            .toList();
    if (data && !withForeignKeys.isEmpty()) {
      notes.add(
          "foreign keys are not enforced while rows are loaded (" + list(withForeignKeys) + ")");
    }
    if (notes.isEmpty()) {
      pass(14, "No definer is rewritten and no foreign key is involved.");
    } else {
      String text = String.join("; ", notes);
      warn(14, Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".",
          "Accept the warning: this is how every restore runs.");
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

  private void pass(int n, String cause) {
    items.putIfAbsent(n, new Item(n, NAMES[n], Result.PASS, cause, ""));
  }

  private void warn(int n, String cause, String remedy) {
    items.putIfAbsent(n, new Item(n, NAMES[n], Result.WARNING, cause, remedy));
  }

  private void fail(int n, String cause, String remedy) {
    items.putIfAbsent(n, new Item(n, NAMES[n], Result.FAILURE, cause, remedy));
  }

  /** Compares dotted version numbers by their first three numbers. */
  public static int compareVersions(String a, String b) {
    int[] x = versionNumbers(a);
    int[] y = versionNumbers(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  private static int[] versionNumbers(String version) {
    int[] numbers = new int[3];
    String[] parts = version.split("[^0-9]+", 4);
    for (int i = 0; i < 3 && i < parts.length; i++) {
      numbers[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
    }
    return numbers;
  }
}
