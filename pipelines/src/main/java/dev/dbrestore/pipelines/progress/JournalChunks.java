package dev.dbrestore.pipelines.progress;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import java.sql.Connection;
import java.util.Map;

/**
 * A restore's rows and bytes done, from its journal in the target: the manifest's rows and
 * bytes of each chunk the journal records done. A chunk counts when its transaction commits,
 * on every runner and in every process; chunks a resumed task wrote before count too.
 */
public final class JournalChunks implements ProgressSource {
  private final Endpoint target;
  private final Journal journal;
  private final Map<String, Manifest.Chunk> chunks;
  private volatile int chunksDone;

  /** Follows {@code journal} in {@code target}; {@code chunks} by file name. */
  public JournalChunks(Endpoint target, Journal journal, Map<String, Manifest.Chunk> chunks) {
    this.target = target;
    this.journal = journal;
    this.chunks = Map.copyOf(chunks);
  }

  @Override
  public Done poll() throws Exception {
    long rows = 0;
    long bytes = 0;
    int done = 0;
    try (Connection c = target.open(Endpoint.Purpose.ADMIN)) {
      for (String file : target.dialect().chunksDone(c, journal.schema(), journal.taskId())) {
        Manifest.Chunk chunk = chunks.get(file);
        if (chunk != null) {
          rows += chunk.rowCount();
          bytes += chunk.bytes();
          done++;
        }
      }
    }
    chunksDone = done;
    return new Done(rows, bytes);
  }

  /** The chunks done as last polled. */
  public int chunksDone() {
    return chunksDone;
  }

  /** How many chunks are followed. */
  public int chunks() {
    return chunks.size();
  }
}
