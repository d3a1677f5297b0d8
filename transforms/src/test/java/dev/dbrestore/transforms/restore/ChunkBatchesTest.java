package dev.dbrestore.transforms.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkBatchesTest {
  private static ChunkWrite chunk(String file, long rows, long bytes) {
    return new ChunkWrite(
        "/backups/set-1", "shop", "t", "shop", "t", new Manifest.Chunk(file, rows, bytes, null),
        List.of(), DataConflictPolicy.STOP);
  }

  /** How many chunks each batch key holds. */
  private static Map<String, Integer> sizes(ChunkBatches batches, List<ChunkWrite> work) {
    Map<String, Integer> sizes = new HashMap<>();
    for (ChunkWrite w : work) {
      sizes.merge(batches.keyOf(w.chunk().file()), 1, Integer::sum);
    }
    return sizes;
  }

  @Test
  void aChunkOfAMebibyteOrMoreIsWrittenAlone() {
    List<ChunkWrite> work =
        List.of(chunk("a", 100_000, 16 << 20), chunk("b", 100_000, 1 << 20), chunk("c", 3, 100));
    ChunkBatches batches = ChunkBatches.plan(work, 4);
    assertEquals(Map.of("chunk a", 1, "chunk b", 1, "chunk c", 1), sizes(batches, work));
    assertEquals(0, batches.batchedChunks());
  }

  @Test
  void manySmallChunksAreDealtOverTwiceAsManyBatchesAsWriters() {
    List<ChunkWrite> work = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      work.add(chunk("small-" + i, 3, 1000 + i));
    }
    work.add(chunk("big", 100_000, 16 << 20));
    ChunkBatches batches = ChunkBatches.plan(work, 4);
    Map<String, Integer> sizes = sizes(batches, work);
    assertEquals(9, sizes.size(), sizes.toString()); // 8 batches and the big chunk alone
    assertEquals(1, sizes.get("chunk big"));
    sizes.remove("chunk big");
    sizes.values().forEach(n -> assertEquals(125, n, sizes.toString()));
    assertEquals(1000, batches.batchedChunks());
  }

  @Test
  void aBatchHoldsAtMostMaxChunksAndAboutMaxRows() {
    List<ChunkWrite> work = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      work.add(chunk("c" + i, 100, 5000));
    }
    Map<String, Integer> sizes = sizes(ChunkBatches.plan(work, 2), work);
    // 5,000 chunks: 25 batches by count; 500,000 rows: 5 by rows; the count bounds it.
    assertEquals(25, sizes.size());
    sizes.values().forEach(n -> assertTrue(n <= ChunkBatches.MAX_CHUNKS, sizes.toString()));

    List<ChunkWrite> wide = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      wide.add(chunk("w" + i, 20_000, 500_000));
    }
    // 2,000,000 rows: at least 20 batches of about 100,000 rows each.
    Map<String, Integer> wideSizes = sizes(ChunkBatches.plan(wide, 2), wide);
    assertEquals(20, wideSizes.size());
    wideSizes.values().forEach(n -> assertEquals(5, n));
  }

  @Test
  void oneSmallChunkIsNotABatch() {
    List<ChunkWrite> work = List.of(chunk("a", 3, 100), chunk("b", 100_000, 16 << 20));
    ChunkBatches batches = ChunkBatches.plan(work, 4);
    assertEquals(0, batches.batchedChunks());
    assertNotEquals(batches.keyOf("a"), batches.keyOf("b"));
  }
}
