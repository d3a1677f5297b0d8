package dev.dbrestore.pipelines.console;

import dev.dbrestore.io.UserError;
import dev.dbrestore.pipelines.Failures;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the restore tasks started from the console through {@link RestoreJob}, exactly as {@code
 * dbrestore restore} does, one at a time in a background thread, so each is recorded in the task
 * store like a task from the command line.
 */
public final class TaskRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  private final Supplier<PipelineOptions> options;
  private final RestoreJob.Settings settings;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "console-restore");
            t.setDaemon(true);
            return t;
          });
  // Progress figures come from process-wide counters: two restores in one process would mix them.
  private final AtomicBoolean busy = new AtomicBoolean();
  private final Map<String, RestoreReport> reports = new ConcurrentHashMap<>();

  public TaskRunner(Supplier<PipelineOptions> options, RestoreJob.Settings settings) {
    this.options = options;
    this.settings = settings;
  }

  /** Where tasks are looked up and recorded. */
  public RestoreJob.Settings settings() {
    return settings;
  }

  /** The task records this console shows, the command line's included. */
  public TaskStore store() {
    return TaskStore.open(settings.tasksDir());
  }

  /** The pre-check of a task, nothing written: what {@code dbrestore precheck} runs. */
  public PreCheck.Report precheck(RestoreTask task) {
    return RestoreJob.precheck(options.get(), task, settings);
  }

  /** Starts a task; returns its id once its record exists. */
  public String start(RestoreTask task) {
    claim();
    CompletableFuture<String> id = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            RestoreReport report = RestoreJob.run(options.get(), task, settings, List.of(),
                id::complete);
            reports.put(report.taskId(), report);
            LOG.info("Restore task {} ended", report.taskId());
          } catch (RuntimeException | Error e) {
            id.completeExceptionally(e);
            LOG.warn("Restore task {} stopped: {}", id.getNow("(not recorded)"),
                Failures.message(e));
          } finally {
            busy.set(false);
          }
        });
    return await(id);
  }

  /** Resumes an interrupted or failed task under its id, as recorded. */
  public void resume(String taskId) {
    TaskRecord record = store().get(taskId);
    if (record.state() != TaskState.FAILED && record.state() != TaskState.INTERRUPTED) {
      throw new UserError("Task " + taskId + " is " + Words.state(record.state())
          + "; only an interrupted or failed task can be resumed.");
    }
    claim();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            RestoreReport report = RestoreJob.resume(options.get(), taskId, settings);
            reports.put(report.taskId(), report);
          } catch (RuntimeException | Error e) {
            LOG.warn("Restore task {} stopped: {}", taskId, Failures.message(e));
          } finally {
            busy.set(false);
            ended.complete(null);
          }
        });
    // The page shown next is the resumed run's, not the failed one's: wait for its record.
    while (!ended.isDone() && store().get(taskId).state() != TaskState.RUNNING) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The report of a task this console ran to its end, with its stages' times. */
  public Optional<RestoreReport> report(String taskId) {
    return Optional.ofNullable(reports.get(taskId));
  }

  private void claim() {
    if (!busy.compareAndSet(false, true)) {
      throw new UserError("A task started from this console is still running; wait for it to"
          + " end, then start the next.");
    }
  }

  private static String await(CompletableFuture<String> id) {
    try {
      return id.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("The console was stopped while the task started.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UserError user) {
        throw user;
      }
      throw new UserError(Failures.message(e.getCause()), e.getCause());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
