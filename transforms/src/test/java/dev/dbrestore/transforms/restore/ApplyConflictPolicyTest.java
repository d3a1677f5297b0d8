package dev.dbrestore.transforms.restore;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;

/* A plain DirectRunner pipeline, not TestPipeline: see MapTablesTest for why. */
class ApplyConflictPolicyTest {
  private final transient Pipeline pipeline = MapTablesTest.directPipeline();

  private PCollection<ChunkWrite> chunks(ChunkWrite... chunks) {
    return pipeline.apply(
        "Chunks", Create.of(List.of(chunks)).withCoder(SerializableCoder.of(ChunkWrite.class)));
  }

  @Test
  void applyConflictPolicySetsThePolicyOnEveryChunk() {
    ChunkWrite orders =
        MapTablesTest.chunk("shop", "orders", 0).withConflictPolicy(DataConflictPolicy.IGNORE);
    ChunkWrite customers =
        MapTablesTest.chunk("shop", "customers", 0)
            .withConflictPolicy(DataConflictPolicy.OVERWRITE);

    PCollection<DataConflictPolicy> policies =
        chunks(orders, customers)
            .apply("SetPolicy", ApplyConflictPolicy.of(DataConflictPolicy.STOP))
            .apply(
                "Policies",
                MapElements.into(TypeDescriptor.of(DataConflictPolicy.class))
                    .via(ChunkWrite::conflictPolicy));

    List<DataConflictPolicy> expected = List.of(DataConflictPolicy.STOP, DataConflictPolicy.STOP);
    PAssert.that(policies)
        .satisfies(actual -> MapTablesTest.containsInAnyOrder(actual, expected));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void applyConflictPolicyChangesNothingButThePolicy() {
    ChunkWrite orders = MapTablesTest.chunk("shop", "orders", 0).withTarget("shop2", "orders2");

    PCollection<ChunkWrite> out =
        chunks(orders).apply("SetPolicy", ApplyConflictPolicy.of(DataConflictPolicy.IGNORE));

    List<ChunkWrite> expected = List.of(orders.withConflictPolicy(DataConflictPolicy.IGNORE));
    PAssert.that(out).satisfies(actual -> MapTablesTest.containsInAnyOrder(actual, expected));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void applyConflictPolicyWithoutAPolicyIsRefusedNamingOf() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                chunks(MapTablesTest.chunk("shop", "orders", 0))
                    .apply("SetPolicy", ApplyConflictPolicy.of(null)));
    assertTrue(e.getMessage().contains("ApplyConflictPolicy.of(...)"), e.getMessage());
  }
}
