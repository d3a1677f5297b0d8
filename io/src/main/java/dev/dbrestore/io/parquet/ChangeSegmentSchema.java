package dev.dbrestore.io.parquet;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Parquet (Avro) schema of a log segment: one record per change, in log order. Row images
 * are lists of values aligned with {@code columns} and {@code encodings}; a value sets the one
 * field its column's encoding stores (none for SQL NULL), in the same forms as chunk files.
 */
public final class ChangeSegmentSchema {
  private ChangeSegmentSchema() {}

  static final Schema VALUE =
      SchemaBuilder.record("value").namespace("dev.dbrestore.log").fields()
          .optionalLong("long_value")
          .optionalFloat("float_value")
          .optionalDouble("double_value")
          .optionalString("text_value")
          .optionalBytes("bytes_value")
          .endRecord();

  private static final Schema STRINGS = Schema.createArray(Schema.create(Schema.Type.STRING));

  public static final Schema CHANGE =
      SchemaBuilder.record("change").namespace("dev.dbrestore.log").fields()
          .requiredLong("transaction")
          .requiredInt("change")
          .optionalString("gtid")
          .requiredLong("commit_time")
          .requiredString("binlog_file")
          .requiredLong("transaction_position")
          .requiredLong("transaction_end_position")
          .requiredLong("event_position")
          .requiredString("operation")
          .optionalString("database")
          .optionalString("table")
          .name("columns").type(STRINGS).noDefault()
          .name("encodings").type(STRINGS).noDefault()
          .name("primary_key").type(STRINGS).noDefault()
          .name("before").type().optional().array().items(VALUE)
          .name("after").type().optional().array().items(VALUE)
          .optionalString("statement")
          .endRecord();
}
