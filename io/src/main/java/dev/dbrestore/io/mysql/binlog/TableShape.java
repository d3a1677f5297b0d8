package dev.dbrestore.io.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A table as one TABLE_MAP event describes it (binlog_row_metadata=FULL): column names, each
 * column's encoding chosen by the same rules as a backup's chunks, and the primary key. Turns
 * the values of a row image into those encodings.
 */
final class TableShape {
  private static final int BINARY_COLLATION = 63;
  private static final Set<String> UTF8_CHARSETS = Set.of("utf8mb4", "utf8mb3", "utf8", "ascii");

  final String database;
  final String table;
  final List<ChangeLogReader.Column> columns;
  final List<String> primaryKey;
  private final int[] types;
  private final int[] lengths;
  private final boolean[] unsigned;
  private final String[][] enumOrSetValues;
  private final boolean[] binaryChar;

  private TableShape(
      String database,
      String table,
      List<ChangeLogReader.Column> columns,
      List<String> primaryKey,
      int[] types,
      int[] lengths,
      boolean[] unsigned,
      String[][] enumOrSetValues,
      boolean[] binaryChar) {
    this.database = database;
    this.table = table;
    this.columns = columns;
    this.primaryKey = primaryKey;
    this.types = types;
    this.lengths = lengths;
    this.unsigned = unsigned;
    this.enumOrSetValues = enumOrSetValues;
    this.binaryChar = binaryChar;
  }

  /** The shape of a mapped table; {@code charsets} maps collation ids to character sets. */
  static TableShape of(TableMapEventData map, Map<Integer, String> charsets) {
    TableMapEventMetadata meta = map.getEventMetadata();
    String name = map.getDatabase() + "." + map.getTable();
    if (meta == null || meta.getColumnNames() == null || meta.getColumnNames().isEmpty()) {
      throw new UserError(
          "The binary log maps the table "
              + name
              + " without column names: binlog_row_metadata was not FULL when that change was"
              + " written. Run SET GLOBAL binlog_row_metadata=FULL (and set it in the server's"
              + " configuration), then take a new full backup and capture from it.");
    }
    byte[] rawTypes = map.getColumnTypes();
    int[] metadata = map.getColumnMetadata();
    int n = rawTypes.length;
    int[] types = new int[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      // A STRING column's real type (CHAR, BINARY, ENUM, SET) and length are in its metadata.
      int type = rawTypes[i] & 0xFF;
      int length = metadata[i];
      if (type == ColumnType.STRING.getCode() && metadata[i] >= 256) {
        int meta0 = metadata[i] >> 8;
        int meta1 = metadata[i] & 0xFF;
        if ((meta0 & 0x30) != 0x30) {
          type = meta0 | 0x30;
          length = meta1 | (((meta0 & 0x30) ^ 0x30) << 4);
        } else {
          if (meta0 == ColumnType.ENUM.getCode() || meta0 == ColumnType.SET.getCode()) {
            type = meta0;
          }
          length = meta1;
        }
      }
      types[i] = type;
      lengths[i] = length;
    }
    int[] collations = collations(meta, types, name);
    BitSet signedness = meta.getSignedness() == null ? new BitSet() : meta.getSignedness();
    List<String[]> enums = meta.getEnumStrValues() == null ? List.of() : meta.getEnumStrValues();
    List<String[]> sets = meta.getSetStrValues() == null ? List.of() : meta.getSetStrValues();
    int enumIndex = 0;
    int setIndex = 0;
    boolean[] unsigned = new boolean[n];
    boolean[] binaryChar = new boolean[n];
    String[][] enumOrSet = new String[n][];
    List<ChangeLogReader.Column> columns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      unsigned[i] = signedness.get(i);
      binaryChar[i] = types[i] == ColumnType.STRING.getCode() && collations[i] == BINARY_COLLATION;
      if (types[i] == ColumnType.ENUM.getCode()) {
        enumOrSet[i] = enums.get(enumIndex++);
      } else if (types[i] == ColumnType.SET.getCode()) {
        enumOrSet[i] = sets.get(setIndex++);
      }
      columns.add(
          new ChangeLogReader.Column(
              meta.getColumnNames().get(i),
              encodingOf(types[i], unsigned[i], collations[i], charsets, name)));
    }
    List<String> primaryKey = new ArrayList<>();
    if (meta.getSimplePrimaryKeys() != null) {
      meta.getSimplePrimaryKeys().forEach(i -> primaryKey.add(columns.get(i).name()));
    } else if (meta.getPrimaryKeysWithPrefix() != null) {
      meta.getPrimaryKeysWithPrefix().keySet().forEach(i -> primaryKey.add(columns.get(i).name()));
    }
    return new TableShape(
        map.getDatabase(), map.getTable(), List.copyOf(columns), List.copyOf(primaryKey), types,
        lengths, unsigned, enumOrSet, binaryChar);
  }

  /**
   * Each character column's collation (-1 for other columns). Character columns are CHAR,
   * VARCHAR, BINARY, VARBINARY and the BLOB and TEXT types, in column order; ENUM and SET are
   * not among them.
   */
  private static int[] collations(TableMapEventMetadata meta, int[] types, String name) {
    int[] result = new int[types.length];
    Arrays.fill(result, -1);
    List<Integer> characterColumns = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      if (isCharacter(types[i])) {
        characterColumns.add(i);
      }
    }
    if (meta.getColumnCharsets() != null) {
      List<Integer> list = meta.getColumnCharsets();
      if (list.size() != characterColumns.size()) {
        throw new UserError(
            "The binary log's TABLE_MAP event for "
                + name
                + " lists "
                + list.size()
                + " column character sets for "
                + characterColumns.size()
                + " character columns; this server's binary log format is not one capture can"
                + " read exactly.");
      }
      for (int k = 0; k < list.size(); k++) {
        result[characterColumns.get(k)] = list.get(k);
      }
    } else if (meta.getDefaultCharset() != null) {
      TableMapEventMetadata.DefaultCharset charset = meta.getDefaultCharset();
      Map<Integer, Integer> exceptions =
          charset.getCharsetCollations() == null ? Map.of() : charset.getCharsetCollations();
      for (int k = 0; k < characterColumns.size(); k++) {
        result[characterColumns.get(k)] =
            exceptions.getOrDefault(k, charset.getDefaultCharsetCollation());
      }
    }
    return result;
  }

  private static boolean isCharacter(int type) {
    return type == ColumnType.STRING.getCode()
        || type == ColumnType.VARCHAR.getCode()
        || type == ColumnType.VAR_STRING.getCode()
        || type == ColumnType.BLOB.getCode()
        || type == ColumnType.TINY_BLOB.getCode()
        || type == ColumnType.MEDIUM_BLOB.getCode()
        || type == ColumnType.LONG_BLOB.getCode();
  }

  private static ColumnEncoding encodingOf(
      int code, boolean unsigned, int collation, Map<Integer, String> charsets, String table) {
    ColumnType type = ColumnType.byCode(code);
    if (type == null) {
      throw unsupported(table, "type code " + code);
    }
    return switch (type) {
      case TINY, SHORT, INT24, LONG -> ColumnEncoding.LONG;
      case LONGLONG -> unsigned ? ColumnEncoding.SERVER_TEXT : ColumnEncoding.LONG;
      case FLOAT -> ColumnEncoding.FLOAT;
      case DOUBLE -> ColumnEncoding.DOUBLE;
      case NEWDECIMAL, DATE, NEWDATE, TIME, TIME_V2, DATETIME, DATETIME_V2, TIMESTAMP,
          TIMESTAMP_V2, YEAR -> ColumnEncoding.SERVER_TEXT;
      case ENUM, SET, JSON -> ColumnEncoding.TEXT;
      case BIT, GEOMETRY -> ColumnEncoding.BYTES;
      case STRING, VARCHAR, VAR_STRING, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB -> {
        if (collation == BINARY_COLLATION) {
          yield ColumnEncoding.BYTES;
        }
        String charset = charsets.get(collation);
        if (charset == null) {
          throw unsupported(table, "collation id " + collation);
        }
        yield UTF8_CHARSETS.contains(charset.toLowerCase(Locale.ROOT))
            ? ColumnEncoding.TEXT
            : ColumnEncoding.BYTES;
      }
      default -> throw unsupported(table, "column type " + type);
    };
  }

  private static UserError unsupported(String table, String what) {
    return new UserError(
        "The binary log's changes to " + table + " hold a column of " + what
            + ", which capture cannot keep exactly yet.");
  }

  /** A row image's values in the columns' encodings. */
  Object[] values(Serializable[] row, String table) {
    if (row.length != types.length) {
      throw new UserError(
          "A row image of "
              + table
              + " holds "
              + row.length
              + " of its "
              + types.length
              + " columns: binlog_row_image was not FULL when it was written. Set"
              + " binlog_row_image=FULL, take a new full backup and capture from it.");
    }
    Object[] values = new Object[row.length];
    for (int i = 0; i < row.length; i++) {
      values[i] = value(i, row[i]);
    }
    return values;
  }

  private Object value(int i, Serializable raw) {
    if (raw == null) {
      return null;
    }
    ColumnEncoding encoding = columns.get(i).encoding();
    int code = types[i];
    if (code == ColumnType.ENUM.getCode()) {
      int index = ((Number) raw).intValue();
      return index == 0 ? "" : enumOrSetValues[i][index - 1];
    }
    if (code == ColumnType.SET.getCode()) {
      long bits = ((Number) raw).longValue();
      List<String> members = new ArrayList<>();
      for (int b = 0; b < enumOrSetValues[i].length; b++) {
        if ((bits & (1L << b)) != 0) {
          members.add(enumOrSetValues[i][b]);
        }
      }
      return String.join(",", members);
    }
    if (code == ColumnType.JSON.getCode()) {
      try {
        return JsonBinary.parseAsString((byte[]) raw);
      } catch (IOException e) {
        throw new UserError("A JSON value in the binary log cannot be read: " + e.getMessage(), e);
      }
    }
    return switch (encoding) {
      case LONG -> {
        long v = ((Number) raw).longValue();
        if (unsigned[i]) {
          v &=
              code == ColumnType.TINY.getCode() ? 0xFFL
                  : code == ColumnType.SHORT.getCode() ? 0xFFFFL
                  : code == ColumnType.INT24.getCode() ? 0xFFFFFFL
                  : 0xFFFFFFFFL;
        }
        yield v;
      }
      case FLOAT -> (Float) raw;
      case DOUBLE -> (Double) raw;
      case SERVER_TEXT -> {
        if (raw instanceof BigDecimal decimal) {
          yield decimal.toPlainString();
        }
        if (raw instanceof Long big) {
          yield Long.toUnsignedString(big);
        }
        yield raw.toString();
      }
      case TEXT -> new String((byte[]) raw, StandardCharsets.UTF_8);
      case BYTES -> {
        byte[] bytes = (byte[]) raw;
        // BINARY(n) is logged without its trailing zero bytes; the column holds n bytes.
        if (binaryChar[i] && bytes.length < lengths[i]) {
          bytes = Arrays.copyOf(bytes, lengths[i]);
        }
        yield bytes;
      }
    };
  }
}
