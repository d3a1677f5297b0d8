package dev.dbrestore.pipelines.progress;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Progress of the long stages of a command (backup, the restore's data, replay and
 * verification, verify): each stage's figures polled from its {@link ProgressSource} while it
 * runs, shown on standard error in the command's {@link ProgressMode} and handed to the stage's
 * listener (the task record) every two seconds and when the stage ends.
 */
public final class Progress {
  private static final long SAVE_EVERY_MILLIS = 2000;
  private static final long TICK_MILLIS = 250;
  private static final long POLL_WAIT_MILLIS = 5000;
  private static final long RATE_WINDOW_NANOS = 20_000_000_000L;

  private static volatile ProgressMode mode = ProgressMode.NONE;
  private static volatile PipelineCounters counters;
  private static volatile PrintStream out = System.err;
  private static PrintStream wrapped;

  private Progress() {}

  /**
   * Shows the stages that follow in {@code newMode} on standard error as it is now; the command
   * line sets it per command. Under json, lines others write to standard error meanwhile are
   * wrapped as {@code {"event":"log",...}}, and on a terminal they are written above the
   * progress line, until another mode is set.
   */
  public static synchronized void show(ProgressMode newMode) {
    if (wrapped != null) {
      if (System.err == wrapped) {
        System.setErr(out);
      }
      wrapped = null;
    }
    out = System.err;
    mode = newMode;
    boolean terminal = newMode == ProgressMode.AUTO && Terminal.isTerminal();
    if (newMode == ProgressMode.JSON || terminal) {
      wrapped = new PrintStream(
          new OtherLines(out, newMode == ProgressMode.JSON), true, StandardCharsets.UTF_8);
      System.setErr(wrapped);
    }
  }

  /**
   * The pipeline a job has just started, for the stage that follows its counters: a job calls
   * it after {@code run()}, whether or not a stage follows it.
   */
  public static void pipelineRunning(org.apache.beam.sdk.PipelineResult result) {
    PipelineCounters following = counters;
    if (following != null) {
      following.running(result);
    }
  }

  /** The pipeline last started has ended; the next one counts on from its figures. */
  public static void pipelineEnded() {
    PipelineCounters following = counters;
    if (following != null) {
      following.ended();
    }
  }

  /**
   * Starts following a stage until {@link Stage#close()}: {@code rowsTotal} and {@code
   * bytesTotal} null when unknown, {@code onUpdate} (may be null) given the figures every two
   * seconds and at the end, whatever is shown.
   */
  public static Stage stage(
      String name, Long rowsTotal, Long bytesTotal, ProgressSource source,
      Consumer<Figures> onUpdate) {
    Stage stage =
        new Stage(name, rowsTotal, bytesTotal, source, onUpdate,
            Renderer.of(mode, out));
    if (source instanceof PipelineCounters pipelines) {
      counters = pipelines;
    }
    stage.start();
    return stage;
  }

  /** One stage followed: a daemon thread polls its source and shows what it says. */
  public static final class Stage implements AutoCloseable {
    private final String name;
    private Long rowsTotal;
    private Long bytesTotal;
    private final ProgressSource source;
    private final Consumer<Figures> onUpdate;
    private final Renderer renderer;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;
    private boolean ended;
    private ProgressSource.Done atStart;
    private volatile ProgressSource.Done last = ProgressSource.Done.NOTHING;
    private Figures figures;
    private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();

    private Stage(
        String name, Long rowsTotal, Long bytesTotal, ProgressSource source,
        Consumer<Figures> onUpdate, Renderer renderer) {
      this.name = name;
      this.rowsTotal = rowsTotal;
      this.bytesTotal = bytesTotal;
      this.source = source;
      this.onUpdate = onUpdate;
      this.renderer = renderer;
      this.thread = new Thread(this::follow, "dbrestore-progress");
      thread.setDaemon(true);
    }

    private void start() {
      atStart = pollWithin(POLL_WAIT_MILLIS);
      Figures first = take(atStart);
      if (renderer != null) {
        renderer.show(first, true);
      }
      update(first);
      if (renderer != null || onUpdate != null) {
        thread.start();
      }
    }

    /** The latest figures taken. */
    public synchronized Figures figures() {
      return figures;
    }

    private void follow() {
      long lastShown = System.nanoTime();
      long lastSaved = lastShown;
      while (!stopped) {
        try {
          Thread.sleep(TICK_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        long now = System.nanoTime();
        boolean show = renderer != null && now - lastShown >= renderer.everyMillis() * 1_000_000;
        boolean save = onUpdate != null && now - lastSaved >= SAVE_EVERY_MILLIS * 1_000_000;
        if (!show && !save) {
          continue;
        }
        Figures current = take(poll());
        if (stopped) {
          return; // close() shows the last figures
        }
        if (show) {
          renderer.show(current, false);
          lastShown = now;
        }
        if (save) {
          update(current);
          lastSaved = now;
        }
      }
    }

    /** Stops following, and shows and hands on the stage's last figures. */
    @Override
    public void close() {
      if (ended) {
        return;
      }
      stop();
      end(take(pollWithin(POLL_WAIT_MILLIS)));
    }

    /**
     * Stops following a stage that has ended with {@code actual} done, which are then its
     * totals too (a backup knows its rows only when its last chunk is written).
     */
    public void closeWith(ProgressSource.Done actual) {
      if (ended) {
        return;
      }
      stop();
      synchronized (this) {
        last = actual;
        rowsTotal = actual.rows();
        bytesTotal = bytesTotal == null && actual.bytes() == 0 ? null : actual.bytes();
      }
      end(take(actual));
    }

    private void stop() {
      if (counters == source) {
        counters = null;
      }
      stopped = true;
      thread.interrupt();
      try {
        if (thread.isAlive()) {
          thread.join(10_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void end(Figures end) {
      ended = true;
      if (renderer != null) {
        renderer.ended(end);
      }
      update(end);
    }

    private void update(Figures current) {
      if (onUpdate == null) {
        return;
      }
      try {
        onUpdate.accept(current);
      } catch (RuntimeException e) {
        // Progress is informative; the stage reports real failures itself.
      }
    }

    /**
     * What the source says within {@code millis}, else what it said last: a target that stopped
     * answering holds up neither the start of a stage nor the report of its failure.
     */
    private ProgressSource.Done pollWithin(long millis) {
      FutureTask<ProgressSource.Done> asked = new FutureTask<>(this::poll);
      Thread asking = new Thread(asked, "dbrestore-progress-poll");
      asking.setDaemon(true);
      asking.start();
      try {
        return asked.get(millis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return last;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
    }

    /** What the source says, never less than it said before (a failed poll says that). */
    private ProgressSource.Done poll() {
      try {
        ProgressSource.Done done = source.poll();
        if (done != null && done.rows() >= last.rows() && done.bytes() >= last.bytes()) {
          last = done;
        }
      } catch (Exception e) {
        // A target that does not answer for a moment: the last figures stand.
      }
      return last;
    }

    private synchronized Figures take(ProgressSource.Done done) {
      long now = System.nanoTime();
      double seconds = (now - startNanos) / 1e9;
      long rowsThisRun = done.rows() - (atStart == null ? done.rows() : atStart.rows());
      // While the stage runs, the rate of the last 20 seconds: a start-up (Flink's mini cluster
      // takes seconds) or a slow table does not weigh on the ETA for the rest of the stage. At
      // its end, the rate over the whole stage.
      samples.addLast(new long[] {now, done.rows()});
      while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
        samples.removeFirst();
      }
      long[] oldest = samples.peekFirst();
      double window = (now - oldest[0]) / 1e9;
      Double rate = null;
      if (stopped) {
        rate = seconds >= 0.5 ? rowsThisRun / seconds : null;
      } else if (window >= 0.5) {
        rate = (done.rows() - oldest[1]) / window;
        if (rate == 0 && rowsThisRun > 0) {
          rate = rowsThisRun / seconds; // nothing done lately (one big chunk or table): overall
        }
      }
      // A total from statistics may fall short of what is done: the done figure is then the
      // least the total can be.
      Long rows = rowsTotal == null ? null : Math.max(rowsTotal, done.rows());
      Long bytes = bytesTotal == null ? null : Math.max(bytesTotal, done.bytes());
      Double percent = null;
      if (rows != null && rows > 0) {
        percent = 100.0 * done.rows() / rows;
      } else if (bytes != null && bytes > 0) {
        percent = 100.0 * done.bytes() / bytes;
      } else if (rows != null) {
        percent = 100.0; // nothing to do
      }
      Long eta = null;
      if (rows != null && done.rows() >= rows) {
        eta = 0L;
      } else if (rows != null && rate != null && rate > 0) {
        eta = (long) Math.ceil((rows - done.rows()) / rate);
      }
      figures =
          new Figures(name, done.rows(), rows, done.bytes(), bytes, percent, rate, eta,
              Instant.now().toString());
      return figures;
    }
  }
}
