package dev.dbrestore.pipelines.capture;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ChangeLogReaders;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.PasswordSource;
import dev.dbrestore.io.parquet.ChangeSegmentWriter;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code dbrestore capture}: follows a source's change log into log segments in the backup
 * repository. It starts where the last durable segment ends (or at the consistent point of the
 * source's oldest full set), keeps whole transactions only, and rotates segments by size and age.
 */
public final class CaptureJob {

  /** What to capture, from where, into which repository, and how segments rotate. */
  public record Options(
      String source,
      String user,
      PasswordSource password,
      String sourceName,
      String repository,
      boolean untilNow,
      boolean acceptGap,
      long segmentBytes,
      Duration segmentAge,
      Long replicaServerId) {}

  /** What a run captured, and where the log now ends. */
  public record Result(
      long transactions, long rows, long statements, int segments, LogManifest.Point end,
      boolean nothingNew) {}

  private final Options options;
  private final PrintStream out;
  private volatile ChangeLogReader.Following following;
  private volatile boolean stopRequested;

  public CaptureJob(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Asks a running capture to stop after the transaction it is writing; safe from any thread. */
  public void stop() {
    stopRequested = true;
    ChangeLogReader.Following f = following;
    if (f != null) {
      f.stop();
    }
  }

  public Result run() throws IOException, InterruptedException {
    ChangeLogReader reader = ChangeLogReaders.require(options.source());
    ConnectionSpec spec = ConnectionSpec.of(options.source(), options.user(), options.password());
    BackupRepository repository = BackupRepository.at(options.repository());
    String name = options.sourceName();
    StorageFolder folder = repository.logFolder(RestorableWindow.checkSourceName(name));
    try (CaptureLog log = CaptureLog.open(folder, name)) {
      LogManifest manifest = log.manifest();
      RestorableWindow.FullSet fromSet = null;
      if (manifest == null) {
        fromSet = RestorableWindow.oldestFullSet(repository, name);
      }
      ChangeLogReader.Position start =
          manifest != null
              ? position(manifest.end())
              : fromSet.point();
      ChangeLogReader.ServerLog server;
      try {
        server = reader.check(spec, start);
      } catch (ChangeLogReader.LogPurged purged) {
        if (!options.acceptGap()) {
          throw new UserError(
              purged.getMessage() + " Take a new full backup of " + name + ", then run capture"
                  + " again with --accept-gap: it goes on from that set, and the window shows"
                  + " the gap.",
              purged);
        }
        RestorableWindow.FullSet after = firstSetOnTheServer(reader, spec, repository, start);
        if (manifest != null) {
          LogManifest.Segment last = manifest.lastSegment();
          log.addGap(
              new LogManifest.Gap(
                  point(start), point(after.point()),
                  last != null ? last.lastCommitTime() : manifest.start().time(),
                  after.manifest().consistentPoint().time(),
                  "the binary log between was purged from the server before capture read it"));
          manifest = log.manifest();
        } else {
          fromSet = after;
        }
        out.println("Going on after a gap: " + start + " to " + after.point()
            + " was purged from the server; capturing from full set " + after.label() + ".");
        start = after.point();
        server = reader.check(spec, start);
      }
      String expectedServer =
          manifest != null ? manifest.serverId() : fromSet.manifest().source().serverId();
      if (expectedServer != null && !expectedServer.equals(server.serverId())) {
        throw new UserError(
            "The server at " + spec.address() + " has server_id " + server.serverId()
                + ", but the " + (manifest != null ? "captured log" : "full backups") + " of "
                + name + " come from server_id " + expectedServer
                + "; capture the server the backups were taken from.");
      }
      if (manifest == null) {
        Manifest.ConsistentPoint point = fromSet.manifest().consistentPoint();
        log.begin(
            LogManifest.begin(
                name,
                server.serverId(),
                new LogManifest.Start(
                    new LogManifest.Point(point.binlogFile(), point.binlogPosition()),
                    point.gtidSet(), point.time(), fromSet.label())));
      }
      ChangeLogReader.Position until = options.untilNow() ? server.end() : null;
      if (until != null && start.compareTo(until) >= 0) {
        out.println("Nothing new to capture from " + name + ": the log is captured up to "
            + start + ".");
        return new Result(0, 0, 0, 0, point(start), true);
      }
      Segments segments =
          new Segments(log, start, options.segmentBytes(), options.segmentAge(), out);
      long replicaId =
          options.replicaServerId() != null
              ? options.replicaServerId()
              : 0x40000000L | (name.hashCode() & 0x3FFFFFFFL);
      out.println("Capturing " + name + " from " + start
          + (until == null ? " until stopped (SIGTERM or Ctrl-C)" : " up to " + until) + ".");
      out.flush();
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "segment-rotation");
                t.setDaemon(true);
                return t;
              });
      try {
        following = reader.follow(spec, start, until, replicaId, segments);
        if (stopRequested) {
          following.stop();
        }
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                segments.rotateIfOld();
              } catch (IOException | RuntimeException e) {
                segments.failed(e);
                stop();
              }
            },
            1, 1, TimeUnit.SECONDS);
        try {
          following.await();
        } finally {
          timer.shutdownNow();
          timer.awaitTermination(10, TimeUnit.SECONDS);
          // Whole transactions only are in the open segment: durable even after a failure.
          segments.finish();
        }
        segments.rethrow();
      } finally {
        timer.shutdownNow();
      }
      return new Result(
          segments.transactions, segments.rows, segments.statements, segments.published,
          point(segments.segmentStart), false);
    }
  }

  /** The oldest full set after {@code start} whose point the server's log still has. */
  private RestorableWindow.FullSet firstSetOnTheServer(
      ChangeLogReader reader, ConnectionSpec spec, BackupRepository repository,
      ChangeLogReader.Position start) {
    for (RestorableWindow.FullSet set : RestorableWindow.fullSets(repository, options.sourceName())) {
      if (set.point().compareTo(start) > 0) {
        try {
          reader.check(spec, set.point());
          return set;
        } catch (ChangeLogReader.LogPurged purgedToo) {
          // Older than what the server keeps: try a newer set.
        }
      }
    }
    throw new UserError(
        "No full set of " + options.sourceName() + " taken after " + start + " is still in the"
            + " server's binary log; take a full backup of " + options.sourceName()
            + ", then run capture with --accept-gap again.");
  }

  private static ChangeLogReader.Position position(LogManifest.Point p) {
    return new ChangeLogReader.Position(p.binlogFile(), p.binlogPosition());
  }

  private static LogManifest.Point point(ChangeLogReader.Position p) {
    return new LogManifest.Point(p.file(), p.offset());
  }

  /** The open segment: whole transactions appended, made durable by size, age or the end. */
  private static final class Segments implements ChangeLogReader.Listener {
    private final CaptureLog log;
    private final long maxBytes;
    private final Duration maxAge;
    private final PrintStream out;
    private ChangeSegmentWriter writer;
    private Path partial;
    private String name;
    private long opened;
    private ChangeLogReader.Position segmentStart;
    private ChangeLogReader.Position segmentEnd;
    private long nextTransaction;
    private long firstTransaction;
    private ChangeLogReader.Transaction first;
    private ChangeLogReader.Transaction last;
    private boolean broken;
    private Throwable failure;
    long transactions;
    long rows;
    long statements;
    int published;

    Segments(
        CaptureLog log, ChangeLogReader.Position start, long maxBytes, Duration maxAge,
        PrintStream out) {
      this.log = log;
      this.maxBytes = maxBytes;
      this.maxAge = maxAge;
      this.out = out;
      this.segmentStart = start;
      LogManifest.Segment lastSegment = log.manifest().lastSegment();
      this.nextTransaction = lastSegment == null ? 1 : lastSegment.lastTransaction() + 1;
    }

    @Override
    public synchronized void committed(ChangeLogReader.Transaction t) throws IOException {
      if (writer == null) {
        name = log.nextSegmentName();
        partial = log.partialPath(name);
        Files.deleteIfExists(partial);
        writer = new ChangeSegmentWriter(partial);
        opened = System.nanoTime();
        firstTransaction = nextTransaction;
        first = t;
      }
      try {
        writer.write(nextTransaction, t);
      } catch (IOException | RuntimeException e) {
        broken = true;
        throw e;
      }
      nextTransaction++;
      last = t;
      segmentEnd = t.end();
      transactions++;
      if (writer.dataSize() >= maxBytes || age().compareTo(maxAge) >= 0) {
        publish();
      }
    }

    synchronized void rotateIfOld() throws IOException {
      if (writer != null && !broken && age().compareTo(maxAge) >= 0) {
        publish();
      }
    }

    synchronized void finish() throws IOException {
      if (writer != null && !broken) {
        publish();
      } else if (writer != null) {
        writer.close();
        Files.deleteIfExists(partial);
        writer = null;
      }
    }

    synchronized void failed(Throwable e) {
      if (failure == null) {
        failure = e;
      }
    }

    void rethrow() throws IOException {
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      }
    }

    private Duration age() {
      return Duration.ofNanos(System.nanoTime() - opened);
    }

    private void publish() throws IOException {
      rows += writer.rows();
      statements += writer.statements();
      long segmentRows = writer.rows();
      long segmentStatements = writer.statements();
      writer.close();
      writer = null;
      LogManifest.Segment entry =
          log.publish(
              partial,
              new LogManifest.Segment(
                  name, point(segmentStart), point(segmentEnd), firstTransaction,
                  nextTransaction - 1, time(first.commitTime()), time(last.commitTime()),
                  first.gtid(), last.gtid(), segmentRows, segmentStatements, 0, null));
      published++;
      out.printf(
          Locale.ROOT,
          "%s: transactions %d-%d, %d row changes, %d statements, %s to %s, commits %s to %s%n",
          entry.file(), entry.firstTransaction(), entry.lastTransaction(), entry.rowCount(),
          entry.statementCount(), segmentStart, segmentEnd, entry.firstCommitTime(),
          entry.lastCommitTime());
      out.flush();
      segmentStart = segmentEnd;
    }

    private static String time(Instant instant) {
      return instant.toString();
    }
  }
}
