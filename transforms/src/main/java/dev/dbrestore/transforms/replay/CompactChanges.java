package dev.dbrestore.transforms.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.CoderUtils;
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
 * so the runner groups a few lists per bucket rather than every change. The lists are grouped
 * encoded: the DirectRunner copies a bucket's grouped bag through its coder each time a bundle
 * adds to it, and copying bytes is one array copy where copying decoded lists built every change
 * again. The result is one list per bucket: the batch each write phase writes in one
 * transaction.
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
    return mergeParts(changes
        .apply("CompactInBundle", ParDo.of(new CompactInBundle(buckets)))
        .setCoder(PARTS_CODER));
  }

  /** The coder of encoded partial buckets, as {@link Compactor} emits them. */
  static final KvCoder<String, byte[]> PARTS_CODER =
      KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of());

  /** Partial buckets grouped and merged: one list of net changes per bucket. */
  static PCollection<KV<String, List<NetChange>>> mergeParts(
      PCollection<KV<String, byte[]>> parts) {
    return parts
        .apply("GroupByBucket", GroupByKey.create())
        .apply("KeepNetEffect", ParDo.of(new KeepNetEffect()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ReplayCoders.NetChangesCoder.of()));
  }

  /**
   * The bucket of a key, by its key text: the same in every attempt, since a bucket's name is
   * part of its journal entries.
   */
  static int bucketOf(String keyText, int buckets) {
    return Math.floorMod(keyText.hashCode(), buckets);
  }

  /** A bucket's name: its table ("database.table") and its number. */
  static String bucketName(String database, String table, int bucket) {
    return database + "." + table + "#" + bucket;
  }

  /**
   * Compacts the changes of a bundle per key before they are grouped, as a combiner would: the
   * runner then groups a few lists per bucket instead of every change. Emits its buckets at the
   * end of the bundle, or sooner when it holds many keys.
   */
  static final class CompactInBundle extends DoFn<RowChange, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;

    private final int buckets;
    private transient Compactor compactor;

    CompactInBundle(int buckets) {
      this.buckets = buckets;
    }

    @StartBundle
    public void startBundle() {
      compactor = new Compactor(buckets);
    }

    @ProcessElement
    public void processElement(
        @Element RowChange change, OutputReceiver<KV<String, byte[]>> out) {
      if (compactor.add(change)) {
        compactor.emit((bucket, part) -> out.output(KV.of(bucket, part)));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      compactor.emit((bucket, part) -> context.output(KV.of(bucket, part),
          GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    }
  }

  /**
   * The net changes of the keys of some row changes, per table and bucket, until emitted: each
   * bucket that holds keys as one encoded list, under the name {@link #bucketName} gives it.
   */
  static final class Compactor {
    /** Keys held before the buckets are emitted early, to bound the memory they take. */
    static final int MAX_KEYS = 200_000;

    private final int buckets;
    /** Database, then table, then the table's buckets: each key's net change by its key text. */
    private Map<String, Map<String, List<Map<String, NetChange>>>> byTable = new HashMap<>();
    private int keys;

    Compactor(int buckets) {
      this.buckets = buckets;
    }

    /** Adds a change of a table with a primary key; true when the buckets should be emitted. */
    boolean add(RowChange change) {
      List<Map<String, NetChange>> tableBuckets =
          byTable.computeIfAbsent(change.database(), d -> new HashMap<>())
              .computeIfAbsent(change.table(), t -> newBuckets());
      for (NetChange net : NetChange.of(change)) {
        String key = net.keyText(); // built once: it picks the bucket and the entry
        Map<String, NetChange> bucket = tableBuckets.get(bucketOf(key, buckets));
        if (bucket.merge(key, net, NetChange::merge) == net) {
          keys++;
        }
      }
      return keys >= MAX_KEYS;
    }

    /** Hands each bucket that holds keys on, encoded, and starts empty again. */
    void emit(java.util.function.BiConsumer<String, byte[]> to) {
      byTable.forEach((database, tables) -> tables.forEach((table, list) -> {
        for (int b = 0; b < list.size(); b++) {
          if (!list.get(b).isEmpty()) {
            to.accept(bucketName(database, table, b), encode(list.get(b).values()));
          }
        }
      }));
      byTable = new HashMap<>();
      keys = 0;
    }

    private List<Map<String, NetChange>> newBuckets() {
      List<Map<String, NetChange>> list = new ArrayList<>(buckets);
      for (int b = 0; b < buckets; b++) {
        list.add(new HashMap<>());
      }
      return list;
    }
  }

  private static byte[] encode(java.util.Collection<NetChange> nets) {
    try {
      return CoderUtils.encodeToByteArray(ReplayCoders.NetChangesCoder.of(), new ArrayList<>(nets));
    } catch (CoderException e) {
      throw new IllegalStateException("A bucket of net changes could not be encoded", e);
    }
  }

  /** One bucket's partial lists merged per key, in any order: merge keeps the log's order. */
  static final class KeepNetEffect
      extends DoFn<KV<String, Iterable<byte[]>>, KV<String, List<NetChange>>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<byte[]>> bucket,
        OutputReceiver<KV<String, List<NetChange>>> out) throws CoderException {
      Map<String, NetChange> byKey = new LinkedHashMap<>();
      for (byte[] part : bucket.getValue()) {
        for (NetChange net :
            CoderUtils.decodeFromByteArray(ReplayCoders.NetChangesCoder.of(), part)) {
          byKey.merge(net.keyText(), net, NetChange::merge);
        }
      }
      out.output(KV.of(bucket.getKey(), new ArrayList<>(byKey.values())));
    }
  }
}
