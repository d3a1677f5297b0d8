package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.AtATime;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Creates the databases, their sequences and tables (without the secondary indexes where rows
 * follow), each as item 17 checked it; an existing sequence or table is kept. It runs for every task: it also makes the
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
            c, run.target, dialect, run.plan, run.precheck.statements(), existingBefore, journal, done);
      }
    } catch (SQLException e) {
      throw new UserError("Creating the structure in the target failed: " + e.getMessage(), e);
    }
    run.existingBefore = existingBefore;
    run.done = done;
  }

  private static void createStructure(
      Connection c,
      Endpoint target,
      Dialect dialect,
      RestorePlan plan,
      CheckedStatements statements,
      Set<String> existing,
      Journal journal,
      Set<String> done)
      throws SQLException {
    dialect.prepareRestoreSession(c, plan.manifest().source());
    List<Create> creates = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    // The tables this task creates, also those a run before this one created.
    List<Ours> ours = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      Manifest.Database source = db.source();
      dialect.createDatabase(
          c,
          new Manifest.Database(
              db.targetName(), source.characterSet(), source.collation(), List.of(), List.of(),
              List.of(), List.of(), List.of(), List.of()));
      // Before the tables, whose defaults may take their next values; one that exists is kept
      // (also on a resume, which finds those a run before it created).
      for (Manifest.Sequence q : source.sequencesOrNone()) {
        String entry = "sequence " + dialect.qualified(db.targetName(), q.name());
        try {
          dialect.createSequence(c, db.targetName(), statements.create(entry));
        } catch (SQLException e) {
          throw new UserError(
              "Creating " + entry + " in the target failed: " + e.getMessage(), e);
        }
      }
      for (RestorePlan.Table table : db.tables()) {
        String name = dialect.qualified(db.targetName(), table.targetName());
        String entry = "table " + name;
        boolean exists = existing.contains(name.toLowerCase(Locale.ROOT));
        if (done.contains(entry)) {
          ours.add(new Ours(name, db.targetName(), table.targetName()));
          if (exists) {
            continue;
          }
        } else if (exists) {
          LOG.info("Keeping the existing table {} (structure conflict policy ignore)", name);
          continue;
        } else {
          entries.add(entry);
          ours.add(new Ours(name, db.targetName(), table.targetName()));
        }
        // As item 17 checked it: renamed, and without the secondary indexes where rows follow
        // (those come after the data, one ALTER per table).
        creates.add(new Create(name, db.targetName(), statements.create(entry)));
      }
    }
    // Recorded before the CREATEs (each commits on its own), all in one commit: a crash in
    // between leaves entries for tables that a resume then creates.
    c.setAutoCommit(false);
    dialect.markObjectsDone(c, journal.schema(), journal.taskId(), entries);
    c.commit();
    c.setAutoCommit(true);
    if (creates.size() < 2) {
      for (Create create : creates) {
        create.run(c, dialect);
      }
    } else {
      createTwoAtATime(target, dialect, plan, creates);
    }
    if (!plan.task().recoveryType().includesData()) {
      // Without rows to load first, foreign keys held back until every table exists are added
      // now (where the dialect holds them back); existing ones are skipped on a resume.
      for (Ours table : ours) {
        List<CheckedStatement> later = statements.deferredForeignKeys("table " + table.name());
        if (!later.isEmpty()) {
          try {
            dialect.addIndexes(c, table.database(), table.table(), later);
          } catch (SQLException e) {
            throw new UserError(
                "Adding the foreign keys of " + table.name() + " failed: " + e.getMessage(), e);
          }
        }
      }
    }
  }

  private static void createTwoAtATime(
      Endpoint target, Dialect dialect, RestorePlan plan, List<Create> creates) {
    // Two connections, each taking every other table: a schema of many tables is created in
    // about half the time (foreign keys are not checked, or where they would be are added after
    // every table, so the order does not matter).
    List<Callable<Void>> halves = new ArrayList<>();
    for (int half = 0; half < 2; half++) {
      int first = half;
      halves.add(
          () -> {
            try (Connection own = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
              dialect.prepareRestoreSession(own, plan.manifest().source());
              for (int i = first; i < creates.size(); i += 2) {
                creates.get(i).run(own, dialect);
              }
            } catch (SQLException e) {
              throw new UserError(
                  "Creating the structure in the target failed: " + e.getMessage(), e);
            }
            return null;
          });
    }
    AtATime.two(halves, "Creating the tables");
  }

  /** A table this task creates: its qualified name, database and name in the target. */
  private record Ours(String name, String database, String table) {}

  /** One table to create, as item 17 checked its statement. */
  private record Create(String name, String database, CheckedStatement statement) {
    void run(Connection c, Dialect dialect) {
      try {
        dialect.createTable(c, database, statement);
      } catch (SQLException e) {
        throw new UserError(
            "Creating table " + name + " in the target failed: " + e.getMessage(), e);
      }
    }
  }
}
