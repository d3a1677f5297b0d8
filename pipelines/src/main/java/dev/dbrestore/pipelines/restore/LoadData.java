package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.FaultInjection;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.Failures;
import dev.dbrestore.pipelines.progress.JournalChunks;
import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.transforms.restore.ApplyConflictPolicy;
import dev.dbrestore.transforms.restore.ChunkBatches;
import dev.dbrestore.transforms.restore.ChunkWriteCoder;
import dev.dbrestore.transforms.restore.MapTables;
import dev.dbrestore.transforms.restore.TableMapping;
import dev.dbrestore.transforms.restore.WriteChunks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;

/**
 * Writes the rows: the dialect's statements before any table's chunks (where it has them,
 * constraints unchecked and triggers off), a Beam pipeline over every chunk, a transaction per
 * chunk with its journal entry (small chunks batched, each with its entry, see {@link
 * ChunkBatches}), run again (done chunks skipped) after a failure outside a chunk's own writing,
 * then the dialect's statements after every table's chunks (constraints checked again, triggers
 * on); its progress (rows and bytes of the chunks the journal has done) is shown and saved in
 * the task record meanwhile ("data: N of M chunks" and the figures).
 */
final class LoadData extends RestoreStage {
  /** A CREATE TABLE as SHOW CREATE TABLE prints it, whose engine is InnoDB. */
  private static final Pattern INNODB =
      Pattern.compile("^\\) ENGINE=InnoDB\\b", Pattern.MULTILINE);

  LoadData() {
    super("data", Timing.DATA);
  }

  @Override
  boolean runsFor(RestoreTask task) {
    return task.recoveryType().includesData();
  }

  @Override
  void run(RestoreRun run) {
    run.written = restoreData(run.options, run.plan, run.target, run.journal, run);
    run.save(run.record().withRowsWritten(run.written));
  }

  /** Runs the data pipeline; returns rows written per target table. */
  private static Map<String, Long> restoreData(
      PipelineOptions options,
      RestorePlan plan,
      Endpoint target,
      Journal journal,
      RestoreRun run) {
    Dialect dialect = target.dialect();
    RestoreTask task = plan.task();
    List<ChunkWrite> work = new ArrayList<>();
    List<ChunkWrite> batchable = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table table : db.tables()) {
        boolean transactional =
            task.recoveryType().includesStructure()
                && INNODB.matcher(table.source().createStatement()).find()
                && !run.existingBefore.contains(
                    dialect.qualified(db.targetName(), table.targetName())
                        .toLowerCase(Locale.ROOT));
        for (Manifest.Chunk chunk : table.source().chunks()) {
          ChunkWrite write =
              new ChunkWrite(
                  plan.setLocation(),
                  db.source().name(),
                  table.source().name(),
                  db.source().name(),
                  table.source().name(),
                  chunk,
                  table.source().storedColumns(),
                  task.dataConflict(),
                  table.source().primaryKey() == null ? List.of() : table.source().primaryKey());
          work.add(write);
          if (transactional) {
            batchable.add(write);
          }
        }
      }
    }
    // Biggest chunks first, so the last one to finish is a small one.
    work.sort((a, b) -> Long.compare(b.chunk().bytes(), a.chunk().bytes()));
    boolean writeBinlog = task.writeBinlog();
    if (!writeBinlog) {
      try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
        dialect.disableBinlog(c);
      } catch (SQLException e) {
        throw new UserError(
            "The restoring account may not turn off the binary log (" + e.getMessage()
                + "); run without --no-binlog or grant it " + dialect.disableBinlogPrivilege()
                + ".",
            e);
      }
    }
    LOG.info(
        "Restoring {} chunks into {} ({})", work.size(), target,
        writeBinlog ? "binary log written" : "binary log NOT written");
    Map<String, Manifest.Chunk> chunks = new HashMap<>();
    long rows = 0;
    long bytes = 0;
    for (ChunkWrite w : work) {
      chunks.put(w.chunk().file(), w.chunk());
      rows += w.chunk().rowCount();
      bytes += w.chunk().bytes();
    }
    JournalChunks done = new JournalChunks(target, journal, chunks);
    Progress.Stage progress =
        Progress.stage("data", rows, bytes, done,
            figures -> run.progress(
                "data: " + done.chunksDone() + " of " + done.chunks() + " chunks", figures));
    Map<String, Long> written = new LinkedHashMap<>();
    tableLoads(target, plan, journal, true);
    try {
      // Each attempt skips the chunks the journal has: a failure outside a chunk's own writing
      // (a worker lost after a commit, say) is retried here on every runner, not only where the
      // runner retries bundles itself.
      for (int attempt = 1; ; attempt++) {
        // A failed run (this one's last attempt, or the task's before a resume) left its
        // writers stopped; this attempt's writers may write.
        clearStop(target, journal);
        FaultInjection.newAttempt();
        Pipeline pipeline =
            dataPipeline(
                options, work, ChunkBatches.plan(batchable, writers(options)), task, target,
                plan.manifest().source(), journal);
        PipelineResult result = null;
        try {
          result = pipeline.run();
          PipelineResult.State state = result.waitUntilFinish();
          if (state != PipelineResult.State.DONE) {
            throw new UserError("The restore pipeline ended in state " + state + ".");
          }
          break;
        } catch (RuntimeException e) {
          // Stop the failed attempt's writers, wherever they run, before recording the failure
          // or running again; after the last attempt they stay stopped until a resume.
          stopWriters(target, journal);
          stopQuietly(result);
          awaitQuiet(target, journal);
          Throwable reason = Failures.reason(e);
          boolean actionable =
              reason instanceof UserError
                  || reason instanceof dev.dbrestore.io.jdbc.JdbcChunkSink.ChunkWriteException;
          if (actionable || attempt > task.retries()) {
            throw e;
          }
          LOG.warn(
              "The data pipeline failed ({}); running it again, done chunks are skipped"
                  + " (attempt {} of {})",
              Failures.message(e), attempt + 1, task.retries() + 1);
        }
      }
    } finally {
      progress.close();
    }
    // Only after every chunk of every table: a table's chunks are spread over all writers.
    tableLoads(target, plan, journal, false);
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        written.put(dialect.qualified(db.targetName(), t.targetName()), 0L);
      }
    }
    try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      written.putAll(dialect.journaledRows(c, journal.schema(), journal.taskId()));
    } catch (SQLException e) {
      throw new UserError("Reading the restore journal failed: " + e.getMessage(), e);
    }
    return written;
  }

  /**
   * Runs the dialect's statements before ({@code before}) or after the load of each table of
   * the plan, on one connection. Both are safe to run twice: a resumed task runs them again,
   * its done chunks skipped. A row that breaks a constraint checked after the load is named
   * in the dialect's words.
   */
  static void tableLoads(Endpoint target, RestorePlan plan, Journal journal, boolean before) {
    Dialect dialect = target.dialect();
    if (!dialect.hasTableLoadStatements()) {
      return;
    }
    try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      for (RestorePlan.Database db : plan.databases()) {
        for (RestorePlan.Table t : db.tables()) {
          String table = dialect.qualified(db.targetName(), t.targetName());
          try {
            if (before) {
              dialect.beforeTableLoad(c, db.targetName(), t.targetName());
            } else {
              dialect.afterTableLoad(c, db.targetName(), t.targetName());
            }
          } catch (SQLException e) {
            String broken = before ? null : dialect.explainBrokenConstraint(e, table);
            String resume = "`dbrestore restore --resume " + journal.taskId() + "`";
            throw new UserError(
                broken != null
                    ? broken + " Resume with " + resume + "."
                    : (before ? "Preparing " : "Finishing ") + "the load of " + table
                        + " failed (" + e.getMessage() + "); fix that and run " + resume + ".",
                e);
          }
        }
      }
    } catch (SQLException e) {
      throw new UserError(
          "The target's connection for the statements around the load failed: " + e.getMessage(),
          e);
    }
  }

  /**
   * The data stage's pipeline: each chunk read, mapped, put under the conflict policy and
   * written. Its functions carry where the target's password is, never the password.
   */
  static Pipeline dataPipeline(
      PipelineOptions options,
      List<ChunkWrite> work,
      RestoreTask task,
      Endpoint target,
      Manifest.Source source,
      Journal journal) {
    return dataPipeline(options, work, ChunkBatches.NONE, task, target, source, journal);
  }

  /**
   * The data stage's pipeline with small chunks batched as {@code batches} says. Only chunks of
   * InnoDB tables this task creates are batched: a batch that must fall back to one chunk at a
   * time is rolled back first, and only a transactional engine takes its rows back.
   */
  static Pipeline dataPipeline(
      PipelineOptions options,
      List<ChunkWrite> work,
      ChunkBatches batches,
      RestoreTask task,
      Endpoint target,
      Manifest.Source source,
      Journal journal) {
    // What a user sees in Flink's job list (Beam's default names the options' class).
    options.setJobName("dbrestore restore " + journal.taskId() + " data");
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ListChunks", Create.of(work).withCoder(ChunkWriteCoder.of()))
        .apply(
            "MapTables",
            MapTables.using(new TableMapping(task.databaseMapping(), task.tableMapping())))
        .apply("ApplyConflictPolicy", ApplyConflictPolicy.of(task.dataConflict()))
        .apply(
            "WriteRows",
            WriteChunks.to(target)
                .withSource(source)
                .withJournal(journal)
                .withRetries(task.retries(), Duration.ofMillis(200))
                .withBatches(batches)
                .withBulkLoad(task.bulkLoad())
                .withBinlog(task.writeBinlog()));
    return pipeline;
  }

  /**
   * Writers at once, as far as the options tell: the DirectRunner's threads (its default where
   * another runner runs, which only sets how finely small chunks are batched).
   */
  private static int writers(PipelineOptions options) {
    return options.as(org.apache.beam.runners.direct.DirectOptions.class).getTargetParallelism();
  }

  /**
   * Waits until no writer of the task commits another chunk: the journal stops growing for two
   * seconds (a minute at most). Writers of a failed run finish the chunk they are in.
   */
  private static void awaitQuiet(Endpoint target, Journal journal) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    int last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      int done;
      try (Connection c = target.open(Endpoint.Purpose.ADMIN)) {
        done = target.dialect().chunksDone(c, journal.schema(), journal.taskId()).size();
      } catch (SQLException e) {
        return;
      }
      if (done != last) {
        last = done;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 2_000_000_000L) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Marks the task's writers stopped in the journal. A target that does not answer is asked
   * again for ten seconds; its writers cannot write meanwhile either.
   */
  private static void stopWriters(Endpoint target, Journal journal) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Connection c = target.open(Endpoint.Purpose.ADMIN)) {
        target.dialect().stop(c, journal.schema(), journal.taskId());
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          LOG.warn("Could not mark the failed data pipeline's writers stopped: {}", e.getMessage());
          return;
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void clearStop(Endpoint target, Journal journal) {
    try (Connection c = target.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
      target.dialect().clearStop(c, journal.schema(), journal.taskId());
    } catch (SQLException e) {
      throw new UserError("Writing the restore journal failed: " + e.getMessage(), e);
    }
  }

  private static void stopQuietly(PipelineResult result) {
    if (result == null) {
      return;
    }
    try {
      result.cancel();
      result.waitUntilFinish(org.joda.time.Duration.standardSeconds(60));
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("Stopping the failed data pipeline: {}", e.getMessage());
    }
  }
}
