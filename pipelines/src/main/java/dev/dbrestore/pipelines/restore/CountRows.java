package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counts each restored table's rows, for the report to hold against the manifest's; after a
 * replay, against the state at the point in time (the set's counts plus the log's net changes,
 * as the replay worked them out), tables created and dropped in the window included.
 */
final class CountRows extends RestoreStage {
  CountRows() {
    super("row-count check", Timing.CHECK);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.recoveryType().includesData();
  }

  @Override
  void run(RestoreRun run) {
    Dialect dialect = run.dialect;
    List<RestoreReport.TableResult> tables = new ArrayList<>();
    try (Connection c = run.target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      if (run.replay != null) {
        run.replay.expectedRows().forEach((key, rows) -> {
          List<String> name = run.replay.tableNames().get(key);
          tables.add(new RestoreReport.TableResult(name.get(0), name.get(1), rows,
              run.precheck.rowsBefore().getOrDefault(dialect.qualified(name.get(0), name.get(1)),
                  0L),
              count(dialect, c, name.get(0), name.get(1))));
        });
        run.tables = tables;
        return;
      }
      for (RestorePlan.Database db : run.plan.databases()) {
        List<String> names = new ArrayList<>();
        db.tables().forEach(t -> names.add(t.targetName()));
        Map<String, Long> counts = dialect.countRows(c, db.targetName(), names);
        for (RestorePlan.Table t : db.tables()) {
          String name = dialect.qualified(db.targetName(), t.targetName());
          tables.add(
              new RestoreReport.TableResult(
                  db.targetName(),
                  t.targetName(),
                  t.source().rowCount(),
                  run.precheck.rowsBefore().getOrDefault(name, 0L),
                  counts.get(t.targetName())));
        }
      }
    } catch (SQLException e) {
      throw new UserError("Counting the restored rows failed: " + e.getMessage(), e);
    }
    run.tables = tables;
  }

  private static long count(Dialect dialect, Connection c, String database, String table) {
    try {
      return dialect.countRows(c, database, table);
    } catch (SQLException e) {
      throw new UserError("Counting the rows of " + dialect.qualified(database, table)
          + " failed: " + e.getMessage(), e);
    }
  }
}
