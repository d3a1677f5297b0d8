package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * The second write phase: inserts every final image, one bucket of keys per transaction with its
 * journal entry. Plain INSERTs: after the first phase no row holds these keys, so a collision is
 * a real difference between the set and its log and fails, naming the table.
 */
final class WriteFinalImages extends JournaledBatchFn<KV<String, List<NetChange>>, KV<String, Long>> {
  private static final long serialVersionUID = 1L;
  /** The tables written in two phases; every other table's buckets are written in one. */
  private final Set<String> twoPhaseTables;

  WriteFinalImages(ReplayTarget target, String phase, Set<String> twoPhaseTables) {
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
    NetChange first = bucket.getValue().get(0);
    String table = first.tableName();
    List<NetChange> images = new ArrayList<>();
    for (NetChange net : bucket.getValue()) {
      if (net.image() != null) {
        images.add(net); // a key deleted at the end has no image
      }
    }
    if (images.isEmpty()) {
      out.output(KV.of(table, 0L));
      return;
    }
    String entry = entry("insert", table, DeleteTouchedKeys.bucketOf(bucket.getKey()));
    long written = once(entry, table, c -> writeImages(target, c, images, false));
    if (written >= 0) {
      Metrics.counter(ReplayMetrics.ROWS_WRITTEN_BY_TABLE, table).inc(written);
    }
    out.output(KV.of(table, Math.max(written, 0)));
  }

  /**
   * Writes the final images of one table in JDBC batches: plain INSERTs, or with {@code upsert}
   * INSERTs that set every column of a row already holding the key. Images of one table in one
   * phase share their columns; grouped by them all the same.
   */
  static long writeImages(
      ReplayTarget target, Connection c, List<NetChange> images, boolean upsert)
      throws SQLException {
    Map<List<ChangeLogReader.Column>, List<NetChange>> byColumns = new LinkedHashMap<>();
    for (NetChange net : images) {
      byColumns.computeIfAbsent(net.columns(), k -> new ArrayList<>()).add(net);
    }
    NetChange first = images.get(0);
    long rows = 0;
    for (Map.Entry<List<ChangeLogReader.Column>, List<NetChange>> group : byColumns.entrySet()) {
      List<ChangeLogReader.Column> columns = group.getKey();
      List<String> names = columns.stream().map(ChangeLogReader.Column::name).toList();
      String sql = upsert
          ? target.writer().upsertRow(first.database(), first.table(), names)
          : target.writer().insertRow(first.database(), first.table(), names);
      try (PreparedStatement insert = c.prepareStatement(sql)) {
        int batched = 0;
        for (NetChange net : group.getValue()) {
          for (int i = 0; i < columns.size(); i++) {
            target.dialect().bindValue(insert, i + 1, columns.get(i).encoding(), net.image()[i]);
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
  }
}
