package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

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
    // A segment repeats each table's columns and key in every change: keep one list of each, so
    // the changes share them (less memory, and the replay's coders write a shared list once).
    Map<List<String>, List<ChangeLogReader.Column>> columnLists = new HashMap<>();
    Map<List<String>, List<String>> keyLists = new HashMap<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(file, new PlainParquetConfiguration())
            .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        List<String> names = strings(r.get("columns"));
        List<String> encodings = strings(r.get("encodings"));
        List<String> both = new ArrayList<>(names);
        both.addAll(encodings);
        List<ChangeLogReader.Column> columns = columnLists.computeIfAbsent(both, k -> {
          List<ChangeLogReader.Column> list = new ArrayList<>();
          for (int i = 0; i < names.size(); i++) {
            list.add(new ChangeLogReader.Column(
                names.get(i), ColumnEncoding.valueOf(encodings.get(i))));
          }
          return List.copyOf(list);
        });
        List<String> primaryKey = strings(r.get("primary_key"));
        primaryKey = keyLists.computeIfAbsent(primaryKey, k -> k);
        ChangeLogReader.Change change =
            new ChangeLogReader.Change(
                ChangeLogReader.Operation.valueOf(
                    r.get("operation").toString().toUpperCase(Locale.ROOT)),
                text(r.get("database")),
                text(r.get("table")),
                columns,
                primaryKey,
                image(r.get("before"), columns),
                image(r.get("after"), columns),
                text(r.get("statement")),
                (Long) r.get("event_position"));
        changes.add(
            new LoggedChange(
                (Long) r.get("transaction"),
                (Integer) r.get("change"),
                text(r.get("gtid")),
                Instant.ofEpochMilli((Long) r.get("commit_time")),
                r.get("binlog_file").toString(),
                (Long) r.get("transaction_position"),
                (Long) r.get("transaction_end_position"),
                change));
      }
    }
    return changes;
  }

  private static Object[] image(Object list, List<ChangeLogReader.Column> columns) {
    if (list == null) {
      return null;
    }
    List<?> values = (List<?>) list;
    Object[] image = new Object[values.size()];
    for (int i = 0; i < image.length; i++) {
      GenericRecord v = (GenericRecord) values.get(i);
      image[i] =
          switch (columns.get(i).encoding()) {
            case LONG -> v.get("long_value");
            case FLOAT -> v.get("float_value");
            case DOUBLE -> v.get("double_value");
            case TEXT, SERVER_TEXT -> text(v.get("text_value"));
            case BYTES -> {
              ByteBuffer b = (ByteBuffer) v.get("bytes_value");
              if (b == null) {
                yield null;
              }
              byte[] bytes = new byte[b.remaining()];
              b.duplicate().get(bytes);
              yield bytes;
            }
          };
    }
    return image;
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add(o.toString());
    }
    return List.copyOf(out);
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
