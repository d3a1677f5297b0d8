package dev.dbrestore.transforms;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brief moment in which every reader of a backup opens its consistent snapshot, as mydumper
 * and MySQL Shell do it. The driver takes the global read lock, records the binlog point, and
 * holds a "window" lock; each reader opens its snapshot, checks that the window is still open
 * (so its snapshot is of the locked point), and registers with a lock of its own. When every
 * reader has registered, or the wait times out, the window closes and the global lock is
 * released. A reader that arrives after the window closed fails rather than read another point.
 */
public final class SnapshotWindow implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWindow.class);

  private final Dialect dialect;
  private final Connection control;
  private final String setId;
  private final int readers;
  private final Manifest.ConsistentPoint point;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicReference<String> outcome = new AtomicReference<>();
  private Thread watcher;

  private SnapshotWindow(
      Dialect dialect, Connection control, String setId, int readers,
      Manifest.ConsistentPoint point) {
    this.dialect = dialect;
    this.control = control;
    this.setId = setId;
    this.readers = readers;
    this.point = point;
  }

  /** The name of the window lock for a backup set. */
  public static String windowLockName(String setId) {
    return "dbrestore-" + setId + "-window";
  }

  /** The name of a reader's registration lock. */
  public static String readerLockName(String setId, int reader) {
    return "dbrestore-" + setId + "-reader-" + reader;
  }

  /** Locks the source and opens the window; the caller then starts the readers. */
  public static SnapshotWindow open(
      ConnectionSpec source, Dialect dialect, String setId, int readers) {
    Connection control = source.openOrExplain(dialect, Map.of(), "source");
    try {
      Manifest.ConsistentPoint point = dialect.lockAndRecordPoint(control);
      if (!dialect.takeNamedLock(control, windowLockName(setId))) {
        throw new IllegalStateException("Another session holds " + windowLockName(setId));
      }
      return new SnapshotWindow(dialect, control, setId, readers, point);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(control);
      if (e instanceof UserError userError) {
        throw userError;
      }
      throw new UserError(
          "Cannot lock the source to take a consistent backup: " + e.getMessage(), e);
    }
  }

  public Manifest.ConsistentPoint point() {
    return point;
  }

  /** Starts watching for the readers; closes the window when all registered or at timeout. */
  public void closeWhenReadersRegistered(Duration timeout) {
    watcher =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + timeout.toNanos();
              try {
                while (true) {
                  int registered = 0;
                  for (int i = 0; i < readers; i++) {
                    if (dialect.isNamedLockHeld(control, readerLockName(setId, i))) {
                      registered++;
                    }
                  }
                  if (registered == readers) {
                    outcome.compareAndSet(null, "all " + readers + " readers opened their snapshot");
                    break;
                  }
                  if (System.nanoTime() > deadline) {
                    outcome.compareAndSet(
                        null,
                        "timed out: " + registered + " of " + readers + " readers registered");
                    break;
                  }
                  Thread.sleep(20);
                }
              } catch (SQLException | InterruptedException e) {
                outcome.compareAndSet(null, "stopped: " + e.getMessage());
              } finally {
                release();
              }
            },
            "dbrestore-snapshot-window");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Waits for the window to close; returns what happened. */
  public String awaitClosed(Duration timeout) throws InterruptedException {
    closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return outcome.get();
  }

  private synchronized void release() {
    if (closed.getCount() == 0) {
      return;
    }
    try {
      dialect.releaseNamedLock(control, windowLockName(setId));
      dialect.releaseGlobalReadLock(control);
    } catch (SQLException e) {
      LOG.warn("Releasing the backup locks failed; closing the session releases them", e);
    } finally {
      closeQuietly(control);
      closed.countDown();
      LOG.info("Source unlocked: {}", outcome.get());
    }
  }

  @Override
  public void close() {
    outcome.compareAndSet(null, "closed before every reader registered");
    if (watcher != null) {
      watcher.interrupt();
    }
    release();
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // The session is gone either way, and with it its locks.
    }
  }
}
