package dev.dbrestore.transforms.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
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
 * distinct keys. Each bundle compacts its own changes before the grouping, as a combiner would,
 * so the runner groups a few lists per bucket rather than every change (the DirectRunner copies
 * a grouped bag each time a bundle adds to it). The result is one list per bucket: the batch each
 * write phase writes in one transaction.
 */
public final class CompactChanges
    extends PTransform<PCollection<RowChange>, PCollection<KV<String, List<NetChange>>>> {
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
  public PCollection<KV<String, List<NetChange>>> expand(PCollection<RowChange> changes) {
    KvCoder<String, List<NetChange>> coder =
        KvCoder.of(StringUtf8Coder.of(), ReplayCoders.NetChangesCoder.of());
    return changes
        .apply("CompactInBundle", ParDo.of(new CompactInBundle(buckets)))
        .setCoder(coder)
        .apply("GroupByBucket", GroupByKey.create())
        .apply("KeepNetEffect", ParDo.of(new KeepNetEffect()))
        .setCoder(coder);
  }

  /** The bucket of a net change: its table and a hash of its key, the same in every attempt. */
  static String bucketOf(NetChange net, int buckets) {
    return net.tableName() + "#" + Math.floorMod(net.keyText().hashCode(), buckets);
  }

  /**
   * Compacts the changes of a bundle per key before they are grouped, as a combiner would: the
   * runner then groups a few lists per bucket instead of every change. Emits its buckets at the
   * end of the bundle, or sooner when it holds many keys.
   */
  static final class CompactInBundle extends DoFn<RowChange, KV<String, List<NetChange>>> {
    private static final long serialVersionUID = 1L;
    /** Keys held before the bundle's buckets are emitted early, to bound its memory. */
    static final int MAX_KEYS = 200_000;

    private final int buckets;
    private transient Map<String, Map<String, NetChange>> byBucket;
    private transient int keys;

    CompactInBundle(int buckets) {
      this.buckets = buckets;
    }

    @StartBundle
    public void startBundle() {
      byBucket = new HashMap<>();
      keys = 0;
    }

    @ProcessElement
    public void processElement(
        @Element RowChange change, OutputReceiver<KV<String, List<NetChange>>> out) {
      for (NetChange net : NetChange.of(change)) {
        Map<String, NetChange> bucket =
            byBucket.computeIfAbsent(bucketOf(net, buckets), b -> new HashMap<>());
        if (bucket.merge(net.keyText(), net, NetChange::merge) == net) {
          keys++;
        }
      }
      if (keys >= MAX_KEYS) {
        byBucket.forEach((b, nets) -> out.output(KV.of(b, new ArrayList<>(nets.values()))));
        startBundle();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      byBucket.forEach((b, nets) -> context.output(
          KV.of(b, new ArrayList<>(nets.values())), GlobalWindow.INSTANCE.maxTimestamp(),
          GlobalWindow.INSTANCE));
      startBundle();
    }
  }

  /** One bucket's partial lists merged per key, in any order: merge keeps the log's order. */
  static final class KeepNetEffect
      extends DoFn<KV<String, Iterable<List<NetChange>>>, KV<String, List<NetChange>>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<List<NetChange>>> bucket,
        OutputReceiver<KV<String, List<NetChange>>> out) {
      Map<String, NetChange> byKey = new LinkedHashMap<>();
      for (List<NetChange> part : bucket.getValue()) {
        for (NetChange net : part) {
          byKey.merge(net.keyText(), net, NetChange::merge);
        }
      }
      out.output(KV.of(bucket.getKey(), new ArrayList<>(byKey.values())));
    }
  }
}
