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
 * Adds the secondary indexes (and foreign keys, where the dialect holds them back until every
 * table exists) held back from the tables this task created, once their rows are
 * in: one ALTER per table, two tables at a time.
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
    dev.dbrestore.io.TwoAtATime.run(alters, "Adding the secondary indexes");
  }
}
