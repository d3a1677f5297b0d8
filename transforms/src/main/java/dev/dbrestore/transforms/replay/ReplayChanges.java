package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * One phase of a replay (the log between two structure statements) from its segment files into
 * the target. Tables with a primary key are compacted to the net effect per key and written in
 * parallel buckets: in one phase where the primary key is the table's only unique key (each
 * bucket deletes, updates and inserts its own keys), else in two, every touched key deleted
 * first, then every final image inserted, so that two rows that swapped a unique value never
 * collide. Tables without a primary key are replayed in commit order, a table at a time. Emits
 * the rows written per target table; every batch is journaled, so a re-run writes nothing twice.
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
  private final Set<String> uniqueKeyed;

  private ReplayChanges(
      ReplayTarget target, LogRange range, ChangeWriter.Scope scope, String phase, int buckets,
      String digestFolder, Set<String> uniqueKeyed) {
    this.target = target;
    this.range = range;
    this.scope = scope;
    this.phase = phase;
    this.buckets = buckets;
    this.digestFolder = digestFolder;
    this.uniqueKeyed = uniqueKeyed;
  }

  /** A replay phase into a target. */
  public static ReplayChanges into(ReplayTarget target) {
    return new ReplayChanges(target, null, null, null, DEFAULT_BUCKETS, null, null);
  }

  /** The stretch of the log this phase applies. */
  public ReplayChanges withRange(LogRange range) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder, uniqueKeyed);
  }

  /** The tables replayed and their target names. */
  public ReplayChanges withScope(ChangeWriter.Scope scope) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder, uniqueKeyed);
  }

  /** The phase's name in journal entries: the same for every attempt and re-run of the phase. */
  public ReplayChanges withPhase(String phase) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder, uniqueKeyed);
  }

  public ReplayChanges withBuckets(int buckets) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder, uniqueKeyed);
  }

  /**
   * Also writes what the log adds to each table's digest into files in {@code folder} (one per
   * table), for verification against the digest of the state at the point in time.
   */
  public ReplayChanges withDigestDeltasIn(String folder) {
    return new ReplayChanges(target, range, scope, phase, buckets, folder, uniqueKeyed);
  }

  /**
   * The target tables (database.table) that have a unique key besides their primary key: they
   * are written in two phases. Every other keyed table is written in one.
   */
  public ReplayChanges withUniqueSecondaryKeys(Set<String> tables) {
    return new ReplayChanges(target, range, scope, phase, buckets, digestFolder,
        new TreeSet<>(tables));
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<String> segments) {
    Objects.requireNonNull(target, "ReplayChanges needs into(target)");
    Objects.requireNonNull(target.journal(), "ReplayChanges needs a target with a journal");
    Objects.requireNonNull(range, "ReplayChanges needs withRange()");
    Objects.requireNonNull(scope, "ReplayChanges needs withScope()");
    Objects.requireNonNull(phase, "ReplayChanges needs withPhase()");
    Objects.requireNonNull(uniqueKeyed, "ReplayChanges needs withUniqueSecondaryKeys()");
    if (buckets < 1) {
      throw new IllegalArgumentException("ReplayChanges needs withBuckets() of at least 1");
    }
    // Changes of keyed tables are compacted as they are read, so none of them is held between
    // steps; those of tables without a key go on in commit order.
    PCollectionTuple read =
        segments.apply("ReadAndCompact",
            ParDo.of(new ReadAndCompact(new ReadLoggedChanges(range, scope), buckets))
                .withOutputTags(
                    ReadAndCompact.KEYED_PARTS, TupleTagList.of(ReadAndCompact.UNKEYED)));

    // One element per bucket of keys from here on: each is one batch of each write phase.
    KvCoder<String, List<NetChange>> bucketCoder =
        KvCoder.of(StringUtf8Coder.of(), ReplayCoders.NetChangesCoder.of());
    PCollection<KV<String, List<NetChange>>> net = CompactChanges.mergeParts(
        read.get(ReadAndCompact.KEYED_PARTS).setCoder(CompactChanges.PARTS_CODER));
    net.apply("CountNetRows", ParDo.of(new CountNetRows()));
    // Each write step takes the buckets of its own tables from the one compacted collection: a
    // Partition in front of them left the FlinkRunner's batch job waiting forever.
    KvCoder<String, Long> countCoder = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    PCollection<KV<String, Long>> writtenAtOnce =
        net.apply("WriteNetChanges", ParDo.of(new WriteNetChanges(target, phase, uniqueKeyed)))
            .setCoder(countCoder);
    PCollection<KV<String, Long>> deleted =
        net.apply("DeleteTouchedKeys", ParDo.of(new DeleteTouchedKeys(target, phase, uniqueKeyed)))
            .setCoder(countCoder);
    PCollection<KV<String, Long>> written =
        net.apply("WaitForDeletes", Wait.on(deleted))
            .setCoder(bucketCoder)
            .apply("WriteFinalImages", ParDo.of(new WriteFinalImages(target, phase, uniqueKeyed)))
            .setCoder(countCoder);

    PCollection<RowChange> unkeyed =
        read.get(ReadAndCompact.UNKEYED).setCoder(ReplayCoders.RowChangeCoder.of());
    unkeyed.apply("CountNetRowsInCommitOrder", ParDo.of(new CountOrderedNetRows()));
    PCollection<KV<String, List<RowChange>>> unkeyedLists =
        unkeyed
            .apply("ListByTableInBundle", ParDo.of(new ListByTable()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ReplayCoders.RowChangesCoder.of()));
    if (digestFolder != null) {
      DigestDeltas.write(net, unkeyedLists, digestFolder);
    }
    PCollection<KV<String, Long>> ordered =
        unkeyedLists
            .apply("GroupByTable", GroupByKey.create())
            .apply("ApplyInCommitOrder", ParDo.of(new ApplyInCommitOrder(target, phase)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return PCollectionList.of(writtenAtOnce).and(written).and(ordered)
        .apply("RowsWritten", Flatten.pCollections());
  }

  /**
   * Reads segments and compacts the changes of tables with a primary key per bundle, as
   * {@link CompactChanges} does, emitting encoded partial buckets; changes of tables without a
   * key go to {@link #UNKEYED} as they are read.
   */
  static final class ReadAndCompact extends DoFn<String, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    static final TupleTag<KV<String, byte[]>> KEYED_PARTS = new TupleTag<>() {};
    static final TupleTag<RowChange> UNKEYED = new TupleTag<>() {};

    private final ReadLoggedChanges reader;
    private final int buckets;
    private transient CompactChanges.Compactor compactor;

    ReadAndCompact(ReadLoggedChanges reader, int buckets) {
      this.reader = reader;
      this.buckets = buckets;
    }

    @StartBundle
    public void startBundle() {
      compactor = new CompactChanges.Compactor(buckets);
    }

    @ProcessElement
    public void processElement(@Element String segment, MultiOutputReceiver out)
        throws IOException {
      OutputReceiver<KV<String, byte[]>> parts = out.get(KEYED_PARTS);
      OutputReceiver<RowChange> unkeyed = out.get(UNKEYED);
      reader.read(segment, change -> {
        if (!change.keyed()) {
          unkeyed.output(change);
        } else if (compactor.add(change)) {
          compactor.emit((bucket, part) -> parts.output(KV.of(bucket, part)));
        }
      });
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      compactor.emit((bucket, part) -> context.output(KEYED_PARTS, KV.of(bucket, part),
          GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    }
  }

  /**
   * Lists a bundle's changes of tables without a key per table before they are grouped, so the
   * runner groups a few lists per table instead of every change; commit order is restored after.
   */
  static final class ListByTable extends DoFn<RowChange, KV<String, List<RowChange>>> {
    private static final long serialVersionUID = 1L;
    private transient Map<String, List<RowChange>> byTable;

    @StartBundle
    public void startBundle() {
      byTable = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element RowChange change) {
      byTable.computeIfAbsent(change.tableName(), t -> new ArrayList<>()).add(change);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      byTable.forEach((table, list) -> context.output(
          KV.of(table, list), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      byTable = new HashMap<>();
    }
  }

  /** Adds each key's row delta to its table's net-rows counter (from the log alone). */
  static final class CountNetRows extends DoFn<KV<String, List<NetChange>>, Void> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element KV<String, List<NetChange>> bucket) {
      for (NetChange net : bucket.getValue()) {
        long delta = net.rowDelta();
        if (delta != 0) {
          Metrics.counter(ReplayMetrics.NET_ROWS_BY_TABLE, net.tableName()).inc(delta);
        }
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
