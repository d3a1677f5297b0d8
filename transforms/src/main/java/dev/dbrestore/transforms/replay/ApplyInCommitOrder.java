package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * Replays the changes of one table without a primary key in commit order, in one transaction
 * with its journal entry: a row is matched by its whole before-image and changed one at a time,
 * so duplicate rows keep their multiplicity. A change whose row is not in the target fails.
 */
final class ApplyInCommitOrder extends JournaledBatchFn<KV<String, Iterable<List<RowChange>>>, KV<String, Long>> {
  private static final long serialVersionUID = 1L;

  ApplyInCommitOrder(ReplayTarget target, String phase) {
    super(target, phase);
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, Iterable<List<RowChange>>> table,
      OutputReceiver<KV<String, Long>> out) throws InterruptedException {
    List<RowChange> changes = new ArrayList<>();
    table.getValue().forEach(changes::addAll);
    changes.sort(Comparator.comparingLong(RowChange::transaction)
        .thenComparingInt(RowChange::index));
    String name = table.getKey();
    long[] deleted = new long[1];
    long written =
        once(entry("ordered", name, null), name, c -> {
          deleted[0] = 0;
          long rows = 0;
          for (RowChange change : changes) {
            switch (change.operation()) {
              case INSERT -> rows += insert(c, change);
              case DELETE -> {
                one(c, change, target.writer().deleteOneRow(
                    change.database(), change.table(), change.columns()), false);
                deleted[0]++;
              }
              case UPDATE -> {
                one(c, change, target.writer().updateOneRow(
                    change.database(), change.table(), change.columns()), true);
                rows++;
              }
              case DDL -> throw new IllegalArgumentException("not a row change");
            }
          }
          return rows;
        });
    if (written >= 0) {
      Metrics.counter(ReplayMetrics.ROWS_WRITTEN_BY_TABLE, name).inc(written);
      Metrics.counter(ReplayMetrics.ROWS_DELETED_BY_TABLE, name).inc(deleted[0]);
    }
    out.output(KV.of(name, Math.max(written, 0)));
  }

  private long insert(Connection c, RowChange change) throws SQLException {
    List<ChangeLogReader.Column> columns = change.columns();
    try (PreparedStatement s =
        c.prepareStatement(target.writer().insertRow(change.database(), change.table(),
            columns.stream().map(ChangeLogReader.Column::name).toList()))) {
      for (int i = 0; i < columns.size(); i++) {
        target.dialect().bindValue(s, i + 1, columns.get(i).encoding(), change.after()[i]);
      }
      return s.executeUpdate();
    }
  }

  private void one(Connection c, RowChange change, String sql, boolean setAfter)
      throws SQLException {
    List<ChangeLogReader.Column> columns = change.columns();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int index = 1;
      if (setAfter) {
        for (int i = 0; i < columns.size(); i++) {
          target.dialect().bindValue(s, index++, columns.get(i).encoding(), change.after()[i]);
        }
      }
      target.writer().bindRowMatch(target.dialect(), s, index, columns, change.before());
      if (s.executeUpdate() != 1) {
        throw new SQLException(
            "no row of " + change.tableName() + " equals the before image of the log's "
                + change.operation().name().toLowerCase(java.util.Locale.ROOT) + " in transaction "
                + change.transaction() + "; the target differs from the backup set and its log",
            "HY000");
      }
    }
  }
}
