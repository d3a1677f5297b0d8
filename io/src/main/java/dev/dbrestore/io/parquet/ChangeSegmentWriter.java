package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/** Writes whole transactions into one log segment file ({@link ChangeSegmentSchema}). */
public final class ChangeSegmentWriter implements AutoCloseable {
  private final ParquetWriter<GenericRecord> writer;
  private long rows;
  private long statements;
  private boolean closed;

  public ChangeSegmentWriter(Path file) throws IOException {
    this(file, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  /** With row groups of about {@code rowGroupBytes}: small ones let tests cross their borders. */
  ChangeSegmentWriter(Path file, long rowGroupBytes) throws IOException {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    // Row images may hold nulls only as empty values, but lists of records need the new form.
    conf.set("parquet.avro.write-old-list-structure", "false");
    this.writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(ChangeSegmentSchema.CHANGE)
            .withConf(conf)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withRowGroupSize(rowGroupBytes)
            .build();
  }

  /** Appends a committed transaction, numbered {@code sequence} in the source's log. */
  public void write(long sequence, ChangeLogReader.Transaction transaction) throws IOException {
    int index = 0;
    for (ChangeLogReader.Change change : transaction.changes()) {
      GenericData.Record r = new GenericData.Record(ChangeSegmentSchema.CHANGE);
      r.put("transaction", sequence);
      r.put("change", index++);
      r.put("gtid", transaction.gtid());
      r.put("commit_time", transaction.commitTime().toEpochMilli());
      r.put("binlog_file", transaction.file());
      r.put("transaction_position", transaction.startOffset());
      r.put("transaction_end_position", transaction.endOffset());
      r.put("event_position", change.eventOffset());
      r.put("operation", change.operation().name().toLowerCase(java.util.Locale.ROOT));
      r.put("database", change.database());
      r.put("table", change.table());
      r.put("columns", change.columns().stream().map(ChangeLogReader.Column::name).toList());
      r.put(
          "encodings",
          change.columns().stream().map(c -> c.encoding().name()).toList());
      r.put("primary_key", change.primaryKey());
      r.put("before", image(change.before(), change.columns()));
      r.put("after", image(change.after(), change.columns()));
      r.put("statement", change.statement());
      writer.write(r);
      if (change.operation() == ChangeLogReader.Operation.DDL) {
        statements++;
      } else {
        rows++;
      }
    }
  }

  private static List<GenericRecord> image(Object[] values, List<ChangeLogReader.Column> columns) {
    if (values == null) {
      return null;
    }
    List<GenericRecord> image = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      GenericData.Record v = new GenericData.Record(ChangeSegmentSchema.VALUE);
      Object value = values[i];
      if (value != null) {
        ColumnEncoding encoding = columns.get(i).encoding();
        switch (encoding) {
          case LONG -> v.put("long_value", value);
          case FLOAT -> v.put("float_value", value);
          case DOUBLE -> v.put("double_value", value);
          case TEXT, SERVER_TEXT ->
              v.put(
                  "text_value",
                  value instanceof byte[] b
                      ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                      : value);
          case BYTES -> v.put("bytes_value", ByteBuffer.wrap((byte[]) value));
        }
      }
      image.add(v);
    }
    return image;
  }

  /** About how many bytes the segment holds so far, buffered pages included. */
  public long dataSize() {
    return writer.getDataSize();
  }

  public long rows() {
    return rows;
  }

  public long statements() {
    return statements;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      writer.close();
    }
  }
}
