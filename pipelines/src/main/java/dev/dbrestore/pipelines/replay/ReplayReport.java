package dev.dbrestore.pipelines.replay;

import dev.dbrestore.io.jdbc.ChangeWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a replay did: the second it replayed to, the last transaction applied and the first one
 * skipped (null when the log had none), rows deleted and written per target table, structure
 * statements applied and skipped (each with why), and the verification against the state at that
 * second: row counts (the set's counts plus the log's net changes) and, where they can be
 * derived, digests (the set's digest plus the log's changes to it). {@code tableNames} gives each
 * table of {@code expectedRows} as its database and table name; {@code objectStatements} are the
 * log's view and routine statements, run after the set's own views and routines.
 */
public record ReplayReport(
    Instant pointInTime,
    LogTransaction lastApplied,
    LogTransaction firstSkipped,
    Map<String, Long> rowsDeleted,
    Map<String, Long> rowsWritten,
    List<String> statementsApplied,
    List<String> statementsSkipped,
    int phases,
    Map<String, Long> expectedRows,
    Map<String, List<String>> tableNames,
    Map<String, Long> actualRows,
    List<String> digestsVerified,
    List<String> digestsNotDerived,
    List<String> verificationFailures,
    List<ObjectStatement> objectStatements) {

  /**
   * A view or routine statement of the log, checked, to run after the set's post-data objects
   * ({@link ReplayJob#applyObjectStatements}): its place in the log and the statement.
   */
  public record ObjectStatement(long transaction, int index, ChangeWriter.CheckedDdl check)
      implements java.io.Serializable {}

  /** Whether verification ran and every table has the rows of the state at the point in time. */
  public boolean verified() {
    return actualRows != null && verificationFailures.isEmpty();
  }

  /** The report as lines a user reads. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append("Replayed to ").append(pointInTime).append(" (every commit stamped at or before that"
        + " second) in ").append(phases).append(" phase(s).\n");
    s.append("Last applied: ").append(lastApplied == null ? "none (nothing after the set)"
        : lastApplied).append('\n');
    s.append("First skipped: ").append(firstSkipped == null ? "none (no later commit captured)"
        : firstSkipped).append('\n');
    rowsDeleted.forEach((t, n) -> s.append("  ").append(t).append(": ").append(n)
        .append(" rows deleted\n"));
    rowsWritten.forEach((t, n) -> s.append("  ").append(t).append(": ").append(n)
        .append(" rows written\n"));
    statementsApplied.forEach(x -> s.append("Applied: ").append(x).append('\n'));
    statementsSkipped.forEach(x -> s.append("Skipped: ").append(x).append('\n'));
    objectStatements.forEach(x -> s.append("After the views and routines of the set: ")
        .append(x.check().kind()).append('\n'));
    if (actualRows == null) {
      s.append("Not verified.\n");
    } else if (verificationFailures.isEmpty()) {
      s.append("Verified: ").append(expectedRows.size())
          .append(" table(s) have the row counts of the state at ").append(pointInTime)
          .append(", ").append(digestsVerified.size()).append(" of them its digest too.\n");
      digestsNotDerived.forEach(x -> s.append("Row count only: ").append(x).append('\n'));
    } else {
      verificationFailures.forEach(x -> s.append("Verification failed: ").append(x).append('\n'));
    }
    return s.toString();
  }
}
