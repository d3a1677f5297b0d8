package dev.dbrestore.io.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The log manifest of a source's captured change log, format v1: where capture started, and
 * every durable log segment in log order with its range, counts and SHA-256. Only segments
 * listed here exist for readers. {@code docs/backup-set-format.md} describes each field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record LogManifest(
    int formatVersion, String source, String serverId, Start start, List<Segment> segments,
    List<Gap> gaps) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "log-manifest.json";
  /** The folder of a source's log in the backup repository: {@code <source>/binlog/}. */
  public static final String FOLDER = "binlog";

  /** A place in the source's binary log. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Point(String binlogFile, long binlogPosition) {}

  /** Where the log begins: the consistent point of a full set (named by its folder). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Start(Point point, String gtidSet, String time, String fullSet) {}

  /**
   * One segment file: whole transactions {@code firstTransaction..lastTransaction} read from
   * {@code start} up to {@code end} (where the next segment starts), their commit times and
   * GTIDs, how many row changes and DDL statements it holds, its size and SHA-256.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Segment(
      String file,
      Point start,
      Point end,
      long firstTransaction,
      long lastTransaction,
      String firstCommitTime,
      String lastCommitTime,
      String firstGtid,
      String lastGtid,
      long rowCount,
      long statementCount,
      long bytes,
      String sha256) {}

  /** A stretch of the source's log that is not captured, and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Gap(Point from, Point to, String fromTime, String toTime, String reason) {}

  /** A new, empty log starting at {@code start}. */
  public static LogManifest begin(String source, String serverId, Start start) {
    return new LogManifest(FORMAT_VERSION, source, serverId, start, List.of(), List.of());
  }

  /** This manifest with one more segment. */
  public LogManifest with(Segment segment) {
    List<Segment> more = new ArrayList<>(segments);
    more.add(segment);
    return new LogManifest(formatVersion, source, serverId, start, List.copyOf(more), gaps);
  }

  /** This manifest with one more gap. */
  public LogManifest withGap(Gap gap) {
    List<Gap> more = new ArrayList<>(gaps == null ? List.of() : gaps);
    more.add(gap);
    return new LogManifest(formatVersion, source, serverId, start, segments, List.copyOf(more));
  }

  /** The last segment, or null before any. */
  public Segment lastSegment() {
    return segments.isEmpty() ? null : segments.get(segments.size() - 1);
  }

  /**
   * Where capture goes on: the end of the last durable segment (or the start), or past a gap
   * recorded there.
   */
  public Point end() {
    Segment last = lastSegment();
    Point end = last == null ? start.point() : last.end();
    for (Gap gap : gaps == null ? List.<Gap>of() : gaps) {
      if (gap.from().equals(end)) {
        end = gap.to();
      }
    }
    return end;
  }
}
