package dev.dbrestore.transforms.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * The one write phase of a table whose only unique key is its primary key: a bucket's net
 * changes in one transaction with its journal entry. Keys deleted at the end are deleted; a final
 * image of a key that was there before sets that row's every column; one of a new key is
 * inserted (a collision is then a real difference between the set and its log and fails, naming
 * the table). Buckets hold different keys and no other unique key exists, so buckets can run in
 * any order and at once.
 */
final class WriteNetChanges extends JournaledBatchFn<KV<String, List<NetChange>>, KV<String, Long>> {
  private static final long serialVersionUID = 1L;

  /** Tables written in two phases instead, whose buckets this step leaves alone. */
  private final Set<String> twoPhaseTables;

  WriteNetChanges(ReplayTarget target, String phase, Set<String> twoPhaseTables) {
    super(target, phase);
    this.twoPhaseTables = new TreeSet<>(twoPhaseTables);
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, List<NetChange>> bucket, OutputReceiver<KV<String, Long>> out)
      throws InterruptedException {
    if (twoPhaseTables.contains(bucket.getValue().get(0).tableName())) {
      return;
    }
    List<NetChange> deletes = new ArrayList<>();
    List<NetChange> updates = new ArrayList<>();
    List<NetChange> inserts = new ArrayList<>();
    for (NetChange net : bucket.getValue()) {
      if (net.image() == null) {
        if (net.existedBefore()) {
          deletes.add(net); // a key created and deleted in the log was never in the target
        }
      } else {
        (net.existedBefore() ? updates : inserts).add(net);
      }
    }
    String table = bucket.getValue().get(0).tableName();
    if (deletes.isEmpty() && updates.isEmpty() && inserts.isEmpty()) {
      out.output(KV.of(table, 0L));
      return;
    }
    long[] deleted = new long[1];
    String entry = entry("write", table, DeleteTouchedKeys.bucketOf(bucket.getKey()));
    long written =
        once(entry, table, c -> {
          deleted[0] = deletes.isEmpty() ? 0 : DeleteTouchedKeys.deleteKeys(target, c, deletes);
          return (updates.isEmpty() ? 0 : WriteFinalImages.writeImages(target, c, updates, true))
              + (inserts.isEmpty() ? 0 : WriteFinalImages.writeImages(target, c, inserts, false));
        });
    if (written >= 0) {
      Metrics.counter(ReplayMetrics.ROWS_DELETED_BY_TABLE, table).inc(deleted[0]);
      Metrics.counter(ReplayMetrics.ROWS_WRITTEN_BY_TABLE, table).inc(written);
    }
    out.output(KV.of(table, Math.max(written, 0)));
  }
}
