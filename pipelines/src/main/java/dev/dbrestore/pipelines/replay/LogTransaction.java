package dev.dbrestore.pipelines.replay;

import java.time.Instant;

/**
 * A transaction of the captured log as a replay report names it: its number in the log, GTID,
 * binary log file and position range, and commit time; {@code position} is -1 where the replay
 * did not need to read it.
 */
public record LogTransaction(
    long number, String gtid, String file, long position, long endPosition, Instant commitTime) {
  @Override
  public String toString() {
    return (gtid == null ? "transaction " + number : "GTID " + gtid) + " at " + file + ":"
        + (position < 0 ? "" : position + "-") + endPosition + ", committed " + commitTime;
  }
}
