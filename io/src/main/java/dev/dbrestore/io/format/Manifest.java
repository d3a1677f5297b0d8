package dev.dbrestore.io.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;

/**
 * The manifest of a backup set, format v1: what was backed up, from where, at which consistent
 * point, and every chunk file with its size and SHA-256. {@code docs/backup-set-format.md}
 * describes each field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record Manifest(
    int formatVersion,
    String setId,
    String startTime,
    String endTime,
    Source source,
    ConsistentPoint consistentPoint,
    List<Database> databases)
    implements Serializable {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "manifest.json";

  /** The server the backup was taken from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(
      String kind,
      String version,
      String serverId,
      String serverUuid,
      String sqlMode,
      String timeZone,
      String characterSet,
      int lowerCaseTableNames)
      implements Serializable {}

  /**
   * The point of the snapshot: every chunk holds the data as of this binlog position. Binlog
   * fields are null when the source writes no binary log.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConsistentPoint(String binlogFile, Long binlogPosition, String gtidSet, String time)
      implements Serializable {}

  /** One backed-up database (schema) and everything in it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Database(
      String name,
      String characterSet,
      String collation,
      List<Table> tables,
      List<SchemaObject> views,
      List<SchemaObject> functions,
      List<SchemaObject> procedures,
      List<SchemaObject> triggers,
      List<SchemaObject> events,
      List<Sequence> sequences)
      implements Serializable {

    /** A database without sequences: every MySQL and MariaDB set's (the field is left out). */
    public Database(
        String name,
        String characterSet,
        String collation,
        List<Table> tables,
        List<SchemaObject> views,
        List<SchemaObject> functions,
        List<SchemaObject> procedures,
        List<SchemaObject> triggers,
        List<SchemaObject> events) {
      this(name, characterSet, collation, tables, views, functions, procedures, triggers, events,
          null);
    }

    /** The sequences, none where the set has no such field. */
    public List<Sequence> sequencesOrNone() {
      return sequences == null ? List.of() : sequences;
    }
  }

  /**
   * A sequence (SQL Server's sys.sequences), restored before the tables (a default may take its
   * next value): its type, bounds and step, and the last value it gave out (null when it gave
   * none), so a restored sequence goes on where the source's would. Numbers are decimal text,
   * as a sequence may be a decimal(38,0).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Sequence(
      String name,
      String type,
      String startValue,
      String increment,
      String minimumValue,
      String maximumValue,
      boolean cycling,
      boolean cached,
      Integer cacheSize,
      String lastUsedValue)
      implements Serializable {}

  /**
   * A base table: its definition, columns, primary key, chunks, and the digest of all its rows
   * (the sum of its chunks' digests; null when a chunk has none).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Table(
      String name,
      String createStatement,
      List<Column> columns,
      List<String> primaryKey,
      long rowCount,
      List<Chunk> chunks,
      String digest)
      implements Serializable {

    public Table(
        String name,
        String createStatement,
        List<Column> columns,
        List<String> primaryKey,
        long rowCount,
        List<Chunk> chunks) {
      this(name, createStatement, columns, primaryKey, rowCount, chunks, null);
    }

    /** The columns whose values are stored in chunks, in chunk field order. */
    public List<Column> storedColumns() {
      return columns.stream().filter(c -> !c.generated()).toList();
    }
  }

  /** A column as the source defined it, and how its values are stored. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Column(
      String name,
      String type,
      boolean nullable,
      boolean generated,
      String characterSet,
      ColumnEncoding encoding)
      implements Serializable {
    /** The columns' encodings, in order: what readers, writers and digests work by. */
    public static ColumnEncoding[] encodings(java.util.List<Column> columns) {
      return columns.stream().map(Column::encoding).toArray(ColumnEncoding[]::new);
    }
  }

  /**
   * One Parquet file of a table's rows. {@code largestRowBytes} is the size of its largest row's
   * values and {@code digest} the order-independent digest of its rows ({@link RowDigest}); both
   * are null in sets written before they were recorded.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Chunk(
      String file, long rowCount, long bytes, String sha256, Long largestRowBytes, String digest)
      implements Serializable {
    public Chunk(String file, long rowCount, long bytes, String sha256) {
      this(file, rowCount, bytes, sha256, null, null);
    }

    public Chunk(String file, long rowCount, long bytes, String sha256, Long largestRowBytes) {
      this(file, rowCount, bytes, sha256, largestRowBytes, null);
    }
  }

  /**
   * A view, function, procedure, trigger or event: the CREATE statement as the server printed
   * it, its definer, the session settings it was created under, and where the server records
   * them (SQL Server's sys.sql_expression_dependencies) the objects of its database it names,
   * as "schema.name"; null where the set does not record them (every MySQL and MariaDB set's).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SchemaObject(
      String name,
      String table,
      String createStatement,
      String definer,
      String sqlMode,
      String characterSetClient,
      String collationConnection,
      List<String> references)
      implements Serializable {

    /** An object without recorded references. */
    public SchemaObject(
        String name,
        String table,
        String createStatement,
        String definer,
        String sqlMode,
        String characterSetClient,
        String collationConnection) {
      this(name, table, createStatement, definer, sqlMode, characterSetClient,
          collationConnection, null);
    }
  }
}
