package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * The first write phase: deletes the row of every key the log touched that was there before, one
 * bucket of keys per transaction with its journal entry. Once every bucket is done, only untouched rows are left,
 * so the final images can go in in any order without colliding on a unique key.
 */
final class DeleteTouchedKeys extends JournaledBatchFn<KV<String, List<NetChange>>, KV<String, Long>> {
  private static final long serialVersionUID = 1L;
  /** Keys deleted by one statement. */
  static final int KEYS_PER_DELETE = 500;

  /** The tables written in two phases; every other table's buckets are written in one. */
  private final Set<String> twoPhaseTables;

  DeleteTouchedKeys(ReplayTarget target, String phase, Set<String> twoPhaseTables) {
    super(target, phase);
    this.twoPhaseTables = new TreeSet<>(twoPhaseTables);
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, List<NetChange>> bucket, OutputReceiver<KV<String, Long>> out)
      throws InterruptedException {
    if (!twoPhaseTables.contains(bucket.getValue().get(0).tableName())) {
      return;
    }
    // A key whose first change in the log created it was not in the set, so not in the target.
    List<NetChange> keys = new ArrayList<>();
    for (NetChange net : bucket.getValue()) {
      if (net.existedBefore()) {
        keys.add(net);
      }
    }
    String table = bucket.getValue().get(0).tableName();
    if (keys.isEmpty()) {
      out.output(KV.of(table, 0L));
      return;
    }
    String entry = entry("delete", table, bucketOf(bucket.getKey()));
    long deleted = once(entry, table, c -> deleteKeys(target, c, keys));
    if (deleted >= 0) {
      Metrics.counter(ReplayMetrics.ROWS_DELETED_BY_TABLE, table).inc(deleted);
    }
    out.output(KV.of(table, Math.max(deleted, 0)));
  }

  /** Deletes the rows of these keys of one table, a statement per {@link #KEYS_PER_DELETE}. */
  static long deleteKeys(ReplayTarget target, Connection c, List<NetChange> keys)
      throws SQLException {
    NetChange first = keys.get(0);
    long rows = 0;
    // Keys a statement at a time: below the server's threshold for turning an IN list into a
    // table of values.
    for (int from = 0; from < keys.size(); from += KEYS_PER_DELETE) {
      List<NetChange> part = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_DELETE));
      try (PreparedStatement delete = c.prepareStatement(target.writer().deleteByKeys(
          first.database(), first.table(), first.keyColumns(), part.size()))) {
        int p = 1;
        for (NetChange net : part) {
          List<ChangeLogReader.Column> encodings = net.keyEncodings();
          for (int k = 0; k < encodings.size(); k++) {
            target.dialect().bindValue(delete, p++, encodings.get(k).encoding(), net.key()[k]);
          }
        }
        rows += delete.executeUpdate();
      }
    }
    return rows;
  }

  static String bucketOf(String bucketKey) {
    return bucketKey.substring(bucketKey.lastIndexOf('#') + 1);
  }
}
