package dev.dbrestore.transforms.replay;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Compacts the row changes of tables with a primary key to their net effect per (table, key):
 * the last after-image or a delete, by place in the log (transaction, then change), and whether
 * the row was there before. A row updated a thousand times comes out once; an update that changes
 * the key deletes the old key and sets the new one.
 *
 * <p>Keys are compacted a bucket at a time (a table and a hash of the key), not one group per
 * key: a runner pays for every group it hands on (the DirectRunner starts a bundle for each, which
 * made a replay of a few thousand keys take half a minute), and a bucket's net state is only its
 * distinct keys.
 */
public final class CompactChanges
    extends PTransform<PCollection<RowChange>, PCollection<NetChange>> {
  private static final long serialVersionUID = 1L;

  /** The default number of buckets per table. */
  public static final int DEFAULT_BUCKETS = 16;

  private final int buckets;

  private CompactChanges(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("CompactChanges needs at least 1 bucket per table");
    }
    this.buckets = buckets;
  }

  public static CompactChanges perKey() {
    return new CompactChanges(DEFAULT_BUCKETS);
  }

  /** The same, in this many buckets per table. */
  public CompactChanges withBuckets(int buckets) {
    return new CompactChanges(buckets);
  }

  @Override
  public PCollection<NetChange> expand(PCollection<RowChange> changes) {
    return changes
        .apply("KeyByTableAndBucket", ParDo.of(new KeyByBucket(buckets)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(NetChange.class)))
        .apply("GroupByBucket", GroupByKey.create())
        .apply("KeepNetEffect", ParDo.of(new KeepNetEffect()))
        .setCoder(SerializableCoder.of(NetChange.class));
  }

  static final class KeyByBucket extends DoFn<RowChange, KV<String, NetChange>> {
    private static final long serialVersionUID = 1L;
    private final int buckets;

    KeyByBucket(int buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void processElement(@Element RowChange change, OutputReceiver<KV<String, NetChange>> out) {
      for (NetChange net : NetChange.of(change)) {
        out.output(KV.of(
            net.tableName() + "#" + Math.floorMod(net.keyText().hashCode(), buckets), net));
      }
    }
  }

  /** One bucket's changes merged per key, in any order: merge keeps the log's order itself. */
  static final class KeepNetEffect extends DoFn<KV<String, Iterable<NetChange>>, NetChange> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<NetChange>> bucket, OutputReceiver<NetChange> out) {
      Map<String, NetChange> byKey = new LinkedHashMap<>();
      for (NetChange net : bucket.getValue()) {
        byKey.merge(net.keyText(), net, NetChange::merge);
      }
      byKey.values().forEach(out::output);
    }
  }
}
