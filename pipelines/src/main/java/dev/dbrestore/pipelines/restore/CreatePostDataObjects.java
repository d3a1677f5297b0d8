package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.precheck.CheckedStatements;
import dev.dbrestore.pipelines.task.EventStatus;
import dev.dbrestore.pipelines.task.PostDataOrder;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.StructureConflictPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Creates the views, routines, triggers and events, after the data. */
final class CreatePostDataObjects extends RestoreStage {
  CreatePostDataObjects() {
    super("post-data objects", Timing.POST_DATA);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.recoveryType().includesStructure();
  }

  @Override
  void run(RestoreRun run) {
    Dialect dialect = run.dialect;
    try (Connection c = run.target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      run.objectsCreated =
          createPostDataObjects(
              c, dialect, run.plan, run.precheck.statements(), run.existingBefore, run.journal,
              run.done);
    } catch (SQLException e) {
      throw postDataFailure(
          "Creating views, routines, triggers or events failed: " + e.getMessage(), run.plan,
          run.journal, e);
    }
  }

  /**
   * Creates the views, routines, triggers and events in the order {@link PostDataOrder} gives:
   * routines, views after what they read, then triggers and events; each with the restoring
   * account as definer. Existing ones are kept (structure conflict policy ignore; with stop the
   * pre-check made sure there are none). A failure says what is already restored and how to
   * finish.
   */
  private static int createPostDataObjects(
      Connection c,
      Dialect dialect,
      RestorePlan plan,
      CheckedStatements statements,
      Set<String> existing,
      Journal journal,
      Set<String> done)
      throws SQLException {
    int created = 0;
    List<PostDataOrder.Step> steps = PostDataOrder.of(plan, dialect);
    for (PostDataOrder.Step step : steps) {
      RestorePlan.Database db = step.database();
      Manifest.SchemaObject object = step.object();
      String name = dialect.qualified(db.targetName(), object.name());
      String entry = step.kind() + " " + name;
      boolean exists = currentlyExists(c, dialect, db.targetName(), step.kind(), name);
      if (done.contains(entry)) {
        if (exists) {
          continue;
        }
      } else if (existing.contains(name.toLowerCase(Locale.ROOT))
          && plan.task().structureConflict() == StructureConflictPolicy.IGNORE) {
        LOG.info(
            "Keeping the existing {} {} (structure conflict policy ignore)", step.kind(), name);
        continue;
      } else {
        dialect.markObjectDone(c, journal.schema(), journal.taskId(), entry);
      }
      boolean disable =
          step.kind().equals("event") && plan.task().events() == EventStatus.DISABLE;
      try {
        // Checked and created DISABLE (item 17 checked the rewritten statement), and disabled
        // again at once: "restored, not running" does not rest on one rewrite.
        dialect.createSchemaObject(c, db.targetName(), statements.create(entry));
        if (disable) {
          dialect.disableEvent(c, db.targetName(), object.name());
        }
        created++;
      } catch (SQLException e) {
        throw postDataFailure(
            "Creating " + entry + " in the target failed: " + e.getMessage(), plan, journal, e);
      }
    }
    return created;
  }

  /**
   * A failure of the post-data stage: the tables (and rows) are in the target by then, and a
   * resume creates what is missing.
   */
  private static UserError postDataFailure(
      String what, RestorePlan plan, Journal journal, Exception cause) {
    String restored =
        plan.task().recoveryType().includesData() ? "Tables and rows are" : "Tables are";
    return new UserError(
        what.replaceAll("[.\\s]+$", "") + ". " + restored + " restored; views, routines,"
            + " triggers or events are not: fix this and run `dbrestore restore --resume "
            + journal.taskId() + "`.",
        cause);
  }

  private static boolean currentlyExists(
      Connection c, Dialect dialect, String database, String kind, String qualifiedName)
      throws SQLException {
    return dialect.existingObjects(c, database).stream()
        .anyMatch(o -> o.equalsIgnoreCase(kind + " " + qualifiedName));
  }
}
