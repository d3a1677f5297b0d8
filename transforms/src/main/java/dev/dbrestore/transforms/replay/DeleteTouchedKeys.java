package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * The first write phase: deletes the row of every key the log touched, one bucket of keys per
 * transaction with its journal entry. Once every bucket is done, only untouched rows are left,
 * so the final images can go in in any order without colliding on a unique key.
 */
final class DeleteTouchedKeys extends JournaledBatchFn<KV<String, Iterable<NetChange>>, KV<String, Long>> {
  private static final long serialVersionUID = 1L;
  DeleteTouchedKeys(ReplayTarget target, String phase) {
    super(target, phase);
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, Iterable<NetChange>> bucket, OutputReceiver<KV<String, Long>> out)
      throws InterruptedException {
    // Read once into memory: a runner's grouped values may be iterable only once, and a retried
    // attempt goes over them again.
    List<NetChange> keys = new ArrayList<>();
    bucket.getValue().forEach(keys::add);
    NetChange first = keys.get(0);
    String table = first.tableName();
    String entry = entry("delete", table, bucketOf(bucket.getKey()));
    long deleted =
        once(entry, table, c -> {
          long rows = 0;
          try (PreparedStatement delete =
              c.prepareStatement(
                  target.writer().deleteByKey(first.database(), first.table(), first.keyColumns()))) {
            int batched = 0;
            for (NetChange net : keys) {
              List<ChangeLogReader.Column> encodings = net.keyEncodings();
              for (int k = 0; k < encodings.size(); k++) {
                target.dialect().bindValue(delete, k + 1, encodings.get(k).encoding(),
                    net.key()[k]);
              }
              delete.addBatch();
              if (++batched >= BATCH_ROWS) {
                rows += affected(delete.executeBatch());
                batched = 0;
              }
            }
            if (batched > 0) {
              rows += affected(delete.executeBatch());
            }
          }
          return rows;
        });
    if (deleted >= 0) {
      Metrics.counter(ReplayMetrics.ROWS_DELETED_BY_TABLE, table).inc(deleted);
    }
    out.output(KV.of(table, Math.max(deleted, 0)));
  }

  static long affected(int[] counts) {
    long rows = 0;
    for (int n : counts) {
      rows += Math.max(n, 0);
    }
    return rows;
  }

  static String bucketOf(String bucketKey) {
    return bucketKey.substring(bucketKey.lastIndexOf('#') + 1);
  }
}
