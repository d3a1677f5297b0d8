package dev.dbrestore.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkRoundTripTest {
  @TempDir Path dir;

  private static final List<Manifest.Column> COLUMNS =
      List.of(
          new Manifest.Column("id", "bigint(20)", false, false, null, ColumnEncoding.LONG),
          new Manifest.Column("f", "float", true, false, null, ColumnEncoding.FLOAT),
          new Manifest.Column("d", "double", true, false, null, ColumnEncoding.DOUBLE),
          new Manifest.Column("name with space", "varchar(10)", true, false, "utf8mb4",
              ColumnEncoding.TEXT),
          new Manifest.Column("when", "datetime(6)", true, false, null,
              ColumnEncoding.SERVER_TEXT),
          new Manifest.Column("b", "varbinary(10)", true, false, null, ColumnEncoding.BYTES));

  @Test
  void rowsComeBackAsWrittenAndTheManifestEntryMatchesTheFile() throws Exception {
    ResourceId file =
        FileSystems.matchNewResource(dir.resolve("t.00000.parquet").toString(), false);
    Object[] first = {1L, 1.5f, Math.PI, "😀 ß", "0000-00-00 00:00:00.000000", new byte[] {0, 1, 0}};
    Object[] second = {2L, null, null, "NULL", null, new byte[0]};
    Manifest.Chunk chunk;
    try (ChunkWriter writer = new ChunkWriter(file, COLUMNS)) {
      writer.write(first);
      writer.write(second);
      chunk = writer.finish("t.00000.parquet");
    }
    byte[] bytes = Files.readAllBytes(dir.resolve("t.00000.parquet"));
    assertEquals(bytes.length, chunk.bytes());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
        chunk.sha256());
    assertEquals(2, chunk.rowCount());

    try (ChunkReader reader = new ChunkReader(file, chunk, COLUMNS)) {
      Object[] a = reader.next();
      assertEquals(1L, a[0]);
      assertEquals(1.5f, a[1]);
      assertEquals(Math.PI, a[2]);
      assertEquals("😀 ß", a[3]);
      assertEquals("0000-00-00 00:00:00.000000", a[4]);
      assertArrayEquals(new byte[] {0, 1, 0}, (byte[]) a[5]);
      Object[] b = reader.next();
      assertNull(b[1]);
      assertEquals("NULL", b[3]);
      assertNull(b[4]);
      assertArrayEquals(new byte[0], (byte[]) b[5]);
      assertNull(reader.next());
    }
  }

  @Test
  void theCursorReadsEveryRowAcrossRowGroups_inOrder() throws Exception {
    ResourceId file =
        FileSystems.matchNewResource(dir.resolve("t.00001.parquet").toString(), false);
    int rows = 30_000;
    Manifest.Chunk chunk;
    try (ChunkWriter writer = new ChunkWriter(file, COLUMNS, 64 * 1024)) {
      for (int i = 0; i < rows; i++) {
        writer.write(
            new Object[] {
              (long) i, i % 7 == 0 ? null : (float) i, (double) -i, "row " + i,
              i % 5 == 0 ? null : "t" + i, new byte[] {(byte) i}
            });
      }
      chunk = writer.finish("t.00001.parquet");
    }
    try (org.apache.parquet.hadoop.ParquetFileReader footer =
        org.apache.parquet.hadoop.ParquetFileReader.open(new BeamInputFile(file, chunk.bytes()))) {
      assertTrue(footer.getRowGroups().size() > 1, "the test needs several row groups");
    }
    try (ChunkCursor cursor = new ChunkCursor(file, chunk, COLUMNS)) {
      for (int i = 0; i < rows; i++) {
        assertTrue(cursor.next(), "row " + i);
        assertEquals(i, cursor.getLong(0));
        assertEquals(i % 7 == 0, cursor.isNull(1));
        if (i % 7 != 0) {
          assertEquals((float) i, cursor.getFloat(1));
        }
        assertEquals(-i, cursor.getDouble(2));
        assertEquals("row " + i, cursor.getBinary(3).toStringUsingUTF8());
        assertEquals(i % 5 == 0, cursor.isNull(4));
        assertArrayEquals(new byte[] {(byte) i}, cursor.getBinary(5).getBytes());
      }
      assertFalse(cursor.next());
      assertEquals(rows, cursor.rows());
    }
  }

  @Test
  void aChunkWhoseColumnsDifferFromTheManifestIsRefused_namingTheFile() throws Exception {
    ResourceId file =
        FileSystems.matchNewResource(dir.resolve("t.00002.parquet").toString(), false);
    Manifest.Chunk chunk;
    try (ChunkWriter writer = new ChunkWriter(file, COLUMNS)) {
      writer.write(new Object[] {1L, null, null, null, null, null});
      chunk = writer.finish("t.00002.parquet");
    }
    List<Manifest.Column> other = new java.util.ArrayList<>(COLUMNS);
    other.set(0, new Manifest.Column("id", "varchar(5)", false, false, "utf8mb4",
        ColumnEncoding.TEXT));
    java.io.IOException wrongType =
        assertThrows(java.io.IOException.class, () -> new ChunkCursor(file, chunk, other));
    assertTrue(wrongType.getMessage().contains("t.00002.parquet"), wrongType.getMessage());
    java.io.IOException fewer =
        assertThrows(
            java.io.IOException.class, () -> new ChunkCursor(file, chunk, COLUMNS.subList(0, 5)));
    assertTrue(fewer.getMessage().contains("has 6 columns"), fewer.getMessage());
  }

  @Test
  void textWrittenAsUtf8BytesReadsBackAsTheSameText_withTheSameDigest() throws Exception {
    ResourceId asText = FileSystems.matchNewResource(dir.resolve("s.parquet").toString(), false);
    ResourceId asBytes = FileSystems.matchNewResource(dir.resolve("b.parquet").toString(), false);
    Object[] row = {7L, null, null, "😀 ß", "2024-01-01 00:00:00", new byte[] {1}};
    Object[] sameRowAsBytes = row.clone();
    sameRowAsBytes[3] = "😀 ß".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    sameRowAsBytes[4] = "2024-01-01 00:00:00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Manifest.Chunk text;
    Manifest.Chunk bytes;
    try (ChunkWriter writer = new ChunkWriter(asText, COLUMNS)) {
      writer.write(row);
      text = writer.finish("s.parquet");
    }
    try (ChunkWriter writer = new ChunkWriter(asBytes, COLUMNS)) {
      writer.write(sameRowAsBytes);
      bytes = writer.finish("b.parquet");
    }
    assertEquals(text.digest(), bytes.digest());
    assertEquals(text.largestRowBytes(), bytes.largestRowBytes());
    try (ChunkReader reader = new ChunkReader(asBytes, bytes, COLUMNS)) {
      Object[] back = reader.next();
      assertEquals("😀 ß", back[3]);
      assertEquals("2024-01-01 00:00:00", back[4]);
    }
  }
}
