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

/** Counts each restored table's rows, for the report to hold against the manifest's. */
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
      for (RestorePlan.Database db : run.plan.databases()) {
        for (RestorePlan.Table t : db.tables()) {
          String name = dialect.qualified(db.targetName(), t.targetName());
          tables.add(
              new RestoreReport.TableResult(
                  db.targetName(),
                  t.targetName(),
                  t.source().rowCount(),
                  run.precheck.rowsBefore().getOrDefault(name, 0L),
                  dialect.countRows(c, db.targetName(), t.targetName())));
        }
      }
    } catch (SQLException e) {
      throw new UserError("Counting the restored rows failed: " + e.getMessage(), e);
    }
    run.tables = tables;
  }
}
