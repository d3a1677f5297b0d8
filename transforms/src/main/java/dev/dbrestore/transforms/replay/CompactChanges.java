package dev.dbrestore.transforms.replay;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Compacts the row changes of tables with a primary key to their net effect per (table, key):
 * the last after-image or a delete, by place in the log (transaction, then change), and whether
 * the row was there before. A row updated a thousand times comes out once; an update that changes
 * the key deletes the old key and sets the new one.
 */
public final class CompactChanges
    extends PTransform<PCollection<RowChange>, PCollection<NetChange>> {
  private static final long serialVersionUID = 1L;

  public static CompactChanges perKey() {
    return new CompactChanges();
  }

  @Override
  public PCollection<NetChange> expand(PCollection<RowChange> changes) {
    return changes
        .apply("KeyByTableAndPrimaryKey", ParDo.of(new KeyByRow()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(NetChange.class)))
        .apply("KeepNetEffect", Combine.perKey(new Latest()))
        .apply("DropKeys", Values.create());
  }

  static final class KeyByRow extends DoFn<RowChange, KV<String, NetChange>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element RowChange change, OutputReceiver<KV<String, NetChange>> out) {
      for (NetChange net : NetChange.of(change)) {
        out.output(KV.of(net.keyText(), net));
      }
    }
  }

  static final class Latest extends Combine.BinaryCombineFn<NetChange> {
    private static final long serialVersionUID = 1L;

    @Override
    public NetChange apply(NetChange left, NetChange right) {
      return left.merge(right);
    }
  }
}
