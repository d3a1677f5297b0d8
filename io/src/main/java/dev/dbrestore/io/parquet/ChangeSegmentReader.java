package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** Reads a log segment back: each change with its transaction's place in the log. */
public final class ChangeSegmentReader {
  private ChangeSegmentReader() {}

  /** One change of a segment, in log order. */
  public record LoggedChange(
      long transaction,
      int index,
      String gtid,
      Instant commitTime,
      String binlogFile,
      long transactionPosition,
      long transactionEndPosition,
      ChangeLogReader.Change change) {}

  /** Reads a local segment file. */
  public static List<LoggedChange> read(Path file) throws IOException {
    return read(new LocalInputFile(file));
  }

  /** Reads a segment at a location on any Beam file system (a local path, {@code s3://...}). */
  public static List<LoggedChange> read(String location) throws IOException {
    MatchResult.Metadata metadata = FileSystems.matchSingleFileSpec(location);
    return read(new BeamInputFile(metadata.resourceId(), metadata.sizeBytes()));
  }

  private static List<LoggedChange> read(InputFile file) throws IOException {
    List<LoggedChange> changes = new ArrayList<>();
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            file, ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      Fields fields = new Fields(schema);
      Interned interned = new Interned();
      for (PageReadStore group = reader.readNextRowGroup(); group != null;
          group = reader.readNextRowGroup()) {
        ColumnReadStoreImpl store =
            new ColumnReadStoreImpl(group, SkippingConverters.of(schema), schema, createdBy);
        Cursor cursor = new Cursor(store, fields);
        for (long row = 0; row < group.getRowCount(); row++) {
          changes.add(cursor.next(interned, changes.size()));
        }
      }
    }
    return changes;
  }

  /** The segment schema's columns, each checked against the type and levels it must have. */
  private static final class Fields {
    final ColumnDescriptor transaction;
    final ColumnDescriptor change;
    final ColumnDescriptor gtid;
    final ColumnDescriptor commitTime;
    final ColumnDescriptor binlogFile;
    final ColumnDescriptor transactionPosition;
    final ColumnDescriptor transactionEndPosition;
    final ColumnDescriptor eventPosition;
    final ColumnDescriptor operation;
    final ColumnDescriptor database;
    final ColumnDescriptor table;
    final ColumnDescriptor columns;
    final ColumnDescriptor encodings;
    final ColumnDescriptor primaryKey;
    final ColumnDescriptor[] before;
    final ColumnDescriptor[] after;
    final ColumnDescriptor statement;

    Fields(MessageType schema) throws IOException {
      transaction = column(schema, PrimitiveTypeName.INT64, 0, 0, "transaction");
      change = column(schema, PrimitiveTypeName.INT32, 0, 0, "change");
      gtid = column(schema, PrimitiveTypeName.BINARY, 1, 0, "gtid");
      commitTime = column(schema, PrimitiveTypeName.INT64, 0, 0, "commit_time");
      binlogFile = column(schema, PrimitiveTypeName.BINARY, 0, 0, "binlog_file");
      transactionPosition = column(schema, PrimitiveTypeName.INT64, 0, 0, "transaction_position");
      transactionEndPosition =
          column(schema, PrimitiveTypeName.INT64, 0, 0, "transaction_end_position");
      eventPosition = column(schema, PrimitiveTypeName.INT64, 0, 0, "event_position");
      operation = column(schema, PrimitiveTypeName.BINARY, 0, 0, "operation");
      database = column(schema, PrimitiveTypeName.BINARY, 1, 0, "database");
      table = column(schema, PrimitiveTypeName.BINARY, 1, 0, "table");
      columns = column(schema, PrimitiveTypeName.BINARY, 1, 1, "columns", "list", "element");
      encodings = column(schema, PrimitiveTypeName.BINARY, 1, 1, "encodings", "list", "element");
      primaryKey =
          column(schema, PrimitiveTypeName.BINARY, 1, 1, "primary_key", "list", "element");
      before = image(schema, "before");
      after = image(schema, "after");
      statement = column(schema, PrimitiveTypeName.BINARY, 1, 0, "statement");
    }

    /** A value's five fields, in {@link #VALUE_FIELDS} order. */
    private static ColumnDescriptor[] image(MessageType schema, String name) throws IOException {
      ColumnDescriptor[] image = new ColumnDescriptor[VALUE_FIELDS.length];
      for (int i = 0; i < image.length; i++) {
        image[i] = column(schema, VALUE_TYPES[i], IMAGE_VALUE, 1, name, "list", "element",
            VALUE_FIELDS[i]);
      }
      return image;
    }

    private static ColumnDescriptor column(
        MessageType schema, PrimitiveTypeName type, int maxDefinition, int maxRepetition,
        String... path) throws IOException {
      String name = String.join(".", path);
      if (!schema.containsPath(path)) {
        throw new IOException("it is not a log segment: it has no field " + name);
      }
      ColumnDescriptor d = schema.getColumnDescription(path);
      if (d.getPrimitiveType().getPrimitiveTypeName() != type
          || d.getMaxDefinitionLevel() != maxDefinition
          || d.getMaxRepetitionLevel() != maxRepetition) {
        throw new IOException("it is not a log segment: its field " + name + " is "
            + d.getPrimitiveType() + " where the format has " + type);
      }
      return d;
    }
  }

  private static final String[] VALUE_FIELDS =
      {"long_value", "float_value", "double_value", "text_value", "bytes_value"};
  private static final PrimitiveTypeName[] VALUE_TYPES = {
    PrimitiveTypeName.INT64, PrimitiveTypeName.FLOAT, PrimitiveTypeName.DOUBLE,
    PrimitiveTypeName.BINARY, PrimitiveTypeName.BINARY
  };
  /** Definition levels of an image's value: no image, an empty one, a NULL, a value. */
  private static final int NO_IMAGE = 0;
  private static final int EMPTY_IMAGE = 1;
  private static final int IMAGE_VALUE = 3;

  /**
   * Column and key lists shared by the changes that repeat them (a segment repeats each table's
   * columns in every change), so the changes hold one copy and the replay's coders write a shared
   * list once.
   */
  private static final class Interned {
    final Map<List<String>, List<ChangeLogReader.Column>> columnLists = new HashMap<>();
    final Map<List<String>, List<String>> keyLists = new HashMap<>();
  }

  /**
   * One row group's changes, read straight from its column readers: no records are assembled,
   * which was most of a replay's time reading its log.
   */
  private static final class Cursor {
    private final ColumnReader transaction;
    private final ColumnReader change;
    private final ColumnReader gtid;
    private final ColumnReader commitTime;
    private final ColumnReader binlogFile;
    private final ColumnReader transactionPosition;
    private final ColumnReader transactionEndPosition;
    private final ColumnReader eventPosition;
    private final ColumnReader operation;
    private final ColumnReader database;
    private final ColumnReader table;
    private final Repeated columns;
    private final Repeated encodings;
    private final Repeated primaryKey;
    private final Repeated[] before;
    private final Repeated[] after;
    private final ColumnReader statement;
    private List<String> lastNames;
    private List<String> lastEncodings;
    private List<ChangeLogReader.Column> lastColumns;

    Cursor(ColumnReadStoreImpl store, Fields f) {
      transaction = store.getColumnReader(f.transaction);
      change = store.getColumnReader(f.change);
      gtid = store.getColumnReader(f.gtid);
      commitTime = store.getColumnReader(f.commitTime);
      binlogFile = store.getColumnReader(f.binlogFile);
      transactionPosition = store.getColumnReader(f.transactionPosition);
      transactionEndPosition = store.getColumnReader(f.transactionEndPosition);
      eventPosition = store.getColumnReader(f.eventPosition);
      operation = store.getColumnReader(f.operation);
      database = store.getColumnReader(f.database);
      table = store.getColumnReader(f.table);
      columns = new Repeated(store.getColumnReader(f.columns));
      encodings = new Repeated(store.getColumnReader(f.encodings));
      primaryKey = new Repeated(store.getColumnReader(f.primaryKey));
      before = repeated(store, f.before);
      after = repeated(store, f.after);
      statement = store.getColumnReader(f.statement);
    }

    private static Repeated[] repeated(ColumnReadStoreImpl store, ColumnDescriptor[] columns) {
      Repeated[] readers = new Repeated[columns.length];
      for (int i = 0; i < columns.length; i++) {
        readers[i] = new Repeated(store.getColumnReader(columns[i]));
      }
      return readers;
    }

    LoggedChange next(Interned interned, int number) throws IOException {
      long tx = longValue(transaction);
      int index = intValue(change);
      String gtidText = optionalText(gtid);
      long commitMillis = longValue(commitTime);
      String file = optionalText(binlogFile);
      long position = longValue(transactionPosition);
      long endPosition = longValue(transactionEndPosition);
      long event = longValue(eventPosition);
      String op = optionalText(operation);
      String db = optionalText(database);
      String tableName = optionalText(table);
      List<String> names = columns.texts();
      List<String> encodingNames = encodings.texts();
      List<String> key = primaryKey.texts();
      if (names.size() != encodingNames.size()) {
        throw new IOException("change " + number + " lists " + names.size() + " columns and "
            + encodingNames.size() + " encodings");
      }
      List<ChangeLogReader.Column> columnList;
      if (names == lastNames && encodingNames == lastEncodings) {
        columnList = lastColumns;
      } else {
        List<String> both = new ArrayList<>(names.size() * 2);
        both.addAll(names);
        both.addAll(encodingNames);
        columnList = interned.columnLists.get(both);
        if (columnList == null) {
          columnList = columnList(names, encodingNames, number);
          interned.columnLists.put(both, columnList);
        }
        lastNames = names;
        lastEncodings = encodingNames;
        lastColumns = columnList;
      }
      key = interned.keyLists.computeIfAbsent(key, k -> k);
      Object[] beforeImage = image(before, columnList, number, "before");
      Object[] afterImage = image(after, columnList, number, "after");
      String statementText = optionalText(statement);
      ChangeLogReader.Operation operationValue;
      try {
        operationValue = ChangeLogReader.Operation.valueOf(op.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IOException("change " + number + " has the operation " + op
            + ", not insert, update, delete or ddl");
      }
      return new LoggedChange(
          tx, index, gtidText, Instant.ofEpochMilli(commitMillis), file, position, endPosition,
          new ChangeLogReader.Change(
              operationValue, db, tableName, columnList, key, beforeImage, afterImage,
              statementText, event));
    }

    private static List<ChangeLogReader.Column> columnList(
        List<String> names, List<String> encodings, int number) throws IOException {
      List<ChangeLogReader.Column> list = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        ColumnEncoding encoding;
        try {
          encoding = ColumnEncoding.valueOf(encodings.get(i));
        } catch (IllegalArgumentException e) {
          throw new IOException("change " + number + " gives column " + names.get(i)
              + " the encoding " + encodings.get(i) + ", which the format does not have");
        }
        list.add(new ChangeLogReader.Column(names.get(i), encoding));
      }
      return List.copyOf(list);
    }

    /** A row image: null where the change has none, else one value per column. */
    private static Object[] image(
        Repeated[] fields, List<ChangeLogReader.Column> columns, int number, String which)
        throws IOException {
      int level = fields[0].reader.getCurrentDefinitionLevel();
      if (level == NO_IMAGE || level == EMPTY_IMAGE) {
        for (Repeated field : fields) {
          field.skipEntry();
        }
        return level == NO_IMAGE ? null : new Object[0];
      }
      Object[] image = new Object[columns.size()];
      int n = 0;
      boolean more;
      do {
        if (n == image.length) {
          throw new IOException("change " + number + " has more " + which + " values than its "
              + image.length + " columns");
        }
        image[n] = value(fields, columns.get(n).encoding());
        n++;
        more = fields[0].hasNextInRecord();
        for (Repeated field : fields) {
          if (field.hasNextInRecord() != more) {
            throw new IOException("change " + number + " has " + which
                + " values whose fields do not line up");
          }
        }
      } while (more);
      if (n != image.length) {
        throw new IOException("change " + number + " has " + n + " " + which + " values where"
            + " its table has " + image.length + " columns");
      }
      return image;
    }

    /** One value of an image, from the field its column's encoding uses; moves every field on. */
    private static Object value(Repeated[] fields, ColumnEncoding encoding) {
      int field = switch (encoding) {
        case LONG -> 0;
        case FLOAT -> 1;
        case DOUBLE -> 2;
        case TEXT, SERVER_TEXT -> 3;
        case BYTES -> 4;
      };
      ColumnReader r = fields[field].reader;
      Object value = null;
      if (r.getCurrentDefinitionLevel() == IMAGE_VALUE) {
        value = switch (encoding) {
          case LONG -> r.getLong();
          case FLOAT -> r.getFloat();
          case DOUBLE -> r.getDouble();
          case TEXT, SERVER_TEXT -> r.getBinary().toStringUsingUTF8();
          case BYTES -> bytes(r.getBinary());
        };
      }
      for (Repeated f : fields) {
        f.consume();
      }
      return value;
    }

    private static byte[] bytes(Binary binary) {
      ByteBuffer buffer = binary.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }

    private static long longValue(ColumnReader r) {
      long v = r.getLong();
      r.consume();
      return v;
    }

    private static int intValue(ColumnReader r) {
      int v = r.getInteger();
      r.consume();
      return v;
    }

    /** A text field's value, null where it has none; required fields always have one. */
    private static String optionalText(ColumnReader r) {
      String v = r.getCurrentDefinitionLevel() == r.getDescriptor().getMaxDefinitionLevel()
          ? r.getBinary().toStringUsingUTF8()
          : null;
      r.consume();
      return v;
    }
  }

  /**
   * A repeated column: its values in one record are the first one and those after it whose
   * repetition level says they continue the list.
   */
  private static final class Repeated {
    final ColumnReader reader;
    private final long total;
    private long consumed;
    private Binary[] values = new Binary[8];
    private Binary[] last = new Binary[8];
    private int lastSize = -1;
    private List<String> lastTexts;

    Repeated(ColumnReader reader) {
      this.reader = reader;
      this.total = reader.getTotalValueCount();
    }

    void consume() {
      reader.consume();
      consumed++;
    }

    /** After a consume: whether the record's list goes on. */
    boolean hasNextInRecord() {
      return consumed < total && reader.getCurrentRepetitionLevel() > 0;
    }

    /** Skips a record's empty or absent list (one entry with no value). */
    void skipEntry() {
      consume();
    }

    /**
     * A list of text values in one record (empty where its one entry has no value). A record
     * that repeats the previous one's list (a table's columns, change after change) gets the
     * same list back, with no text decoded.
     */
    List<String> texts() {
      if (reader.getCurrentDefinitionLevel() == 0) {
        consume();
        return List.of();
      }
      int n = 0;
      boolean same = true;
      do {
        Binary value = reader.getBinary();
        if (n == values.length) {
          values = Arrays.copyOf(values, n * 2);
        }
        same &= n < lastSize && value.equals(last[n]);
        values[n++] = value.copy();
        consume();
      } while (hasNextInRecord());
      if (same && n == lastSize) {
        return lastTexts;
      }
      String[] texts = new String[n];
      for (int i = 0; i < n; i++) {
        texts[i] = values[i].toStringUsingUTF8();
      }
      Binary[] swap = last;
      last = values;
      values = swap.length >= last.length ? swap : new Binary[last.length];
      lastSize = n;
      lastTexts = List.of(texts);
      return lastTexts;
    }
  }
}
