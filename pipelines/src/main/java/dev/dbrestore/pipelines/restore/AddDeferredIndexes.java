package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.precheck.CheckedStatements;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adds the secondary indexes held back from the tables this task created, once their rows are
 * in: one ALTER per table, two tables at a time; then the foreign keys the dialect holds back
 * until every table exists, one at a time.
 */
final class AddDeferredIndexes extends RestoreStage {
  AddDeferredIndexes() {
    super("secondary indexes", Timing.INDEXES);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.recoveryType().includesData() && task.recoveryType().includesStructure();
  }

  @Override
  void run(RestoreRun run) {
    addDeferredIndexes(run.target, run.plan, run.precheck.statements(), run.journal);
  }

  private static void addDeferredIndexes(
      Endpoint target, RestorePlan plan, CheckedStatements statements, Journal journal) {
    Dialect dialect = target.dialect();
    Set<String> created;
    try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      created = dialect.objectsDone(c, journal.schema(), journal.taskId());
    } catch (SQLException e) {
      throw new UserError("Adding the secondary indexes failed: " + e.getMessage(), e);
    }
    // One ALTER per table builds its indexes on one server thread: two tables at a time.
    List<java.util.concurrent.Callable<Void>> alters = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        String name = dialect.qualified(db.targetName(), t.targetName());
        List<CheckedStatement> indexes =
            created.contains("table " + name)
                ? statements.deferredIndexes("table " + name)
                : List.of();
        if (!indexes.isEmpty()) {
          alters.add(
              () -> {
                try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
                  dialect.addIndexes(c, db.targetName(), t.targetName(), indexes);
                } catch (SQLException e) {
                  throw new UserError(
                      "Adding the secondary indexes of " + name + " failed: " + e.getMessage(),
                      e);
                }
                return null;
              });
        }
      }
    }
    dev.dbrestore.io.AtATime.two(alters, "Adding the secondary indexes");
    addForeignKeys(target, plan, statements, created);
  }

  /**
   * The foreign keys held back until every table exists, once every index is built too (one
   * may reference a unique index added above): one at a time, so two that reference each
   * other's tables never wait on each other's locks.
   */
  private static void addForeignKeys(
      Endpoint target, RestorePlan plan, CheckedStatements statements, Set<String> created) {
    Dialect dialect = target.dialect();
    List<RestorePlan.Database> dbs = new ArrayList<>();
    List<RestorePlan.Table> tables = new ArrayList<>();
    List<List<CheckedStatement>> keys = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        String entry = "table " + dialect.qualified(db.targetName(), t.targetName());
        if (created.contains(entry) && !statements.deferredForeignKeys(entry).isEmpty()) {
          dbs.add(db);
          tables.add(t);
          keys.add(statements.deferredForeignKeys(entry));
        }
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      for (int i = 0; i < keys.size(); i++) {
        String name = dialect.qualified(dbs.get(i).targetName(), tables.get(i).targetName());
        try {
          dialect.addIndexes(c, dbs.get(i).targetName(), tables.get(i).targetName(), keys.get(i));
        } catch (SQLException e) {
          throw new UserError(
              "Adding the foreign keys of " + name + " failed: " + e.getMessage(), e);
        }
      }
    } catch (SQLException e) {
      throw new UserError("Adding the foreign keys failed: " + e.getMessage(), e);
    }
  }
}
