package dev.dbrestore.io.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkCursor;
import dev.dbrestore.io.parquet.ChunkWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsvChunkStreamTest {
  @TempDir Path dir;

  private static final List<Manifest.Column> COLUMNS =
      List.of(
          new Manifest.Column("n", "bigint(20)", true, false, null, ColumnEncoding.LONG),
          new Manifest.Column("f", "float", true, false, null, ColumnEncoding.FLOAT),
          new Manifest.Column("d", "double", true, false, null, ColumnEncoding.DOUBLE),
          new Manifest.Column("t", "text", true, false, "utf8mb4", ColumnEncoding.TEXT),
          new Manifest.Column("s", "decimal(5,2)", true, false, null, ColumnEncoding.SERVER_TEXT),
          new Manifest.Column("b", "blob", true, false, null, ColumnEncoding.BYTES));

  @Test
  void rowsBecomeTheTextLoadDataReads_withSpecialBytesEscapedAndNullsAsBackslashN()
      throws Exception {
    ResourceId file = FileSystems.matchNewResource(dir.resolve("c.parquet").toString(), false);
    Object[][] rows = {
      {Long.MIN_VALUE, 1.5f, -0.0, "tab\there\nnew\\line \u0000 \\N", "-1.25",
          new byte[] {0, 9, 10, 92, (byte) 0xff, 'a'}},
      {Long.MAX_VALUE, null, 1e-310, "😀 ß", null, new byte[0]},
      {0L, Float.MIN_VALUE, null, "", "0.00", null},
      {-42L, -3f, Math.PI, "NULL", "999.99", new byte[] {'\\', 'N'}},
    };
    Manifest.Chunk chunk;
    try (ChunkWriter writer = new ChunkWriter(file, COLUMNS)) {
      for (Object[] row : rows) {
        writer.write(row);
      }
      chunk = writer.finish("c.parquet");
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ColumnEncoding[] encodings =
        Manifest.Column.encodings(COLUMNS);
    long produced;
    try (ChunkCursor cursor = new ChunkCursor(file, chunk, COLUMNS)) {
      TsvChunkStream stream = new TsvChunkStream(cursor, encodings);
      byte[] small = new byte[7]; // reads in small pieces, as a driver may
      int n;
      while ((n = stream.read(small, 0, small.length)) > 0) {
        text.write(small, 0, n);
      }
      produced = stream.rows();
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(
        ("-9223372036854775808\t1.5\t-0.0\ttab\\there\\nnew\\\\line \\0 \\\\N\t-1.25\t")
            .getBytes(StandardCharsets.UTF_8));
    expected.writeBytes(new byte[] {'\\', '0', '\\', 't', '\\', 'n', '\\', '\\', (byte) 0xff, 'a'});
    expected.writeBytes(
        ("\n9223372036854775807\t\\N\t1.0E-310\t😀 ß\t\\N\t\n"
                + "0\t1.401298464324817E-45\t\\N\t\t0.00\t\\N\n"
                + "-42\t-3.0\t3.141592653589793\tNULL\t999.99\t\\\\N\n")
            .getBytes(StandardCharsets.UTF_8));
    assertEquals(
        new String(expected.toByteArray(), StandardCharsets.ISO_8859_1),
        new String(text.toByteArray(), StandardCharsets.ISO_8859_1));
    assertEquals(rows.length, produced);
  }

  @Test
  void everyByteValueAtEveryPositionOfLongValuesIsEscapedExactly() {
    // The escape test looks at eight bytes at a time: put each special byte at every offset.
    TsvChunkStream stream = new TsvChunkStream(null, new ColumnEncoding[0]);
    java.util.Random random = new java.util.Random(7);
    for (int length = 0; length < 40; length++) {
      for (int at = 0; at < Math.max(length, 1); at++) {
        for (int b = 0; b < 256; b++) {
          byte[] value = new byte[length];
          for (int i = 0; i < length; i++) {
            value[i] = (byte) ('a' + random.nextInt(26));
          }
          if (length > 0) {
            value[at] = (byte) b;
          }
          byte[] padded = new byte[length + 3];
          System.arraycopy(value, 0, padded, 3, length);
          stream.resetForTest();
          stream.putEscaped(padded, 3, length);
          assertEquals(slowEscape(value), stream.bufferedForTest(), "length " + length + " at " + at + " byte " + b);
        }
      }
    }
  }

  private static String slowEscape(byte[] value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value) {
      switch (b) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\\' -> out.append("\\\\");
        case 0 -> out.append("\\0");
        default -> out.append((char) (b & 0xff));
      }
    }
    return out.toString();
  }
}
