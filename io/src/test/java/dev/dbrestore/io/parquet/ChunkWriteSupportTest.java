package dev.dbrestore.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk writer writes, byte for byte, the file that Parquet's own Avro writer writes for the
 * same rows and settings (the writer every earlier backup set was made with), so the files of
 * format version 1 are unchanged.
 */
class ChunkWriteSupportTest {
  @TempDir Path dir;

  private static final List<Manifest.Column> COLUMNS =
      List.of(
          new Manifest.Column("id", "bigint(20)", false, false, null, ColumnEncoding.LONG),
          new Manifest.Column("k", "int(11)", true, false, null, ColumnEncoding.LONG),
          new Manifest.Column("f", "float", true, false, null, ColumnEncoding.FLOAT),
          new Manifest.Column("d", "double", true, false, null, ColumnEncoding.DOUBLE),
          new Manifest.Column("name with space", "varchar(10)", true, false, "utf8mb4",
              ColumnEncoding.TEXT),
          new Manifest.Column("when", "datetime(6)", true, false, null,
              ColumnEncoding.SERVER_TEXT),
          new Manifest.Column("b", "varbinary(10)", true, false, null, ColumnEncoding.BYTES));

  @Test
  void aChunkIsTheFileAvrosParquetWriterWritesForTheSameRows() throws Exception {
    List<Object[]> rows = rows(20_000);
    assertSameFile(rows, List.of(), 64L * 1024 * 1024);
  }

  @Test
  void aOneColumnKeyWithoutItsDictionaryAndSmallRowGroupsGiveTheSameFileToo() throws Exception {
    List<Object[]> rows = rows(20_000);
    assertSameFile(rows, List.of("id"), 64 * 1024);
  }

  private void assertSameFile(List<Object[]> rows, List<String> primaryKey, long rowGroupBytes)
      throws Exception {
    Path ours = dir.resolve("ours.parquet");
    Path avros = dir.resolve("avro.parquet");
    ResourceId resource = FileSystems.matchNewResource(ours.toString(), false);
    try (ChunkWriter writer = new ChunkWriter(resource, COLUMNS, primaryKey, rowGroupBytes)) {
      for (Object[] row : rows) {
        writer.write(row);
      }
    }
    writeWithAvro(avros, rows, primaryKey, rowGroupBytes);
    byte[] expected = Files.readAllBytes(avros);
    byte[] actual = Files.readAllBytes(ours);
    assertEquals(expected.length, actual.length, "file sizes");
    assertArrayEquals(expected, actual);
  }

  /** The rows through {@code AvroParquetWriter}, set up as the backup wrote chunks before. */
  private static void writeWithAvro(
      Path file, List<Object[]> rows, List<String> primaryKey, long rowGroupBytes)
      throws Exception {
    Schema schema = ChunkSchema.of(COLUMNS);
    AvroParquetWriter.Builder<GenericRecord> builder =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(schema)
            .withConf(new PlainParquetConfiguration())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(rowGroupBytes)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    if (primaryKey.size() == 1) {
      builder = builder.withDictionaryEncoding(primaryKey.get(0), false);
    }
    try (ParquetWriter<GenericRecord> writer = builder.build()) {
      for (Object[] row : rows) {
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < row.length; i++) {
          Object value = row[i];
          if (value instanceof byte[] bytes) {
            record.put(
                i,
                COLUMNS.get(i).encoding() == ColumnEncoding.BYTES
                    ? ByteBuffer.wrap(bytes)
                    : new Utf8(bytes));
          } else {
            record.put(i, value);
          }
        }
        writer.write(record);
      }
    }
  }

  /** Rows with every encoding, nulls, repeated and distinct values, text as String and bytes. */
  private static List<Object[]> rows(int count) {
    Random random = new Random(7);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String text = random.nextInt(4) == 0 ? "😀 ß " + random.nextInt(50) : "name" + i;
      byte[] bytes = new byte[random.nextInt(12)];
      random.nextBytes(bytes);
      rows.add(
          new Object[] {
            (long) i,
            random.nextInt(5) == 0 ? null : (long) random.nextInt(100),
            random.nextInt(7) == 0 ? null : random.nextFloat(),
            random.nextInt(7) == 0 ? null : random.nextGaussian(),
            random.nextInt(9) == 0
                ? null
                : i % 2 == 0 ? text : text.getBytes(StandardCharsets.UTF_8),
            random.nextInt(9) == 0 ? null : "2026-12-0" + (i % 9 + 1) + " 10:00:00.000000",
            random.nextInt(9) == 0 ? null : bytes
          });
    }
    return rows;
  }
}
