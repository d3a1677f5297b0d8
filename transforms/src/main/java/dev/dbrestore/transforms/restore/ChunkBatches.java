package dev.dbrestore.transforms.restore;

import dev.dbrestore.io.jdbc.ChunkWrite;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chunks {@link WriteChunks} writes together in one transaction. A chunk of at least
 * {@link #SMALL_BYTES} is written alone, as before; smaller chunks (a schema of many small
 * tables has one each) are dealt out, largest first, over enough batches to keep every writer
 * busy, each batch holding at most {@link #MAX_CHUNKS} chunks and about {@link #MAX_ROWS} rows.
 * Each chunk keeps its own journal entry, committed with its batch, so a retried or resumed
 * batch still writes each chunk exactly once. Measured with 1,000 tables of 3 rows: one commit
 * and one pipeline bundle per chunk cost most of the data stage.
 */
public final class ChunkBatches implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Chunk files smaller than this (1 MiB) are batched. */
  public static final long SMALL_BYTES = 1L << 20;

  /** Chunks in one batch at most. */
  public static final int MAX_CHUNKS = 200;

  /** Rows a batch is planned to hold at most (one chunk may take it past that). */
  public static final long MAX_ROWS = 100_000;

  /** No batches: every chunk alone. */
  public static final ChunkBatches NONE = new ChunkBatches(Map.of());

  /** Chunk file to batch key, for the batched chunks only. */
  private final Map<String, String> batchOf;

  private ChunkBatches(Map<String, String> batchOf) {
    this.batchOf = batchOf;
  }

  /**
   * Plans batches for {@code work}, to be written by {@code writers} writers at once: the small
   * chunks go into at least {@code 2 * writers} batches where there are that many, so no writer
   * waits for one long batch at the end. Give only chunks of tables whose engine takes a
   * rollback back (InnoDB): a batch that falls back to one chunk at a time is rolled back first.
   */
  public static ChunkBatches plan(List<ChunkWrite> work, int writers) {
    List<ChunkWrite> small = new ArrayList<>();
    long rows = 0;
    for (ChunkWrite w : work) {
      if (w.chunk().bytes() < SMALL_BYTES) {
        small.add(w);
        rows += w.chunk().rowCount();
      }
    }
    if (small.size() < 2) {
      return NONE;
    }
    long needed =
        Math.max(
            Math.max((small.size() + MAX_CHUNKS - 1) / MAX_CHUNKS, (rows + MAX_ROWS - 1) / MAX_ROWS),
            Math.min(small.size(), 2L * Math.max(1, writers)));
    int batches = (int) Math.min(needed, small.size());
    small.sort(Comparator.comparingLong((ChunkWrite w) -> w.chunk().bytes()).reversed());
    Map<String, String> batchOf = new HashMap<>();
    for (int i = 0; i < small.size(); i++) {
      batchOf.put(small.get(i).chunk().file(), "batch " + (i % batches));
    }
    return new ChunkBatches(batchOf);
  }

  /** The key {@link WriteChunks} groups this chunk under: its batch's, or its own file's. */
  public String keyOf(String chunkFile) {
    String batch = batchOf.get(chunkFile);
    return batch != null ? batch : "chunk " + chunkFile;
  }

  /** How many chunks are batched (written with others). */
  public int batchedChunks() {
    return batchOf.size();
  }
}
