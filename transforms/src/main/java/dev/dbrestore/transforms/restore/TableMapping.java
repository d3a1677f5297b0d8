package dev.dbrestore.transforms.restore;

import java.io.Serializable;
import java.util.Map;

/**
 * Target names for restored databases and tables. Empty means every object keeps its name; the
 * restore-task work fills it from the task's mapping.
 */
public record TableMapping(Map<String, String> databases, Map<String, String> tables)
    implements Serializable {

  public static TableMapping identity() {
    return new TableMapping(Map.of(), Map.of());
  }

  public String targetDatabase(String sourceDatabase) {
    return databases.getOrDefault(sourceDatabase, sourceDatabase);
  }

  /** Tables are keyed "database.table" by their source names. */
  public String targetTable(String sourceDatabase, String sourceTable) {
    return tables.getOrDefault(sourceDatabase + "." + sourceTable, sourceTable);
  }
}
