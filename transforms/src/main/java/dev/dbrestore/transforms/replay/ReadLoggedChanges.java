package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.parquet.ChangeSegmentReader;
import java.io.IOException;
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

  @ProcessElement
  public void processElement(@Element String segment, OutputReceiver<RowChange> out)
      throws IOException {
    for (ChangeSegmentReader.LoggedChange logged : ChangeSegmentReader.read(segment)) {
      ChangeLogReader.Change c = logged.change();
      if (c.operation() == ChangeLogReader.Operation.DDL
          || !range.contains(
              new ChangeLogReader.Position(logged.binlogFile(), logged.transactionPosition()),
              logged.transaction(), logged.index())) {
        continue;
      }
      if (!scope.selectsTable(c.database(), c.table())) {
        outside.inc();
        continue;
      }
      read.inc();
      out.output(
          new RowChange(
              logged.transaction(), logged.index(), c.operation(),
              scope.targetDatabase(c.database()), scope.targetTable(c.database(), c.table()),
              c.columns(), c.primaryKey(), c.before(), c.after()));
    }
  }
}
