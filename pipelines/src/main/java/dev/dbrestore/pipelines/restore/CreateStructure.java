package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.precheck.CheckedStatements;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Creates the databases and tables (without the secondary indexes where rows follow), each as
 * item 17 checked it; an existing table is kept. It runs for every task: it also makes the
 * journal and learns what the target held and what the journal has, which later stages need.
 */
final class CreateStructure extends RestoreStage {
  CreateStructure() {
    super("structure", Timing.STRUCTURE);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return true;
  }

  @Override
  void run(RestoreRun run) {
    Dialect dialect = run.dialect;
    Journal journal = run.journal;
    Set<String> existingBefore = new HashSet<>();
    Set<String> done;
    try (Connection c = run.target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      dialect.createJournal(c, journal.schema());
      done = new HashSet<>(dialect.objectsDone(c, journal.schema(), journal.taskId()));
      for (RestorePlan.Database db : run.plan.databases()) {
        for (String object : dialect.existingObjects(c, db.targetName())) {
          existingBefore.add(Dialect.objectName(object));
        }
      }
      if (run.task.recoveryType().includesStructure()) {
        createStructure(
            c, dialect, run.plan, run.precheck.statements(), existingBefore, journal, done);
      }
    } catch (SQLException e) {
      throw new UserError("Creating the structure in the target failed: " + e.getMessage(), e);
    }
    run.existingBefore = existingBefore;
    run.done = done;
  }

  private static void createStructure(
      Connection c,
      Dialect dialect,
      RestorePlan plan,
      CheckedStatements statements,
      Set<String> existing,
      Journal journal,
      Set<String> done)
      throws SQLException {
    dialect.prepareRestoreSession(c, plan.manifest().source());
    for (RestorePlan.Database db : plan.databases()) {
      Manifest.Database source = db.source();
      dialect.createDatabase(
          c,
          new Manifest.Database(
              db.targetName(), source.characterSet(), source.collation(), List.of(), List.of(),
              List.of(), List.of(), List.of(), List.of()));
      for (RestorePlan.Table table : db.tables()) {
        String name = dialect.qualified(db.targetName(), table.targetName());
        String entry = "table " + name;
        boolean exists = existing.contains(name.toLowerCase(Locale.ROOT));
        if (done.contains(entry)) {
          if (exists) {
            continue;
          }
        } else if (exists) {
          LOG.info("Keeping the existing table {} (structure conflict policy ignore)", name);
          continue;
        } else {
          // Recorded before the CREATE (which commits on its own): a crash in between leaves an
          // entry for a table that a resume then creates.
          dialect.markObjectDone(c, journal.schema(), journal.taskId(), entry);
        }
        // As item 17 checked it: renamed, and without the secondary indexes where rows follow
        // (those come after the data, one ALTER per table).
        CheckedStatement create = statements.create(entry);
        try {
          dialect.createTable(c, db.targetName(), create);
        } catch (SQLException e) {
          throw new UserError(
              "Creating table " + name + " in the target failed: " + e.getMessage(), e);
        }
      }
    }
  }

}
