package dev.dbrestore.pipelines.precheck;

import dev.dbrestore.io.jdbc.CheckedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements pre-check item 17 checked, in the form they run, by the journal entry of what
 * they create ("table `db`.`t`", "view `db`.`v`", ...). The structure and post-data stages run
 * these and nothing else.
 */
public final class CheckedStatements {
  private final Map<String, CheckedStatement> creates = new HashMap<>();
  private final Map<String, List<CheckedStatement>> indexes = new HashMap<>();

  private final Map<String, List<CheckedStatement>> foreignKeys = new HashMap<>();

  void add(String entry, CheckedStatement create, List<CheckedStatement> deferredIndexes) {
    add(entry, create, deferredIndexes, List.of());
  }

  void add(
      String entry, CheckedStatement create, List<CheckedStatement> deferredIndexes,
      List<CheckedStatement> deferredForeignKeys) {
    creates.put(entry, create);
    indexes.put(entry, List.copyOf(deferredIndexes));
    foreignKeys.put(entry, List.copyOf(deferredForeignKeys));
  }

  /** The checked CREATE statement of an entry; fails if the pre-check did not check it. */
  public CheckedStatement create(String entry) {
    CheckedStatement create = creates.get(entry);
    if (create == null) {
      throw new IllegalStateException("The pre-check did not check the statement of " + entry);
    }
    return create;
  }

  /** The checked index definitions deferred from a table's CREATE statement. */
  public List<CheckedStatement> deferredIndexes(String entry) {
    List<CheckedStatement> definitions = indexes.get(entry);
    if (definitions == null) {
      throw new IllegalStateException("The pre-check did not check the indexes of " + entry);
    }
    return definitions;
  }

  /**
   * The checked foreign keys held back from a table's CREATE statement until every table (and
   * index) exists, where the dialect holds them back; empty otherwise.
   */
  public List<CheckedStatement> deferredForeignKeys(String entry) {
    List<CheckedStatement> definitions = foreignKeys.get(entry);
    if (definitions == null) {
      throw new IllegalStateException("The pre-check did not check the foreign keys of " + entry);
    }
    return definitions;
  }

  int size() {
    return creates.size();
  }
}
