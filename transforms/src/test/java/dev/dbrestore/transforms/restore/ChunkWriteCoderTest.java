package dev.dbrestore.transforms.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class ChunkWriteCoderTest {
  private static ChunkWrite decoded(ChunkWrite chunk) throws Exception {
    return CoderUtils.decodeFromByteArray(
        ChunkWriteCoder.of(), CoderUtils.encodeToByteArray(ChunkWriteCoder.of(), chunk));
  }

  @Test
  void everyFieldComesBackAsWritten_withNullsAndTextBeyondSixtyFourKib() throws Exception {
    String long70k = "é".repeat(35_000);
    ChunkWrite full =
        new ChunkWrite(
            "/sets/s 1", "shop", "odd`name", "shop_copy", "ünï",
            new Manifest.Chunk("data/shop/t/00001.parquet", 3, 1115, "ab12", 30L, "d1g"),
            List.of(
                new Manifest.Column("id", "int(11)", false, false, null, ColumnEncoding.LONG),
                new Manifest.Column(long70k, "varchar(60)", true, true, "latin1",
                    ColumnEncoding.BYTES)),
            DataConflictPolicy.OVERWRITE, List.of("id", "k"));
    assertEquals(full, decoded(full));

    ChunkWrite sparse =
        new ChunkWrite(
            null, "a", "b", "a", "b", new Manifest.Chunk("f", 0, 0, null, null, null),
            List.of(), null, null);
    assertEquals(sparse, decoded(sparse));
  }

  @Test
  void theCoderKnowsEveryComponent_soAFieldAddedLaterIsNotDroppedSilently() {
    // The coder writes these components; one added to a record must be added to the coder too.
    assertEquals(
        List.of("setLocation", "sourceDatabase", "sourceTable", "targetDatabase", "targetTable",
            "chunk", "storedColumns", "conflictPolicy", "primaryKey"),
        names(ChunkWrite.class));
    assertEquals(
        List.of("file", "rowCount", "bytes", "sha256", "largestRowBytes", "digest"),
        names(Manifest.Chunk.class));
    assertEquals(
        List.of("name", "type", "nullable", "generated", "characterSet", "encoding"),
        names(Manifest.Column.class));
  }

  private static List<String> names(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
  }
}
