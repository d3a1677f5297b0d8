package dev.dbrestore.transforms.backup;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brief moment in which every reader of a backup opens its consistent snapshot, as parallel
 * dump tools do it, coordinated through the source's named locks so it works wherever the
 * readers run. Each reader first says it is ready (a lock of its own) and waits. Only when all
 * are ready does the driver take the global read lock, record the binlog point (into the set
 * folder, for the manifest), and open the "window" (another lock). Each reader then opens its
 * snapshot, checks that the window is still open (so its snapshot is of the locked point) and
 * registers. When all have registered, or a short wait runs out, the window closes and the
 * global lock is released. Nothing is locked while the job starts up, however long that takes.
 */
public final class SnapshotWindow implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWindow.class);

  /** The file in the set folder that carries the consistent point to the manifest. */
  public static final String POINT_FILE = "consistent-point.json.partial";

  private final Endpoint source;
  private final Dialect dialect;
  private final String setId;
  private final String setLocation;
  private final int readers;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicReference<String> outcome = new AtomicReference<>();
  private volatile Connection control;
  private Thread coordinator;

  private SnapshotWindow(Endpoint source, String setId, String setLocation, int readers) {
    this.source = source;
    this.dialect = source.dialect();
    this.setId = setId;
    this.setLocation = setLocation;
    this.readers = readers;
  }

  public static String windowLockName(String setId) {
    return "dbrestore-" + setId + "-window";
  }

  public static String readyLockName(String setId, int reader) {
    return "dbrestore-" + setId + "-ready-" + reader;
  }

  public static String readerLockName(String setId, int reader) {
    return "dbrestore-" + setId + "-reader-" + reader;
  }

  /**
   * Starts coordinating: waits up to {@code startTimeout} for every reader to be ready, then
   * locks, records the point and opens the window for up to {@code windowTimeout}.
   */
  public static SnapshotWindow start(
      Endpoint source,
      String setId,
      String setLocation,
      int readers,
      Duration startTimeout,
      Duration windowTimeout) {
    SnapshotWindow window = new SnapshotWindow(source, setId, setLocation, readers);
    window.coordinator =
        new Thread(() -> window.coordinate(startTimeout, windowTimeout), "dbrestore-snapshot");
    window.coordinator.setDaemon(true);
    window.coordinator.start();
    return window;
  }

  private void coordinate(Duration startTimeout, Duration windowTimeout) {
    try {
      control = source.openOrExplain(Endpoint.Purpose.ADMIN, "source");
      if (!waitFor("ready", SnapshotWindow::readyLockName, startTimeout)) {
        return;
      }
      Manifest.ConsistentPoint point = dialect.openPoint(control);
      writePoint(setLocation, point);
      if (!dialect.takeNamedLock(control, windowLockName(setId))) {
        throw new IllegalStateException("Another session holds " + windowLockName(setId));
      }
      long locked = System.nanoTime();
      waitFor("registered", SnapshotWindow::readerLockName, windowTimeout);
      dialect.releaseNamedLock(control, windowLockName(setId));
      dialect.closePoint(control);
      LOG.info(
          "Source unlocked after {} ms: {}",
          (System.nanoTime() - locked) / 1_000_000,
          outcome.get());
    } catch (SQLException | IOException | RuntimeException e) {
      outcome.compareAndSet(null, "failed: " + e.getMessage());
      LOG.warn("Coordinating the backup snapshot failed: {}", e.getMessage());
    } finally {
      closeControl();
      finished.countDown();
    }
  }

  private interface LockName {
    String of(String setId, int reader);
  }

  /** Waits until every reader holds its lock of this kind; false (and an outcome) on timeout. */
  private boolean waitFor(String what, LockName lock, Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int count = 0;
      for (int i = 0; i < readers; i++) {
        if (dialect.isNamedLockHeld(control, lock.of(setId, i))) {
          count++;
        }
      }
      if (count == readers) {
        if (what.equals("registered")) {
          outcome.compareAndSet(null, "all " + readers + " readers opened their snapshot");
        }
        return true;
      }
      if (System.nanoTime() > deadline) {
        outcome.compareAndSet(
            null, "timed out: " + count + " of " + readers + " readers " + what);
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcome.compareAndSet(null, "stopped");
        return false;
      }
    }
  }

  /** What happened, once the window closed (or null while it has not). */
  public String awaitOutcome(Duration timeout) throws InterruptedException {
    finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return outcome.get();
  }

  private void closeControl() {
    Connection c = control;
    control = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Closing the session releases its locks either way.
      }
    }
  }

  @Override
  public void close() {
    outcome.compareAndSet(null, "the backup ended before every reader registered");
    if (coordinator != null) {
      coordinator.interrupt();
      try {
        coordinator.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeControl();
  }

  static void writePoint(String setLocation, Manifest.ConsistentPoint point) throws IOException {
    Manifest carrier =
        new Manifest(Manifest.FORMAT_VERSION, "point", null, null, null, point, List.of());
    try (OutputStream out =
        Channels.newOutputStream(
            FileSystems.create(BackupSet.file(setLocation, POINT_FILE), MimeTypes.TEXT))) {
      out.write(BackupSet.toJson(carrier).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The point the driver recorded, read by the step that writes the manifest. */
  static Manifest.ConsistentPoint readPoint(String setLocation) throws IOException {
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(BackupSet.file(setLocation, POINT_FILE)))) {
      return BackupSet.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .consistentPoint();
    }
  }

  static void deletePoint(String setLocation) throws IOException {
    FileSystems.delete(
        List.of(BackupSet.file(setLocation, POINT_FILE)),
        MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Raised in a reader; named so the backup's error says what to do. */
  static UserError readerLate(int reader, String why) {
    return new UserError(
        "Backup reader " + reader + " " + why + "; run the backup again with --readers no larger"
            + " than the runner's parallelism.");
  }
}
