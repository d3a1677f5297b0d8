package dev.dbrestore.transforms.restore;

import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Sets the data conflict policy the sink applies to each chunk. */
public final class ApplyConflictPolicy
    extends PTransform<PCollection<ChunkWrite>, PCollection<ChunkWrite>> {
  private static final long serialVersionUID = 1L;

  private final DataConflictPolicy policy;

  private ApplyConflictPolicy(DataConflictPolicy policy) {
    this.policy = policy;
  }

  public static ApplyConflictPolicy of(DataConflictPolicy policy) {
    return new ApplyConflictPolicy(policy);
  }

  @Override
  public PCollection<ChunkWrite> expand(PCollection<ChunkWrite> chunks) {
    if (policy == null) {
      throw new IllegalArgumentException(
          "ApplyConflictPolicy needs a policy: use ApplyConflictPolicy.of(...)");
    }
    DataConflictPolicy p = policy;
    return chunks
        .apply(
            "SetPolicy",
            MapElements.into(TypeDescriptor.of(ChunkWrite.class))
                .via((ChunkWrite c) -> c.withConflictPolicy(p)))
        .setCoder(chunks.getCoder());
  }
}
