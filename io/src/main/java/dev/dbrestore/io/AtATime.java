package dev.dbrestore.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent checks, statements or file syncs a few at a time and waits for all of them.
 * A task's {@link UserError} reaches the caller as it is; any other failure becomes one saying
 * what was being done.
 */
public final class AtATime {
  private AtATime() {}

  /**
   * Two at a time: the machines dbrestore runs on and the servers it talks to have few cores.
   * The tasks' results in the tasks' order; {@code doing} reads "Checking the chunks".
   */
  public static <T> List<T> two(List<Callable<T>> tasks, String doing) {
    return run(2, tasks, doing);
  }

  /** At most {@code atATime} at once; the tasks' results in the tasks' order. */
  public static <T> List<T> run(int atATime, List<Callable<T>> tasks, String doing) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(atATime, tasks.size())));
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UserError userError) {
            throw userError;
          }
          throw new UserError(doing + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserError(doing + " was interrupted.", e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
