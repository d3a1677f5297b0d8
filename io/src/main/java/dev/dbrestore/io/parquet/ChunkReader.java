package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads one chunk back row by row, never the whole file at once. Each row comes as an array of
 * values in the manifest's stored-column order, typed as {@link ChunkWriter} takes them.
 */
public final class ChunkReader implements AutoCloseable {
  private final ParquetReader<GenericRecord> reader;
  private final int width;
  private final String fileName;

  public ChunkReader(ResourceId resource, Manifest.Chunk chunk, List<Manifest.Column> columns)
      throws IOException {
    this.width = columns.size();
    this.fileName = chunk.file();
    this.reader =
        AvroParquetReader.<GenericRecord>builder(new BeamInputFile(resource, chunk.bytes()))
            .withConf(new PlainParquetConfiguration())
            .build();
  }

  /** The next row, or null at the end of the chunk. */
  public Object[] next() throws IOException {
    GenericRecord record = reader.read();
    if (record == null) {
      return null;
    }
    if (record.getSchema().getFields().size() != width) {
      throw new IOException(
          "chunk "
              + fileName
              + " has "
              + record.getSchema().getFields().size()
              + " columns where the manifest lists "
              + width);
    }
    Object[] values = new Object[width];
    for (int i = 0; i < width; i++) {
      Object value = record.get(i);
      if (value instanceof Utf8 utf8) {
        value = utf8.toString();
      } else if (value instanceof ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        value = bytes;
      }
      values[i] = value;
    }
    return values;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
