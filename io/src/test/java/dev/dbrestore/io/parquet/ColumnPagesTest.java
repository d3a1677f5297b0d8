package dev.dbrestore.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cursor reads text and bytes columns page by page itself (ColumnPages): every value the
 * writer was given comes back, byte for byte and null for null, whichever way Parquet stored
 * the column (a dictionary, plain values after the dictionary grew too large, one repeated
 * value, several row groups and pages).
 */
class ColumnPagesTest {
  @TempDir Path dir;

  private static final List<Manifest.Column> COLUMNS =
      List.of(
          new Manifest.Column("id", "bigint(20)", false, false, null, ColumnEncoding.LONG),
          new Manifest.Column("t", "text", true, false, "utf8mb4", ColumnEncoding.TEXT),
          new Manifest.Column("b", "blob", true, false, null, ColumnEncoding.BYTES),
          new Manifest.Column("s", "decimal(9,2)", true, false, null, ColumnEncoding.SERVER_TEXT),
          new Manifest.Column("n", "bigint(20)", true, false, null, ColumnEncoding.LONG));

  /** A nullable long of a few values, negative ones too. */
  private static Long few(long i) {
    return i % 3 == 0 ? null : (i % 5 - 2) * 1_000_000_000_000L - 7;
  }

  @Test
  void distinctValuesFallFromTheDictionaryToPlainPages_andAllComeBack() throws Exception {
    Random random = new Random(7);
    String[] few = new String[50];
    for (int i = 0; i < few.length; i++) {
      few[i] = text(random, 200);
    }
    // First values from a few (a dictionary pays), then distinct ones until the dictionary
    // outgrows its limit and the writer goes on in PLAIN pages.
    List<Object[]> rows =
        rows(60_000, i -> new Object[] {
            i,
            i < 20_000 ? few[random.nextInt(few.length)] : text(random, 200),
            bytes(random, 1 + random.nextInt(300)),
            i % 17 == 0 ? null : "1." + i,
            i < 30_000 ? few(i) : (Long) (i * 7_919L)});
    Path file = roundTrip("fallback", rows, 4L << 20);
    Set<Encoding> text = encodings(file, 1);
    assertTrue(text.contains(Encoding.PLAIN), "plain pages: " + text);
    assertTrue(
        text.contains(Encoding.PLAIN_DICTIONARY) || text.contains(Encoding.RLE_DICTIONARY),
        "dictionary pages first: " + text);
    Set<Encoding> key = encodings(file, 0);
    assertTrue(key.contains(Encoding.PLAIN) && !key.contains(Encoding.PLAIN_DICTIONARY)
        && !key.contains(Encoding.RLE_DICTIONARY), "plain longs: " + key);
  }

  @Test
  void fewDistinctValuesWithNullsStayInTheDictionary_acrossRowGroups() throws Exception {
    Random random = new Random(11);
    String[] words = {"", "a", "tab\there", "ß😀", "\\N", "NULL", "x".repeat(1000)};
    List<Object[]> rows =
        rows(50_000, i -> new Object[] {
            i,
            random.nextInt(5) == 0 ? null : words[random.nextInt(words.length)],
            random.nextInt(3) == 0 ? null : new byte[] {(byte) random.nextInt(4), 0, 9, 10},
            random.nextBoolean() ? null : "-0.50",
            few(i)});
    Path file = roundTrip("dictionary", rows, 64 * 1024);
    assertTrue(rowGroups(file) > 1, "several row groups");
    Set<Encoding> text = encodings(file, 1);
    assertTrue(
        text.contains(Encoding.PLAIN_DICTIONARY) || text.contains(Encoding.RLE_DICTIONARY),
        "dictionary kept: " + text);
  }

  @Test
  void oneRepeatedValue_allNulls_andEmptyValuesComeBack() throws Exception {
    List<Object[]> rows =
        rows(20_000, i -> new Object[] {i, "same", null, i % 2 == 0 ? "" : null, null});
    roundTrip("repeated", rows, 4L << 20);
  }

  @Test
  void aChunkOfNoRowsReadsAsNoRows() throws Exception {
    roundTrip("empty", List.of(), 4L << 20);
  }

  private static List<Object[]> rows(int count, LongFunction<Object[]> row) {
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      rows.add(row.apply(i));
    }
    return rows;
  }

  /** Writes the rows, reads them back through the cursor, and compares every value. */
  private Path roundTrip(String name, List<Object[]> rows, long rowGroupBytes) throws Exception {
    Path path = dir.resolve(name + ".parquet");
    ResourceId file = FileSystems.matchNewResource(path.toString(), false);
    Manifest.Chunk chunk;
    // As a backup writes a table keyed by id: that column without a dictionary.
    try (ChunkWriter writer = new ChunkWriter(file, COLUMNS, List.of("id"), rowGroupBytes)) {
      for (Object[] row : rows) {
        writer.write(row);
      }
      chunk = writer.finish(name + ".parquet");
    }
    try (ChunkCursor cursor = new ChunkCursor(file, chunk, COLUMNS)) {
      for (int r = 0; r < rows.size(); r++) {
        assertTrue(cursor.next(), "row " + r);
        for (int c = 0; c < COLUMNS.size(); c++) {
          assertTrue(cursor.readsPagesItself(c), "column " + c + " read page by page");
        }
        Object[] expected = rows.get(r);
        assertEquals(expected[0], cursor.getLong(0), "row " + r);
        for (int c = 1; c < COLUMNS.size(); c++) {
          Object value = expected[c];
          assertEquals(value == null, cursor.isNull(c), "null at row " + r + " column " + c);
          if (value == null) {
            continue;
          }
          if (value instanceof Long n) {
            assertEquals(n, cursor.getLong(c), "row " + r + " column " + c);
            continue;
          }
          byte[] want =
              value instanceof byte[] b ? b : ((String) value).getBytes(StandardCharsets.UTF_8);
          ByteArrayOutputStream written = new ByteArrayOutputStream();
          cursor.writeBinary(c, written);
          assertArrayEquals(want, written.toByteArray(), "row " + r + " column " + c);
          assertArrayEquals(want, cursor.getBinary(c).getBytes(), "row " + r + " column " + c);
        }
      }
      assertFalse(cursor.next());
      assertEquals(rows.size(), cursor.rows());
    }
    return path;
  }

  private static Set<Encoding> encodings(Path file, int column) throws Exception {
    try (ParquetFileReader reader = open(file)) {
      java.util.Set<Encoding> all = new java.util.HashSet<>();
      for (BlockMetaData block : reader.getRowGroups()) {
        ColumnChunkMetaData meta = block.getColumns().get(column);
        all.addAll(meta.getEncodings());
      }
      return all;
    }
  }

  private static int rowGroups(Path file) throws Exception {
    try (ParquetFileReader reader = open(file)) {
      return reader.getRowGroups().size();
    }
  }

  private static ParquetFileReader open(Path file) throws Exception {
    ResourceId id = FileSystems.matchNewResource(file.toString(), false);
    return ParquetFileReader.open(
        new BeamInputFile(id, java.nio.file.Files.size(file)),
        org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
  }

  private static String text(Random random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  @Test
  void onlyChunksInTheEncodingsItKnowsAreReadPageByPage() {
    assertTrue(ColumnPages.reads(Set.of(Encoding.PLAIN, Encoding.RLE, Encoding.BIT_PACKED)));
    assertTrue(ColumnPages.reads(Set.of(Encoding.RLE_DICTIONARY, Encoding.PLAIN, Encoding.RLE)));
    // Definition levels bit-packed, by an old writer; and values in other encodings.
    assertFalse(ColumnPages.reads(Set.of(Encoding.PLAIN, Encoding.BIT_PACKED)));
    assertFalse(ColumnPages.reads(Set.of(Encoding.DELTA_BINARY_PACKED, Encoding.RLE)));
    assertFalse(ColumnPages.reads(Set.of(Encoding.DELTA_BYTE_ARRAY, Encoding.RLE)));
  }

}
