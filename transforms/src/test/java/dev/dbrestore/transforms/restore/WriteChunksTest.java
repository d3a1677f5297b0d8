package dev.dbrestore.transforms.restore;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.PasswordSource;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/* The writer's configuration; what it writes is covered against a real server by the ITs. */
class WriteChunksTest {
  private static final String URL = "jdbc:mysql://127.0.0.1:1/";

  private final transient Pipeline pipeline = MapTablesTest.directPipeline();

  private PCollection<ChunkWrite> noChunks() {
    return pipeline.apply(
        "Chunks", Create.empty(SerializableCoder.of(ChunkWrite.class)));
  }

  private static WriteChunks toTarget() {
    return WriteChunks.to(
        new Endpoint(
            ConnectionSpec.of(URL, "restorer", new PasswordSource(null, null)),
            Dialect.forUrl(URL)));
  }

  @Test
  void writeChunksRefusesToExpand_whenTheSourceIsNotGiven() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> noChunks().apply(toTarget()));
    assertTrue(e.getMessage().contains("withSource("), e.getMessage());
  }

  @Test
  void writeChunksRefusesToExpand_whenNoTargetIsGiven() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> noChunks().apply(WriteChunks.to(null).withSource(null)));
    assertTrue(e.getMessage().contains("WriteChunks.to("), e.getMessage());
  }

  @Test
  void withRetriesRefusesANegativeCount() {
    assertThrows(
        IllegalArgumentException.class, () -> toTarget().withRetries(-1, Duration.ZERO));
  }
}
