package dev.dbrestore.transforms.backup;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkExport;
import dev.dbrestore.io.jdbc.ChunkRange;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * One backup reader: says it is ready, waits for the {@link SnapshotWindow} to open, opens a
 * consistent snapshot while it is open, then streams each of its assigned chunks into a Parquet
 * file. The element is the reader's number.
 */
public final class ReadChunksInSnapshot extends DoFn<Integer, ExportedChunk> {
  private static final long serialVersionUID = 1L;

  private final Endpoint source;
  private final Dialect dialect;
  private final String setId;
  private final String setLocation;
  private final Map<Integer, List<ChunkRange>> assignments;
  /** The rows each chunk file is expected to hold, from the source's statistics. */
  private final Map<String, Long> plannedRows;
  private final long waitMillis;

  private final Counter rowsRead = Metrics.counter(ReadChunksInSnapshot.class, "rows_read");
  private final Counter chunksWritten =
      Metrics.counter(ReadChunksInSnapshot.class, "chunks_written");

  public ReadChunksInSnapshot(
      Endpoint source,
      String setId,
      String setLocation,
      Map<Integer, List<ChunkRange>> assignments,
      Map<String, Long> plannedRows,
      long waitMillis) {
    this.waitMillis = waitMillis;
    this.plannedRows = plannedRows;
    this.source = source;
    this.dialect = source.dialect();
    this.setId = setId;
    this.setLocation = setLocation;
    this.assignments = assignments;
  }

  @ProcessElement
  public void processElement(@Element Integer reader, OutputReceiver<ExportedChunk> out)
      throws Exception {
    try (Connection snapshot = source.openOrExplain(Endpoint.Purpose.SNAPSHOT_READ, "source")) {
      // Session settings once, not around every chunk's query (two statements each).
      dialect.prepareReadSession(snapshot);
      // Ready first, then wait for the driver to lock the source and open the window.
      if (!dialect.takeNamedLock(snapshot, SnapshotWindow.readyLockName(setId, reader))) {
        throw new IllegalStateException("Backup reader " + reader + " is started twice");
      }
      long deadline = System.nanoTime() + waitMillis * 1_000_000L;
      while (!dialect.isNamedLockHeld(snapshot, SnapshotWindow.windowLockName(setId))) {
        if (System.nanoTime() > deadline) {
          throw SnapshotWindow.readerLate(reader, "waited in vain for the other readers to start");
        }
        Thread.sleep(5);
      }
      List<ChunkRange> ranges = assignments.getOrDefault(reader, List.of());
      dialect.startSnapshotSession(
          snapshot, ranges.stream().map(ChunkRange::database).distinct().toList());
      if (!dialect.isNamedLockHeld(snapshot, SnapshotWindow.windowLockName(setId))) {
        throw SnapshotWindow.readerLate(
            reader, "opened its snapshot after the source was unlocked, so it would not match"
                + " the others");
      }
      if (!dialect.takeNamedLock(snapshot, SnapshotWindow.readerLockName(setId, reader))) {
        throw new IllegalStateException("Backup reader " + reader + " is registered twice");
      }
      for (ChunkRange range : ranges) {
        Manifest.Chunk chunk =
            ChunkExport.export(
                snapshot, dialect, range, setLocation,
                plannedRows.getOrDefault(range.fileName(), -1L));
        rowsRead.inc(chunk.rowCount());
        chunksWritten.inc();
        out.output(new ExportedChunk(range.database(), range.table(), chunk));
      }
      try (Statement end = snapshot.createStatement()) {
        end.execute("COMMIT");
      }
    }
  }
}
