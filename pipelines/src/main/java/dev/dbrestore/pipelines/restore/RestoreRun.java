package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.replay.ReplayReport;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One run of a restore task past its pre-check, as its stages share it: what they read (the
 * task, the checked plan, the target, the journal) and what earlier stages found for later ones.
 */
final class RestoreRun {
  final PipelineOptions options;
  final RestoreTask task;
  final PreCheck.Report precheck;
  final RestorePlan plan;
  final Endpoint target;
  /** The target's dialect, which every stage speaks. */
  final Dialect dialect;
  final Journal journal;
  final TaskStore store;
  private TaskRecord record;

  /** Qualified names, in lower case, of the objects the target held before this run wrote. */
  Set<String> existingBefore = Set.of();

  /** The journal's entries of this task's objects when the run started. */
  Set<String> done = Set.of();

  /** Rows written per target table by the data stage. */
  Map<String, Long> written = Map.of();

  int objectsCreated;
  List<RestoreReport.TableResult> tables = List.of();
  List<Verification.Result> verification = List.of();

  /** Where the task's source's captured log is (a restore to a point in time). */
  BackupRepository repository;

  /** What the replay did, for a restore to a point in time; null otherwise. */
  ReplayReport replay;

  RestoreRun(
      PipelineOptions options,
      RestoreTask task,
      PreCheck.Report precheck,
      Endpoint target,
      TaskStore store,
      TaskRecord record) {
    this.options = options;
    this.task = task;
    this.precheck = precheck;
    this.plan = precheck.plan();
    this.target = target;
    this.dialect = target.dialect();
    this.journal = new Journal(task.journalSchema(), record.id());
    this.store = store;
    this.record = record;
  }

  /** The task record as last saved. */
  synchronized TaskRecord record() {
    return record;
  }

  /** Saves the record with this progress word. */
  void progress(String stage) {
    save(record.withProgress(stage));
  }

  /** Saves the record with this progress word and the stage's figures. */
  synchronized void progress(String stage, dev.dbrestore.pipelines.progress.Figures figures) {
    save(record.withProgress(stage).withFigures(figures));
  }

  synchronized void save(TaskRecord next) {
    store.save(next);
    record = next;
  }
}
