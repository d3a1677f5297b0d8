package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * The second write phase: inserts every final image, one bucket of keys per transaction with its
 * journal entry. Plain INSERTs: after the first phase no row holds these keys, so a collision is
 * a real difference between the set and its log and fails, naming the table.
 */
final class WriteFinalImages extends JournaledBatchFn<KV<String, List<NetChange>>, KV<String, Long>> {
  private static final long serialVersionUID = 1L;
  WriteFinalImages(ReplayTarget target, String phase) {
    super(target, phase);
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, List<NetChange>> bucket, OutputReceiver<KV<String, Long>> out)
      throws InterruptedException {
    // Images of one table in one phase share their columns; grouped by them all the same. A key
    // deleted at the end has no image.
    Map<List<ChangeLogReader.Column>, List<NetChange>> byColumns = new LinkedHashMap<>();
    NetChange first = bucket.getValue().get(0);
    for (NetChange net : bucket.getValue()) {
      if (net.image() != null) {
        byColumns.computeIfAbsent(net.columns(), k -> new ArrayList<>()).add(net);
      }
    }
    String table = first.tableName();
    if (byColumns.isEmpty()) {
      out.output(KV.of(table, 0L));
      return;
    }
    String database = first.database();
    String name = first.table();
    String entry = entry("insert", table, DeleteTouchedKeys.bucketOf(bucket.getKey()));
    long written =
        once(entry, table, c -> {
          long rows = 0;
          for (Map.Entry<List<ChangeLogReader.Column>, List<NetChange>> group :
              byColumns.entrySet()) {
            List<ChangeLogReader.Column> columns = group.getKey();
            try (PreparedStatement insert =
                c.prepareStatement(
                    target.writer().insertRow(database, name,
                        columns.stream().map(ChangeLogReader.Column::name).toList()))) {
              int batched = 0;
              for (NetChange net : group.getValue()) {
                for (int i = 0; i < columns.size(); i++) {
                  target.dialect().bindValue(insert, i + 1, columns.get(i).encoding(),
                      net.image()[i]);
                }
                insert.addBatch();
                rows++;
                if (++batched >= BATCH_ROWS) {
                  insert.executeBatch();
                  batched = 0;
                }
              }
              if (batched > 0) {
                insert.executeBatch();
              }
            }
          }
          return rows;
        });
    if (written >= 0) {
      Metrics.counter(ReplayMetrics.ROWS_WRITTEN_BY_TABLE, table).inc(written);
    }
    out.output(KV.of(table, Math.max(written, 0)));
  }
}
