package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.RowDigest;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * What the log adds to each table's digest ({@link RowDigest}: the sum of its rows' hashes modulo
 * 2^256): each final image's hash, less the hash of each row it replaces, so that the digest of
 * the state at the point in time is the set's digest plus this. Each table's sum goes to a small
 * file in a folder the driver reads (local runners, or a folder every worker shares), with the
 * columns it was computed over, which must be the set's stored columns for the sum to apply.
 */
final class DigestDeltas {
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  private DigestDeltas() {}

  /** A table's digest change over the columns named (name:ENCODING, comma-separated). */
  record Delta(String columns, BigInteger sum) implements Serializable {
    Delta plus(Delta other) {
      String both = columns.equals(other.columns) ? columns : "(columns changed)";
      return new Delta(both, sum.add(other.sum).mod(MODULUS));
    }
  }

  static String columns(List<ChangeLogReader.Column> columns) {
    return columns.stream().map(c -> c.name() + ":" + c.encoding())
        .collect(Collectors.joining(","));
  }

  /**
   * The delta of one batch of a table's rows: the rows added and the rows removed each summed
   * by a {@link RowDigest} of their own, their difference taken once at the end.
   */
  static final class Batch {
    private final RowDigest added = new RowDigest();
    private final RowDigest removed = new RowDigest();
    private final Map<List<ChangeLogReader.Column>, ColumnEncoding[]> encodings =
        new IdentityHashMap<>();
    private List<ChangeLogReader.Column> columns;
    private boolean columnsChanged;

    /** A row changed: {@code removed} replaced by {@code added}, either null. */
    void add(List<ChangeLogReader.Column> rowColumns, Object[] removedRow, Object[] addedRow) {
      sameColumns(rowColumns);
      ColumnEncoding[] e = encodings.computeIfAbsent(rowColumns,
          c -> c.stream().map(ChangeLogReader.Column::encoding).toArray(ColumnEncoding[]::new));
      if (addedRow != null) {
        added.add(addedRow, e);
      }
      if (removedRow != null) {
        removed.add(removedRow, e);
      }
    }

    /** A row whose columns changed between its images: its delta cannot be derived. */
    void columnsChanged() {
      columnsChanged = true;
    }

    private void sameColumns(List<ChangeLogReader.Column> rowColumns) {
      if (columns == null) {
        columns = rowColumns;
      } else if (columns != rowColumns && !columns.equals(rowColumns)) {
        columnsChanged = true;
      }
    }

    /** The batch's delta, or null when it held no row. */
    Delta delta() {
      if (columns == null && !columnsChanged) {
        return null;
      }
      BigInteger sum = new BigInteger(added.hex(), 16).subtract(new BigInteger(removed.hex(), 16))
          .mod(MODULUS);
      return new Delta(columnsChanged ? "(columns changed)" : columns(columns), sum);
    }
  }

  /** Sums the deltas of keyed and commit-order tables and writes one file per table. */
  static void write(
      PCollection<KV<String, List<NetChange>>> net,
      PCollection<KV<String, List<RowChange>>> unkeyed, String folder) {
    KvCoder<String, Delta> coder =
        KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Delta.class));
    PCollection<KV<String, Delta>> keyed =
        net.apply("DigestKeyedRows",
            ParDo.of(new DoFn<KV<String, List<NetChange>>, KV<String, Delta>>() {
              @ProcessElement
              public void processElement(
                  @Element KV<String, List<NetChange>> bucket,
                  OutputReceiver<KV<String, Delta>> out) {
                // One sum per bucket: the same as one per key, a bucket's worth cheaper.
                Batch batch = new Batch();
                for (NetChange n : bucket.getValue()) {
                  if (n.existedBefore() && n.beforeColumns() != null
                      && !n.beforeColumns().equals(n.columns())) {
                    batch.columnsChanged();
                  } else {
                    batch.add(n.columns(), n.existedBefore() ? n.before() : null, n.image());
                  }
                }
                Delta delta = batch.delta();
                if (delta != null) {
                  out.output(KV.of(bucket.getValue().get(0).tableName(), delta));
                }
              }
            })).setCoder(coder);
    PCollection<KV<String, Delta>> ordered =
        unkeyed.apply("DigestRowsInCommitOrder",
            ParDo.of(new DoFn<KV<String, List<RowChange>>, KV<String, Delta>>() {
              @ProcessElement
              public void processElement(
                  @Element KV<String, List<RowChange>> table,
                  OutputReceiver<KV<String, Delta>> out) {
                Batch batch = new Batch();
                for (RowChange c : table.getValue()) {
                  batch.add(c.columns(), c.before(), c.after());
                }
                Delta delta = batch.delta();
                if (delta != null) {
                  out.output(KV.of(table.getKey(), delta));
                }
              }
            })).setCoder(coder);
    org.apache.beam.sdk.values.PCollectionList.of(keyed).and(ordered)
        .apply("AllDigestDeltas", org.apache.beam.sdk.transforms.Flatten.pCollections())
        .apply("SumDigestDeltas", Combine.perKey(new Sum()))
        .apply("WriteDigestDeltas", ParDo.of(new WriteFile(folder)));
  }

  static final class Sum extends Combine.BinaryCombineFn<Delta> {
    @Override
    public Delta apply(Delta left, Delta right) {
      return left.plus(right);
    }
  }

  /** One file per table: its name, the columns, the sum in hex. Written again on a retry. */
  static final class WriteFile extends DoFn<KV<String, Delta>, Void> {
    private final String folder;

    WriteFile(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void processElement(@Element KV<String, Delta> table) throws IOException {
      String text = table.getKey() + "\n" + table.getValue().columns() + "\n"
          + table.getValue().sum().toString(16) + "\n";
      Files.writeString(Path.of(folder, JournaledBatchFn.tableId(table.getKey()) + ".digest"),
          text, StandardCharsets.UTF_8);
      Metrics.counter(ReplayMetrics.DIGEST_FILES, "written").inc();
    }
  }
}
