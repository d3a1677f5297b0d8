package dev.dbrestore.pipelines.progress;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.jdbc.ChunkRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * A backup's rows and bytes done, from the chunk files in the new set's folder: each reader
 * writes its chunks in turn, so a reader's chunk is done once its next one is there. Rows are
 * the plan's for each chunk (a full chunk's exactly, a table's last one from the source's
 * statistics); bytes are the files' sizes, the chunk being written included. Works wherever
 * the folder can be listed, whichever runner writes it.
 */
public final class ChunkFilesWritten implements ProgressSource {
  private final String location;
  private final Map<Integer, List<ChunkRange>> assignments;
  private final Map<String, Long> plannedRows;

  /**
   * Follows the set at {@code location}; {@code assignments} the chunks of each reader in the
   * order it reads them, {@code plannedRows} the rows planned per chunk file.
   */
  public ChunkFilesWritten(
      String location, Map<Integer, List<ChunkRange>> assignments, Map<String, Long> plannedRows) {
    this.location = location;
    this.assignments = Map.copyOf(assignments);
    this.plannedRows = Map.copyOf(plannedRows);
  }

  @Override
  public Done poll() throws Exception {
    String pattern = BackupSet.folder(location).resolve(
        "*.parquet", org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE)
        .toString();
    MatchResult match = FileSystems.match(pattern);
    Map<String, Long> sizes = new HashMap<>();
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata file : match.metadata()) {
        sizes.put(file.resourceId().getFilename(), file.sizeBytes());
      }
    }
    long rows = 0;
    long bytes = 0;
    for (List<ChunkRange> chunks : assignments.values()) {
      for (int i = 0; i < chunks.size(); i++) {
        Long size = sizes.get(chunks.get(i).fileName());
        if (size == null) {
          break; // the reader has not got this far
        }
        bytes += size;
        boolean next = i + 1 < chunks.size() && sizes.containsKey(chunks.get(i + 1).fileName());
        if (next) {
          rows += plannedRows.getOrDefault(chunks.get(i).fileName(), 0L);
        }
      }
    }
    return new Done(rows, bytes);
  }
}
