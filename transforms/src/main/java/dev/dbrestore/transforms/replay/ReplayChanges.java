package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeWriter;
import java.util.Objects;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One phase of a replay (the log between two structure statements) from its segment files into
 * the target. Tables with a primary key are compacted to the net effect per key and written in
 * two phases, every touched key deleted first, then every final image inserted, in parallel
 * buckets; tables without one are replayed in commit order, a table at a time. Emits the rows
 * written per target table; every batch is journaled, so a re-run writes nothing twice.
 */
public final class ReplayChanges
    extends PTransform<PCollection<String>, PCollection<KV<String, Long>>> {
  private static final long serialVersionUID = 1L;
  /** Buckets of keys per table and write phase: each is one transaction with its journal entry. */
  public static final int DEFAULT_BUCKETS = 16;

  private final ReplayTarget target;
  private final LogRange range;
  private final ChangeWriter.Scope scope;
  private final String phase;
  private final int buckets;
  private final String digestFolder;

  private ReplayChanges(
      ReplayTarget target, LogRange range, ChangeWriter.Scope scope, String phase, int buckets,
      String digestFolder) {
    this.target = target;
    this.range = range;
    this.scope = scope;
    this.phase = phase;
    this.buckets = buckets;
    this.digestFolder = digestFolder;
  }

  /** A replay phase into a target. */
  public static ReplayChanges into(ReplayTarget target) {
    return new ReplayChanges(target, null, null, null, DEFAULT_BUCKETS, null);
  }

  /** The stretch of the log this phase applies. */
  public ReplayChanges withRange(LogRange range) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder);
  }

  /** The tables replayed and their target names. */
  public ReplayChanges withScope(ChangeWriter.Scope scope) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder);
  }

  /** The phase's name in journal entries: the same for every attempt and re-run of the phase. */
  public ReplayChanges withPhase(String phase) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder);
  }

  public ReplayChanges withBuckets(int buckets) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder);
  }

  /**
   * Also writes what the log adds to each table's digest into files in {@code folder} (one per
   * table), for verification against the digest of the state at the point in time.
   */
  public ReplayChanges withDigestDeltasIn(String folder) {
    return new ReplayChanges(target, range, scope, phase, buckets, folder);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<String> segments) {
    Objects.requireNonNull(target, "ReplayChanges needs into(target)");
    Objects.requireNonNull(target.journal(), "ReplayChanges needs a target with a journal");
    Objects.requireNonNull(range, "ReplayChanges needs withRange()");
    Objects.requireNonNull(scope, "ReplayChanges needs withScope()");
    Objects.requireNonNull(phase, "ReplayChanges needs withPhase()");
    if (buckets < 1) {
      throw new IllegalArgumentException("ReplayChanges needs withBuckets() of at least 1");
    }
    PCollection<RowChange> changes =
        segments
            .apply("ReadLoggedChanges", ParDo.of(new ReadLoggedChanges(range, scope)))
            .setCoder(SerializableCoder.of(RowChange.class));
    PCollectionList<RowChange> byKind =
        changes.apply("SplitByPrimaryKey", Partition.of(2, (c, n) -> c.keyed() ? 0 : 1));

    PCollection<NetChange> net =
        byKind.get(0).apply("CompactPerKey", CompactChanges.perKey().withBuckets(buckets))
            .setCoder(SerializableCoder.of(NetChange.class));
    net.apply("CountNetRows", ParDo.of(new CountNetRows()));
    PCollection<KV<String, Long>> deleted =
        net.apply("BucketTouchedKeys", ParDo.of(new Bucket(buckets)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(NetChange.class)))
            .apply("GroupTouchedKeys", GroupByKey.create())
            .apply("DeleteTouchedKeys", ParDo.of(new DeleteTouchedKeys(target, phase)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    PCollection<KV<String, Long>> written =
        net.apply("WaitForDeletes", Wait.on(deleted))
            .setCoder(SerializableCoder.of(NetChange.class))
            .apply("KeepFinalImages", Filter.by(n -> n.image() != null))
            .apply("BucketFinalImages", ParDo.of(new Bucket(buckets)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(NetChange.class)))
            .apply("GroupFinalImages", GroupByKey.create())
            .apply("WriteFinalImages", ParDo.of(new WriteFinalImages(target, phase)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

    PCollection<RowChange> unkeyed = byKind.get(1);
    if (digestFolder != null) {
      DigestDeltas.write(net, unkeyed, digestFolder);
    }
    unkeyed.apply("CountNetRowsInCommitOrder", ParDo.of(new CountOrderedNetRows()));
    PCollection<KV<String, Long>> ordered =
        unkeyed
            .apply("KeyByTable",
                WithKeys.of((RowChange c) -> c.tableName()).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(RowChange.class)))
            .apply("GroupByTable", GroupByKey.create())
            .apply("ApplyInCommitOrder", ParDo.of(new ApplyInCommitOrder(target, phase)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return PCollectionList.of(written).and(ordered).apply("RowsWritten", Flatten.pCollections());
  }

  /** Spreads a table's keys over buckets by their hash: the same bucket in every attempt. */
  static final class Bucket extends DoFn<NetChange, KV<String, NetChange>> {
    private static final long serialVersionUID = 1L;
    private final int buckets;

    Bucket(int buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void processElement(@Element NetChange net, OutputReceiver<KV<String, NetChange>> out) {
      out.output(KV.of(
          net.tableName() + "#" + Math.floorMod(net.keyText().hashCode(), buckets), net));
    }
  }

  /** Adds each key's row delta to its table's net-rows counter (from the log alone). */
  static final class CountNetRows extends DoFn<NetChange, Void> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element NetChange net) {
      long delta = net.rowDelta();
      if (delta != 0) {
        Metrics.counter(ReplayMetrics.NET_ROWS_BY_TABLE, net.tableName()).inc(delta);
      }
    }
  }

  /** For tables without a key: an insert adds a row, a delete removes one. */
  static final class CountOrderedNetRows extends DoFn<RowChange, Void> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element RowChange change) {
      long delta = switch (change.operation()) {
        case INSERT -> 1;
        case DELETE -> -1;
        default -> 0;
      };
      if (delta != 0) {
        Metrics.counter(ReplayMetrics.NET_ROWS_BY_TABLE, change.tableName()).inc(delta);
      }
    }
  }
}
