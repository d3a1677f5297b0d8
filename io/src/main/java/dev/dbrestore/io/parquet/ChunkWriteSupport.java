package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.ColumnEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a chunk's rows straight into Parquet's column writers, one {@code Object[]} a row,
 * without an Avro record per row. The file is the one {@code AvroParquetWriter} writes for the
 * chunk's Avro schema: the same Parquet schema (Avro's converter makes it), the same footer
 * entries ({@code parquet.avro.schema}, and {@code writer.model.name} {@code avro}), the same
 * values, so readers of format version 1 read it as before.
 *
 * <p>Byte arrays are handed to Parquet as they are, not copied: a caller gives each row's
 * values in arrays of their own and does not change them afterwards.
 */
final class ChunkWriteSupport extends WriteSupport<Object[]> {
  private final Schema avroSchema;
  private final MessageType parquetSchema;
  private final String[] fields;
  private final ColumnEncoding[] encodings;
  private RecordConsumer consumer;

  ChunkWriteSupport(Schema avroSchema, ColumnEncoding[] encodings) {
    this.avroSchema = avroSchema;
    this.parquetSchema =
        new AvroSchemaConverter(new PlainParquetConfiguration()).convert(avroSchema);
    this.encodings = encodings;
    this.fields = new String[encodings.length];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = parquetSchema.getFieldName(i);
    }
  }

  MessageType parquetSchema() {
    return parquetSchema;
  }

  @Override
  public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
    return context();
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return context();
  }

  private WriteContext context() {
    return new WriteContext(parquetSchema, Map.of("parquet.avro.schema", avroSchema.toString()));
  }

  /** The name Parquet records as {@code writer.model.name}, as Avro's writer does. */
  @Override
  public String getName() {
    return "avro";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Object[] values) {
    consumer.startMessage();
    for (int i = 0; i < fields.length; i++) {
      Object value = values[i];
      if (value == null) {
        continue;
      }
      consumer.startField(fields[i], i);
      switch (encodings[i]) {
        case LONG -> consumer.addLong(((Number) value).longValue());
        case FLOAT -> consumer.addFloat(((Number) value).floatValue());
        case DOUBLE -> consumer.addDouble(((Number) value).doubleValue());
        case TEXT, SERVER_TEXT ->
            consumer.addBinary(
                Binary.fromConstantByteArray(
                    value instanceof byte[] bytes
                        ? bytes
                        : ((String) value).getBytes(StandardCharsets.UTF_8)));
        case BYTES -> consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
      }
      consumer.endField(fields[i], i);
    }
    consumer.endMessage();
  }

  /** A {@link ParquetWriter} builder for this support. */
  static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final ChunkWriteSupport support;

    Builder(OutputFile file, ChunkWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
