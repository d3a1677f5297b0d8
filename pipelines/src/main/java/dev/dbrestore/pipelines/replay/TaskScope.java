package dev.dbrestore.pipelines.replay;

import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.pipelines.task.ObjectKind;
import dev.dbrestore.pipelines.task.ObjectSelection;
import dev.dbrestore.transforms.restore.TableMapping;
import java.util.Set;

/**
 * What a replay touches: tables of the backup set's databases that the task's selection selects,
 * under the task's mapping. Changes of other databases in the source's log (the log is the
 * server's, not the set's) are not replayed.
 */
record TaskScope(Set<String> databases, ObjectSelection selection, TableMapping mapping)
    implements ChangeWriter.Scope {

  @Override
  public boolean selectsDatabase(String database) {
    return database != null && databases.contains(database) && selection.selectsDatabase(database);
  }

  @Override
  public boolean selectsTable(String database, String table) {
    return selectsDatabase(database) && table != null
        && selection.selects(ObjectKind.TABLES, database, table);
  }

  @Override
  public boolean selectsObject(String kind, String database, String name) {
    ObjectKind objects = switch (kind) {
      case "VIEW" -> ObjectKind.VIEWS;
      case "FUNCTION" -> ObjectKind.FUNCTIONS;
      case "PROCEDURE" -> ObjectKind.PROCEDURES;
      default -> throw new IllegalArgumentException("Not a view or routine: " + kind);
    };
    return selectsDatabase(database) && name != null
        && selection.selects(objects, database, name);
  }

  @Override
  public boolean mapsNames() {
    return !mapping.databases().isEmpty() || !mapping.tables().isEmpty();
  }

  @Override
  public String targetDatabase(String database) {
    return mapping.targetDatabase(database);
  }

  @Override
  public String targetTable(String database, String table) {
    return mapping.targetTable(database, table);
  }
}
