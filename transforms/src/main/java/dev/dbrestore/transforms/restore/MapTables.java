package dev.dbrestore.transforms.restore;

import dev.dbrestore.io.jdbc.ChunkWrite;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Points each chunk at its target database and table under a {@link TableMapping}. */
public final class MapTables extends PTransform<PCollection<ChunkWrite>, PCollection<ChunkWrite>> {
  private static final long serialVersionUID = 1L;

  private final TableMapping mapping;

  private MapTables(TableMapping mapping) {
    this.mapping = mapping;
  }

  public static MapTables using(TableMapping mapping) {
    return new MapTables(mapping);
  }

  @Override
  public PCollection<ChunkWrite> expand(PCollection<ChunkWrite> chunks) {
    if (mapping == null) {
      throw new IllegalArgumentException("MapTables needs a mapping: use MapTables.using(...)");
    }
    TableMapping m = mapping;
    return chunks
        .apply(
            "TargetNames",
            MapElements.into(TypeDescriptor.of(ChunkWrite.class))
                .via(
                    (ChunkWrite c) ->
                        c.withTarget(
                            m.targetDatabase(c.sourceDatabase()),
                            m.targetTable(c.sourceDatabase(), c.sourceTable()))))
        .setCoder(chunks.getCoder());
  }
}
