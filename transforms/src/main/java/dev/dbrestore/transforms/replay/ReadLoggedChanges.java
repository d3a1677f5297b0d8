package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.parquet.ChangeSegmentReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Reads one log segment (a path the plan has checked against its SHA-256) and emits the row
 * changes of the selected tables in the phase's range, with target names.
 */
public final class ReadLoggedChanges extends DoFn<String, RowChange> {
  private static final long serialVersionUID = 1L;

  private final LogRange range;
  private final ChangeWriter.Scope scope;
  private final Counter read = Metrics.counter(ReadLoggedChanges.class, "row_changes_read");
  private final Counter outside =
      Metrics.counter(ReadLoggedChanges.class, "row_changes_outside_selection");

  public ReadLoggedChanges(LogRange range, ChangeWriter.Scope scope) {
    this.range = range;
    this.scope = scope;
  }

  /** A source table's target names, or {@link #NOT_SELECTED}. */
  private record Target(String database, String table) {}

  private static final Target NOT_SELECTED = new Target(null, null);

  @ProcessElement
  public void processElement(@Element String segment, OutputReceiver<RowChange> out)
      throws IOException {
    read(segment, out::output);
  }

  /** Hands each row change of the segment in range and in the selection, with target names, on. */
  void read(String segment, Consumer<RowChange> each) throws IOException {
    // Per segment, not per change: the selection and names of each table, whether a
    // transaction's start is after the set's point (its changes share it), and the counts.
    Map<String, Map<String, Target>> targets = new HashMap<>();
    String lastFile = null;
    long lastPosition = -1;
    boolean afterPoint = false;
    long readCount = 0;
    long outsideCount = 0;
    for (ChangeSegmentReader.LoggedChange logged : ChangeSegmentReader.read(segment)) {
      ChangeLogReader.Change c = logged.change();
      if (c.operation() == ChangeLogReader.Operation.DDL) {
        continue;
      }
      if (logged.transactionPosition() != lastPosition
          || !logged.binlogFile().equals(lastFile)) {
        lastFile = logged.binlogFile();
        lastPosition = logged.transactionPosition();
        afterPoint = new ChangeLogReader.Position(lastFile, lastPosition)
            .compareTo(range.from()) >= 0;
      }
      if (!afterPoint || !range.contains(logged.transaction(), logged.index())) {
        continue;
      }
      Target target = targets.computeIfAbsent(c.database(), d -> new HashMap<>())
          .computeIfAbsent(c.table(), t -> scope.selectsTable(c.database(), t)
              ? new Target(scope.targetDatabase(c.database()),
                  scope.targetTable(c.database(), t))
              : NOT_SELECTED);
      if (target == NOT_SELECTED) {
        outsideCount++;
        continue;
      }
      readCount++;
      each.accept(
          new RowChange(
              logged.transaction(), logged.index(), c.operation(), target.database(),
              target.table(), c.columns(), c.primaryKey(), c.before(), c.after()));
    }
    read.inc(readCount);
    outside.inc(outsideCount);
  }
}
