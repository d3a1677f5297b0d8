package dev.dbrestore.pipelines.repository;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChangeLogReader.Position;
import dev.dbrestore.pipelines.capture.CaptureLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The stretch of time a source can be restored to the second: from the consistent point of its
 * oldest full set that the captured log covers, to the last durable captured commit, with every
 * gap in the log (a purged stretch, segments that do not join) named.
 */
public record RestorableWindow(
    String source,
    FullSet from,
    LogManifest.Point fromPoint,
    String fromTime,
    LogManifest.Point toPoint,
    String toTime,
    List<LogManifest.Gap> gaps,
    String why) {

  /** A complete full set with binlog coordinates: {@code label} is "task/set id". */
  public record FullSet(String label, String location, Manifest manifest) {
    /** Its consistent point in the source's log. */
    public Position point() {
      return new Position(
          manifest.consistentPoint().binlogFile(), manifest.consistentPoint().binlogPosition());
    }
  }

  /** The window in one sentence, as a refusal prints it. */
  public String describe() {
    if (!exists()) {
      return "The source " + source + " cannot be restored to the second: " + why + ".";
    }
    StringBuilder s = new StringBuilder("The restorable window of " + source + " is " + fromTime
        + " (full set " + from.label() + ") to " + toTime + " (the last captured commit)");
    for (LogManifest.Gap gap : gaps) {
      s.append(", except ").append(gap.fromTime()).append(" to ").append(gap.toTime())
          .append(" (").append(gap.reason()).append(')');
    }
    return s.append('.').toString();
  }

  /** Whether some stretch can be restored to the second. */
  public boolean exists() {
    return from != null;
  }

  /** A source name that can be a folder of the repository. */
  public static String checkSourceName(String name) {
    return BackupRepository.checkName("source name", name);
  }

  /** The complete full sets of a source that record where in the log they were taken, oldest first. */
  public static List<FullSet> fullSets(BackupRepository repository, String source) {
    List<FullSet> sets = new ArrayList<>();
    for (BackupSetInfo info : repository.list(source)) {
      if (!info.complete()) {
        continue;
      }
      String location = repository.resolve(info.source(), info.backupTask(), info.setId());
      Manifest manifest = BackupSet.open(location).manifest();
      Manifest.ConsistentPoint point = manifest.consistentPoint();
      if (point != null && point.binlogFile() != null && point.binlogPosition() != null) {
        sets.add(new FullSet(info.backupTask() + "/" + info.setId(), location, manifest));
      }
    }
    sets.sort(Comparator.comparing(FullSet::point));
    return sets;
  }

  /** The oldest full set capture starts from; refuses when the source has none. */
  public static FullSet oldestFullSet(BackupRepository repository, String source) {
    List<FullSet> sets = fullSets(repository, source);
    if (sets.isEmpty()) {
      boolean any = repository.list(source).stream().anyMatch(BackupSetInfo::complete);
      throw new UserError(
          any
              ? "The full backups of " + source + " in the backup repository at "
                  + repository.root() + " were taken with the binary log off, so no log can"
                  + " start from them; turn the binary log on and take a full backup of "
                  + source + " first."
              : "The backup repository at " + repository.root() + " holds no full backup of "
                  + source + " to start the log from; take a full backup of " + source
                  + " first (dbrestore backup --source-name " + source + " ...), then capture.");
    }
    return sets.get(0);
  }

  /** The window of a source as the repository holds it now. */
  public static RestorableWindow of(BackupRepository repository, String source) {
    List<FullSet> sets = fullSets(repository, source);
    LogManifest log = CaptureLog.readManifest(repository.logFolder(source));
    if (log == null || log.segments().isEmpty()) {
      return none(source, "no captured log yet (dbrestore capture --source-name " + source + ")");
    }
    Position logStart = position(log.start().point());
    Position logEnd = position(log.end());
    FullSet from =
        sets.stream()
            .filter(s -> s.point().compareTo(logStart) >= 0 && s.point().compareTo(logEnd) <= 0)
            .findFirst()
            .orElse(null);
    if (from == null) {
      return none(
          source, "no complete full set inside the captured log (" + logStart + " to " + logEnd
              + ")");
    }
    List<LogManifest.Gap> gaps = new ArrayList<>(log.gaps() == null ? List.of() : log.gaps());
    List<LogManifest.Segment> segments = log.segments();
    for (int i = 1; i < segments.size(); i++) {
      LogManifest.Segment before = segments.get(i - 1);
      LogManifest.Segment after = segments.get(i);
      boolean recorded =
          gaps.stream().anyMatch(g -> g.from().equals(before.end()) && g.to().equals(after.start()));
      if (!before.end().equals(after.start()) && !recorded) {
        gaps.add(
            new LogManifest.Gap(
                before.end(), after.start(), before.lastCommitTime(), after.firstCommitTime(),
                "segments " + before.file() + " and " + after.file() + " do not join"));
      }
    }
    if (!segments.get(0).start().equals(log.start().point())) {
      gaps.add(
          new LogManifest.Gap(
              log.start().point(), segments.get(0).start(), log.start().time(),
              segments.get(0).firstCommitTime(), "the log's first segment does not begin at its start"));
    }
    LogManifest.Segment last = log.lastSegment();
    return new RestorableWindow(
        source, from, point(from.point()), from.manifest().consistentPoint().time(), last.end(),
        last.lastCommitTime(), List.copyOf(gaps), null);
  }

  private static RestorableWindow none(String source, String why) {
    return new RestorableWindow(source, null, null, null, null, null, List.of(), why);
  }

  private static Position position(LogManifest.Point p) {
    return new Position(p.binlogFile(), p.binlogPosition());
  }

  private static LogManifest.Point point(Position p) {
    return new LogManifest.Point(p.file(), p.offset());
  }
}
