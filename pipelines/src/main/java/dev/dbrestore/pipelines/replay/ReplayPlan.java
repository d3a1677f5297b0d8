package dev.dbrestore.pipelines.replay;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ChangeLogReader.Position;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.parquet.ChangeSegmentReader;
import dev.dbrestore.io.parquet.ChangeSegmentReader.LoggedChange;
import dev.dbrestore.pipelines.capture.CaptureLog;
import dev.dbrestore.transforms.replay.LogRange;
import java.io.IOException;
import org.apache.beam.sdk.io.fs.MatchResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a replay applies, worked out before anything is written: the log segments from the set's
 * consistent point up to the first transaction committed after the chosen second (each checked
 * against its SHA-256), the structure statements between (checked), and the phases they cut the
 * log into. Only segments that hold structure statements or the last second are read here; the
 * rows are read by the pipeline.
 */
record ReplayPlan(
    StorageFolder folder,
    Position from,
    Instant cutoff,
    LogTransaction lastApplied,
    LogTransaction firstSkipped,
    List<Statement> statements,
    List<Phase> phases) {

  /** A structure statement of the log, checked, at its place (transaction, change). */
  record Statement(
      long transaction, int index, String database, String text, ChangeWriter.CheckedDdl check) {}

  /** One stretch of row changes between structure statements, and the segments holding it. */
  record Phase(String name, LogRange range, List<String> segments, long rowChanges) {}

  /**
   * The end of the second {@code pointInTime} is in: the binary log keeps whole seconds, so
   * "at or before 14:04:59" is every commit stamped before 14:05:00.
   */
  static Instant cutoff(Instant pointInTime) {
    return pointInTime.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
  }

  /**
   * The captured log's manifest once {@code pointInTime} is inside the window: after the set's
   * consistent point, at or before the last captured commit; a {@link LogRefusal} naming the
   * window's end otherwise.
   */
  static LogManifest checkWindow(StorageFolder folder, String setTime, Instant pointInTime) {
    LogManifest manifest = CaptureLog.readManifest(folder);
    if (manifest == null || manifest.segments().isEmpty()) {
      throw new LogRefusal(LogRefusal.Reason.OUTSIDE_WINDOW, "There is no captured log in " + folder
          + "; run dbrestore capture for this source before restoring to a point in time.");
    }
    if (setTime != null && !cutoff(pointInTime).isAfter(Instant.parse(setTime))) {
      throw new LogRefusal(LogRefusal.Reason.OUTSIDE_WINDOW,
          "The point in time " + pointInTime + " is before the backup set's"
          + " consistent point (" + setTime + "); choose an older full set or a later time.");
    }
    LogManifest.Segment last = manifest.lastSegment();
    Instant lastCommit = Instant.parse(last.lastCommitTime());
    if (pointInTime.truncatedTo(ChronoUnit.SECONDS).isAfter(lastCommit)) {
      throw new LogRefusal(LogRefusal.Reason.OUTSIDE_WINDOW,
          "The point in time " + pointInTime + " is after the last captured"
          + " commit (" + last.lastCommitTime() + "); the restorable window ends there. Run"
          + " dbrestore capture again, or choose an earlier time.");
    }
    return manifest;
  }

  static ReplayPlan of(
      StorageFolder folder, Position from, String setTime, Instant pointInTime, String sqlMode,
      ChangeWriter writer, ChangeWriter.Scope scope, Set<String> databases) {
    LogManifest manifest = checkWindow(folder, setTime, pointInTime);
    Instant cutoff = cutoff(pointInTime);
    if (position(manifest.start().point()).compareTo(from) > 0) {
      throw new LogRefusal(LogRefusal.Reason.GAP,
          "The captured log begins at " + manifest.start().point().binlogFile()
          + ":" + manifest.start().point().binlogPosition() + ", after the backup set's"
          + " consistent point " + from + ": the log does not cover the set.");
    }
    for (LogManifest.Gap gap : manifest.gaps() == null ? List.<LogManifest.Gap>of()
        : manifest.gaps()) {
      boolean afterSet = position(gap.to()).compareTo(from) > 0;
      boolean beforeT = gap.fromTime() == null || Instant.parse(gap.fromTime()).isBefore(cutoff);
      if (afterSet && beforeT) {
        throw new LogRefusal(LogRefusal.Reason.GAP,
            "The captured log has a gap from " + gap.fromTime() + " to "
            + gap.toTime() + " (" + gap.reason() + ") between the backup set and " + pointInTime
            + "; choose a full set taken after the gap.");
      }
    }

    List<LogManifest.Segment> needed = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    LogTransaction lastApplied = null;
    LogTransaction firstSkipped = null;
    LogManifest.Segment previous = null;
    for (LogManifest.Segment segment : manifest.segments()) {
      if (position(segment.end()).compareTo(from) <= 0) {
        previous = segment;
        continue; // wholly before the set's point
      }
      if (previous != null && !previous.end().equals(segment.start()) && !needed.isEmpty()) {
        throw new LogRefusal(LogRefusal.Reason.GAP,
            "The captured log's segments " + previous.file() + " and "
            + segment.file() + " do not join: the log has a hole between them; the window has a"
            + " gap there.");
      }
      previous = segment;
      verify(folder, segment);
      needed.add(segment);
      boolean reachesCutoff = !Instant.parse(segment.lastCommitTime()).isBefore(cutoff);
      if (segment.statementCount() == 0 && !reachesCutoff) {
        lastApplied = new LogTransaction(segment.lastTransaction(), segment.lastGtid(),
            segment.end().binlogFile(), -1, segment.end().binlogPosition(),
            Instant.parse(segment.lastCommitTime()));
        continue;
      }
      for (LoggedChange c : read(folder, segment)) {
        if (new Position(c.binlogFile(), c.transactionPosition()).compareTo(from) < 0) {
          continue;
        }
        LogTransaction t = new LogTransaction(c.transaction(), c.gtid(), c.binlogFile(),
            c.transactionPosition(), c.transactionEndPosition(), c.commitTime());
        if (!c.commitTime().isBefore(cutoff)) {
          firstSkipped = t;
          break;
        }
        lastApplied = t;
        ChangeLogReader.Change change = c.change();
        if (change.operation() == ChangeLogReader.Operation.DDL) {
          statements.add(new Statement(c.transaction(), c.index(), change.database(),
              change.statement(), check(writer, change, sqlMode, scope, databases)));
        }
      }
      if (firstSkipped != null) {
        break;
      }
    }
    if (lastApplied != null && lastApplied.position() < 0) {
      lastApplied = withPosition(folder, needed, lastApplied);
    }

    // Only statements that run cut the log: a skipped one changes nothing in the target.
    List<Statement> cuts = statements.stream()
        .filter(x -> x.check().apply() && !x.check().afterPostData()).toList();
    List<Phase> phases = new ArrayList<>();
    long afterTransaction = 0;
    int afterIndex = Integer.MAX_VALUE;
    long end = lastApplied == null ? 0 : lastApplied.number();
    for (int k = 0; k <= cuts.size(); k++) {
      long upTo = k < cuts.size() ? cuts.get(k).transaction() : end;
      int upToIndex = k < cuts.size() ? cuts.get(k).index() - 1 : Integer.MAX_VALUE;
      LogRange range = new LogRange(from, afterTransaction, afterIndex, upTo, upToIndex);
      List<String> files = new ArrayList<>();
      long rowChanges = 0;
      for (LogManifest.Segment s : needed) {
        if (s.lastTransaction() >= afterTransaction && s.firstTransaction() <= upTo) {
          files.add(folder.file(s.file()));
          rowChanges += s.rowCount();
        }
      }
      if (!files.isEmpty() && upTo > 0) {
        phases.add(new Phase("p" + k + "-" + afterTransaction + "." + afterIndex, range, files,
            rowChanges));
      }
      if (k < cuts.size()) {
        afterTransaction = cuts.get(k).transaction();
        afterIndex = cuts.get(k).index();
      }
    }
    return new ReplayPlan(folder, from, cutoff, lastApplied, firstSkipped,
        List.copyOf(statements), List.copyOf(phases));
  }

  /**
   * The phase that ends just before statement {@code k}, or null when none does (a skipped
   * statement, or nothing to apply before it).
   */
  Phase phaseBefore(int k) {
    Statement s = statements.get(k);
    for (Phase p : phases) {
      if (p.range().upToTransaction() == s.transaction()
          && p.range().upToIndex() == s.index() - 1) {
        return p;
      }
    }
    return null;
  }

  /** The phase after the last statement (or the only one). */
  Phase lastPhase() {
    for (Phase p : phases) {
      if (p.range().upToIndex() == Integer.MAX_VALUE) {
        return p;
      }
    }
    return null;
  }

  private static LogTransaction withPosition(
      StorageFolder folder, List<LogManifest.Segment> segments, LogTransaction t) {
    for (LogManifest.Segment s : segments) {
      if (s.firstTransaction() <= t.number() && t.number() <= s.lastTransaction()) {
        for (LoggedChange c : read(folder, s)) {
          if (c.transaction() == t.number()) {
            return new LogTransaction(t.number(), c.gtid(), c.binlogFile(), c.transactionPosition(),
                c.transactionEndPosition(), c.commitTime());
          }
        }
      }
    }
    return t;
  }

  /**
   * Checks a structure statement. One the check cannot read is refused only when it may touch
   * the set's databases: it ran in one of them or names one; the server's log holds every
   * database's statements, and the others are not this replay's to judge.
   */
  private static ChangeWriter.CheckedDdl check(
      ChangeWriter writer, ChangeLogReader.Change change, String sqlMode,
      ChangeWriter.Scope scope, Set<String> databases) {
    try {
      return writer.checkStructureStatement(change.database(), change.statement(), sqlMode, scope);
    } catch (UserError refused) {
      String text = change.statement().toLowerCase(Locale.ROOT);
      boolean mayTouch = scope.selectsDatabase(change.database())
          || databases.stream().anyMatch(d -> text.contains(d.toLowerCase(Locale.ROOT)));
      if (mayTouch) {
        throw new LogRefusal(LogRefusal.Reason.STATEMENT, refused.getMessage(), refused);
      }
      return new ChangeWriter.CheckedDdl(false, "statement", null,
          "outside the selection, in " + change.database(), List.of());
    }
  }

  private static void verify(StorageFolder folder, LogManifest.Segment segment) {
    String file = folder.file(segment.file());
    try {
      if (folder.size(segment.file()) != segment.bytes()
          || !folder.sha256(segment.file()).equals(segment.sha256())) {
        throw new LogRefusal(LogRefusal.Reason.DAMAGED_SEGMENT,
            "The log segment " + file + " is missing or damaged (its size or"
            + " SHA-256 differs from the log manifest); nothing was replayed.");
      }
    } catch (IOException e) {
      throw new LogRefusal(LogRefusal.Reason.DAMAGED_SEGMENT,
          "The log segment " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The segments read last, by file, size and time: the pre-check and the replay plan the same
   * log, and the last segment is read again for the last transaction's position. Checked against
   * the manifest's SHA-256 each time before this is asked.
   */
  private static final Map<String, List<LoggedChange>> RECENT = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<LoggedChange>> eldest) {
      return size() > 2;
    }
  };

  private static List<LoggedChange> read(StorageFolder folder, LogManifest.Segment segment) {
    String file = folder.file(segment.file());
    try {
      MatchResult.Metadata metadata = folder.metadata(segment.file());
      if (metadata == null) {
        throw new IOException("it is missing");
      }
      String key = file + "|" + metadata.sizeBytes() + "|" + metadata.lastModifiedMillis() + "|"
          + segment.sha256();
      synchronized (RECENT) {
        List<LoggedChange> seen = RECENT.get(key);
        if (seen != null) {
          return seen;
        }
      }
      List<LoggedChange> changes = List.copyOf(ChangeSegmentReader.read(file));
      synchronized (RECENT) {
        RECENT.put(key, changes);
      }
      return changes;
    } catch (IOException e) {
      throw new LogRefusal(LogRefusal.Reason.DAMAGED_SEGMENT,
          "The log segment " + segment.file() + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  static Position position(LogManifest.Point point) {
    return new Position(point.binlogFile(), point.binlogPosition());
  }
}
