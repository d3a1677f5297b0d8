package dev.dbrestore.pipelines.task;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a task restores from a backup set: the selected databases, tables and objects, each with
 * its target name. Stages and pre-check items read this, never the raw selection.
 */
public record RestorePlan(
    RestoreTask task, Manifest manifest, String setLocation, List<Database> databases) {

  /** A database to restore and what of it. */
  public record Database(
      Manifest.Database source,
      String targetName,
      List<Table> tables,
      List<Manifest.SchemaObject> views,
      List<Manifest.SchemaObject> functions,
      List<Manifest.SchemaObject> procedures,
      List<Manifest.SchemaObject> triggers,
      List<Manifest.SchemaObject> events) {

    /** The post-data objects, kind by kind in creation order. */
    public List<List<Manifest.SchemaObject>> postDataGroups() {
      return List.of(views, functions, procedures, triggers, events);
    }
  }

  /** The selection matches no database or object of the backup set. */
  public static final class NothingSelected extends UserError {
    private static final long serialVersionUID = 1L;

    NothingSelected(String message) {
      super(message);
    }
  }

  /** A table to restore and its name in the target. */
  public record Table(Manifest.Table source, String targetName) {}

  /** Applies the task's selection and mapping to the backup set's manifest. */
  public static RestorePlan of(RestoreTask task, BackupSet set) {
    Manifest manifest = set.manifest();
    checkMappingNamesExist(task, manifest);
    ObjectSelection objects = task.objects();
    List<Database> databases = new ArrayList<>();
    for (Manifest.Database db : manifest.databases()) {
      if (!objects.selectsDatabase(db.name())) {
        continue;
      }
      List<Table> tables = new ArrayList<>();
      Set<String> tableNames = new HashSet<>();
      for (Manifest.Table table : db.tables()) {
        if (objects.selects(ObjectKind.TABLES, db.name(), table.name())) {
          tables.add(new Table(table, task.targetTable(db.name(), table.name())));
          tableNames.add(table.name());
        }
      }
      List<Manifest.SchemaObject> triggers = new ArrayList<>();
      for (Manifest.SchemaObject trigger : select(objects, ObjectKind.TRIGGERS, db, db.triggers())) {
        if (tableNames.contains(trigger.table())) {
          triggers.add(trigger);
        }
      }
      Database planned =
          new Database(
              db,
              task.targetDatabase(db.name()),
              tables,
              select(objects, ObjectKind.VIEWS, db, db.views()),
              select(objects, ObjectKind.FUNCTIONS, db, db.functions()),
              select(objects, ObjectKind.PROCEDURES, db, db.procedures()),
              triggers,
              select(objects, ObjectKind.EVENTS, db, db.events()));
      boolean empty =
          tables.isEmpty() && planned.postDataGroups().stream().allMatch(List::isEmpty);
      // A database selected as a whole comes back even without objects (an empty database
      // is one a DBA expects back); one only reached through object patterns does not.
      if (!empty || objects.selectsWholeDatabases()) {
        databases.add(planned);
      }
    }
    if (databases.isEmpty()) {
      throw new NothingSelected(
          "The task's object selection matches nothing in the backup set; check the include and"
              + " exclude patterns.");
    }
    return new RestorePlan(task, manifest, set.location(), databases);
  }

  private static List<Manifest.SchemaObject> select(
      ObjectSelection objects,
      ObjectKind kind,
      Manifest.Database db,
      List<Manifest.SchemaObject> all) {
    return all.stream().filter(o -> objects.selects(kind, db.name(), o.name())).toList();
  }

  private static void checkMappingNamesExist(RestoreTask task, Manifest manifest) {
    Set<String> databases = new HashSet<>();
    Set<String> tables = new HashSet<>();
    for (Manifest.Database db : manifest.databases()) {
      databases.add(db.name());
      db.tables().forEach(t -> tables.add(db.name() + "." + t.name()));
    }
    for (String name : task.databaseMapping().keySet()) {
      if (!databases.contains(name)) {
        throw new UserError(
            "The mapping names database " + name + ", which the backup set does not have.");
      }
    }
    for (String name : task.tableMapping().keySet()) {
      if (!tables.contains(name)) {
        throw new UserError(
            "The mapping names table " + name + ", which the backup set does not have"
                + " (write tables as database.table).");
      }
    }
  }

  public List<Table> tables() {
    return databases.stream().flatMap(d -> d.tables().stream()).toList();
  }

  /** Whether views, functions, procedures, triggers or events are selected. */
  public boolean hasPostDataObjects() {
    return databases.stream()
        .anyMatch(d -> d.postDataGroups().stream().anyMatch(g -> !g.isEmpty()));
  }
}
