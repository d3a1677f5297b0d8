package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.DurableFiles;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.RowDigest;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes one chunk: rows of a table's stored columns into one Parquet file. Values are given in
 * column order as {@code Long}, {@code Float}, {@code Double}, {@code String} or {@code byte[]}
 * according to each column's encoding (text also as its UTF-8 {@code byte[]}), or null; each
 * row's byte arrays are its own and are not changed after the row is written. The rows go
 * straight into Parquet's column writers ({@link ChunkWriteSupport}), which write the file Avro's
 * Parquet writer wrote for the chunk's schema.
 */
public final class ChunkWriter implements AutoCloseable {
  /** Row groups are flushed at this size, which bounds the writer's memory. */
  private static final long ROW_GROUP_BYTES = 64L * 1024 * 1024;

  /**
   * Chunks of at least this size are synced to disk as soon as they are written; the backup
   * syncs the smaller ones together before it writes the manifest.
   */
  public static final long SYNC_BYTES = 1L << 20;

  private final BeamOutputFile file;
  private final ParquetWriter<Object[]> writer;
  private final int width;
  private long rows;
  private long largestRowBytes;
  private final RowDigest digest = new RowDigest();
  private final ColumnEncoding[] encodings;
  private boolean closed;

  public ChunkWriter(ResourceId resource, List<Manifest.Column> storedColumns) throws IOException {
    this(resource, storedColumns, List.of(), ROW_GROUP_BYTES);
  }

  /**
   * A writer for a table with this primary key. A key of one column holds no value twice, so
   * that column is written without a dictionary: building one of every value only for Parquet
   * to drop it at the end of the row group cost about a tenth of a backup's CPU (sysbench).
   */
  public ChunkWriter(
      ResourceId resource, List<Manifest.Column> storedColumns, List<String> primaryKey)
      throws IOException {
    this(resource, storedColumns, primaryKey, ROW_GROUP_BYTES);
  }

  /** A writer flushing row groups at {@code rowGroupBytes} (tests use small groups). */
  ChunkWriter(ResourceId resource, List<Manifest.Column> storedColumns, long rowGroupBytes)
      throws IOException {
    this(resource, storedColumns, List.of(), rowGroupBytes);
  }

  /** A writer for a table with this key flushing row groups at {@code rowGroupBytes}. */
  ChunkWriter(
      ResourceId resource, List<Manifest.Column> storedColumns, List<String> primaryKey,
      long rowGroupBytes)
      throws IOException {
    this.file = new BeamOutputFile(resource);
    this.width = storedColumns.size();
    this.encodings = Manifest.Column.encodings(storedColumns);
    ChunkWriteSupport support =
        new ChunkWriteSupport(ChunkSchema.of(storedColumns), encodings);
    ChunkWriteSupport.Builder builder =
        new ChunkWriteSupport.Builder(file, support)
            .withConf(new PlainParquetConfiguration())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(rowGroupBytes)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    if (primaryKey.size() == 1) {
      for (int i = 0; i < width; i++) {
        if (storedColumns.get(i).name().equals(primaryKey.get(0))) {
          builder =
              builder.withDictionaryEncoding(support.parquetSchema().getFieldName(i), false);
        }
      }
    }
    this.writer = builder.build();
  }

  public void write(Object[] values) throws IOException {
    long rowBytes = 0;
    for (int i = 0; i < width; i++) {
      rowBytes += sizeOf(values[i]);
    }
    largestRowBytes = Math.max(largestRowBytes, rowBytes);
    digest.add(values, encodings);
    writer.write(values);
    rows++;
  }

  /** About the bytes a value takes on the wire: text in UTF-8, bytes as they are. */
  private static long sizeOf(Object value) {
    if (value == null) {
      return 1;
    }
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof String text) {
      return utf8Length(text);
    }
    return 8;
  }

  private static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  public long rows() {
    return rows;
  }

  /**
   * Closes the file and returns its manifest entry. A chunk of {@link #SYNC_BYTES} or more is
   * flushed to its disk here, where it is local, while the other readers go on; the backup
   * syncs the smaller ones many at a time before it writes the manifest ({@code
   * BackupSet.syncChunks}).
   */
  public Manifest.Chunk finish(String fileName) throws IOException {
    close();
    if (file.bytesWritten() >= SYNC_BYTES) {
      DurableFiles.sync(file.resource());
    }
    return new Manifest.Chunk(
        fileName, rows, file.bytesWritten(), file.sha256Hex(), largestRowBytes, digest.hex());
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      writer.close();
    }
  }
}
