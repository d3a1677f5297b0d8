package dev.dbrestore.transforms.backup;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.RowDigest;
import dev.dbrestore.io.parquet.ChunkWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Completes the backup set: fills each table's chunks and row count into the manifest drafted
 * before the pipeline started, and writes it last, so a set with a manifest is a whole set.
 */
public final class WriteManifest extends DoFn<List<ExportedChunk>, Manifest> {
  private static final long serialVersionUID = 1L;

  private final String setLocation;
  private final String draftJson;
  private final boolean completesAfterSigning;

  public WriteManifest(String setLocation, Manifest draft) {
    this(setLocation, draft, false);
  }

  /**
   * With {@code completesAfterSigning}, the manifest is left under its temporary name for the
   * job to sign ({@link BackupSet#signAndComplete}); the key never enters the pipeline.
   */
  public WriteManifest(String setLocation, Manifest draft, boolean completesAfterSigning) {
    this.setLocation = setLocation;
    this.draftJson = BackupSet.toJson(draft);
    this.completesAfterSigning = completesAfterSigning;
  }

  @ProcessElement
  public void processElement(@Element List<ExportedChunk> chunks, OutputReceiver<Manifest> out)
      throws Exception {
    Manifest draft = BackupSet.fromJson(draftJson);
    Manifest.ConsistentPoint point = SnapshotWindow.readPoint(setLocation);
    draft =
        new Manifest(
            draft.formatVersion(), draft.setId(), draft.startTime(), draft.endTime(),
            draft.source(), point, draft.databases());
    Manifest manifest = complete(draft, chunks, Instant.now().toString());
    // Every chunk is on disk before the manifest that names it: the large ones were synced by
    // the readers that wrote them, the small ones are synced here, many at a time.
    BackupSet.syncChunks(
        setLocation,
        chunks.stream()
            .filter(c -> c.chunk().bytes() < ChunkWriter.SYNC_BYTES)
            .map(c -> c.chunk().file())
            .toList());
    BackupSet.writeManifest(setLocation, manifest, !completesAfterSigning);
    SnapshotWindow.deletePoint(setLocation);
    out.output(manifest);
  }

  /** The draft with every table's chunks (in file order) and row count filled in. */
  static Manifest complete(Manifest draft, List<ExportedChunk> chunks, String endTime) {
    Map<List<String>, List<Manifest.Chunk>> byTable = new HashMap<>();
    for (ExportedChunk exported : chunks) {
      byTable
          .computeIfAbsent(List.of(exported.database(), exported.table()), k -> new ArrayList<>())
          .add(exported.chunk());
    }
    List<Manifest.Database> databases = new ArrayList<>();
    for (Manifest.Database db : draft.databases()) {
      List<Manifest.Table> tables = new ArrayList<>();
      for (Manifest.Table table : db.tables()) {
        List<Manifest.Chunk> tableChunks =
            new ArrayList<>(byTable.getOrDefault(List.of(db.name(), table.name()), List.of()));
        // Chunk numbers widen past 99999, so shorter names sort first.
        tableChunks.sort(
            Comparator.comparingInt((Manifest.Chunk c) -> c.file().length())
                .thenComparing(Manifest.Chunk::file));
        long rows = tableChunks.stream().mapToLong(Manifest.Chunk::rowCount).sum();
        boolean digested = tableChunks.stream().allMatch(c -> c.digest() != null);
        tables.add(
            new Manifest.Table(
                table.name(),
                table.createStatement(),
                table.columns(),
                table.primaryKey(),
                rows,
                tableChunks,
                digested
                    ? RowDigest.combine(tableChunks.stream().map(Manifest.Chunk::digest).toList())
                    : null));
      }
      databases.add(
          new Manifest.Database(
              db.name(), db.characterSet(), db.collation(), tables, db.views(), db.functions(),
              db.procedures(), db.triggers(), db.events(), db.sequences()));
    }
    return new Manifest(
        draft.formatVersion(),
        draft.setId(),
        draft.startTime(),
        endTime,
        draft.source(),
        draft.consistentPoint(),
        databases);
  }
}
