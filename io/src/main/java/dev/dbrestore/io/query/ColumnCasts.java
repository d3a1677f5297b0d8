package dev.dbrestore.io.query;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a view reads one stored column: the DuckDB type closest to the column's type in the
 * manifest (a MySQL or MariaDB {@code COLUMN_TYPE}, docs/backup-set-format.md) and the DuckDB
 * expression that casts the chunk's stored encoding to it. The manifest's type is only matched,
 * never copied into SQL: every type written here is one this class spells.
 */
final class ColumnCasts {
  /** DuckDB's DECIMAL holds at most 38 digits. */
  static final int WIDEST_DECIMAL = 38;

  private static final Pattern TYPE =
      Pattern.compile("([a-z]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?(.*)");

  private ColumnCasts() {}

  /** A column as its view shows it, and a note when DuckDB has no exact equivalent. */
  record Cast(String expression, String type, String note) {}

  /** The cast of a column whose stored value DuckDB reads as {@code field} (quoted already). */
  static Cast of(Manifest.Column column, String field) {
    String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT).trim();
    Matcher m = TYPE.matcher(type);
    String base = m.matches() ? m.group(1) : "";
    Integer length = m.matches() && m.group(2) != null ? parse(m.group(2)) : null;
    Integer scale = m.matches() && m.group(3) != null ? parse(m.group(3)) : null;
    boolean unsigned = m.matches() && m.group(4).contains("unsigned");
    ColumnEncoding encoding = column.encoding();
    if (encoding == null) {
      return new Cast(field, "BLOB", "its encoding is not given, so it is read as stored");
    }
    return switch (encoding) {
      case LONG -> integer(base, unsigned, field);
      case FLOAT -> new Cast(field, "FLOAT", null);
      case DOUBLE -> new Cast(field, "DOUBLE", null);
      case TEXT -> base.equals("json") ? cast(field, "JSON") : new Cast(field, "VARCHAR", null);
      case SERVER_TEXT -> serverText(base, length, scale, field);
      case BYTES -> bytes(base, column.characterSet(), field);
    };
  }

  private static Cast integer(String base, boolean unsigned, String field) {
    String type =
        switch (base) {
          case "tinyint", "bool", "boolean" -> unsigned ? "UTINYINT" : "TINYINT";
          case "smallint" -> unsigned ? "USMALLINT" : "SMALLINT";
          case "mediumint" -> "INTEGER";
          case "int", "integer" -> unsigned ? "UINTEGER" : "INTEGER";
          default -> "BIGINT";
        };
    return type.equals("BIGINT") ? new Cast(field, type, null) : cast(field, type);
  }

  private static Cast serverText(String base, Integer length, Integer scale, String field) {
    return switch (base) {
      case "bigint" -> cast(field, "UBIGINT");
      case "decimal", "numeric", "dec", "fixed" -> decimal(length, scale, field);
      case "date" -> new Cast(tryCast(field, "DATE"), "DATE", null);
      case "datetime" -> new Cast(tryCast(field, "TIMESTAMP"), "TIMESTAMP", null);
      // Stored as UTC text: the offset makes the instant exact whatever DuckDB's time zone.
      case "timestamp" ->
          new Cast(
              "TRY_CAST(" + field + " || '+00' AS TIMESTAMPTZ)", "TIMESTAMP WITH TIME ZONE", null);
      // TIME runs from -838:59:59 to 838:59:59; DuckDB's TIME holds one day, INTERVAL all of it.
      case "time" -> cast(field, "INTERVAL");
      case "year" -> cast(field, "SMALLINT");
      case "uuid" -> cast(field, "UUID");
      default -> new Cast(field, "VARCHAR", null);
    };
  }

  private static Cast decimal(Integer precision, Integer scale, String field) {
    int p = precision == null ? 10 : precision;
    int s = scale == null ? 0 : scale;
    if (p < 1 || s > p) {
      return new Cast(field, "VARCHAR", "its DECIMAL type cannot be read, so it stays text");
    }
    if (p > WIDEST_DECIMAL) {
      return new Cast(
          field,
          "VARCHAR",
          "DECIMAL(" + p + "," + s + ") is wider than DuckDB's 38 digits, so it stays exact"
              + " text (CAST it to DOUBLE to compute, approximately)");
    }
    return cast(field, "DECIMAL(" + p + "," + s + ")");
  }

  private static Cast bytes(String base, String characterSet, String field) {
    if (base.equals("bit")) {
      // BIT(M) is stored big-endian in M/8 bytes, at most 8: the number, as MySQL's b+0.
      return new Cast(
          "CASE WHEN octet_length(" + field + ") = 0 THEN 0::UBIGINT ELSE ('0x' || hex(" + field
              + "))::UBIGINT END",
          "UBIGINT",
          null);
    }
    if (characterSet == null || characterSet.equalsIgnoreCase("binary")) {
      return new Cast(field, "BLOB", null);
    }
    int[] table = SingleByteCharsets.codePoints(characterSet);
    if (table == null) {
      return new Cast(
          field,
          "BLOB",
          "its character set " + characterSet + " is not one DuckDB can decode here, so it"
              + " stays the raw bytes");
    }
    StringJoiner codePoints = new StringJoiner(", ", "[", "]");
    for (int codePoint : table) {
      codePoints.add(Integer.toString(codePoint));
    }
    String decoded =
        "array_to_string(list_transform(regexp_extract_all(hex(" + field + "), '..'),"
            + " h -> chr(" + codePoints + "[('0x' || h)::INTEGER + 1])), '')";
    String expression =
        SingleByteCharsets.asciiCompatible(table)
            // Most values are ASCII, which reads as UTF-8 without the table.
            ? "CASE WHEN regexp_full_match(hex(" + field + "), '(?:[0-7][0-9A-F])*') THEN decode("
                + field + ") ELSE " + decoded + " END"
            : decoded;
    return new Cast(expression, "VARCHAR", null);
  }

  private static Cast cast(String field, String type) {
    return new Cast("CAST(" + field + " AS " + type + ")", type, null);
  }

  /** Zero and invalid dates ('0000-00-00', '2024-00-00') have no DuckDB value: NULL. */
  private static String tryCast(String field, String type) {
    return "TRY_CAST(" + field + " AS " + type + ")";
  }

  private static Integer parse(String digits) {
    try {
      return Integer.valueOf(digits);
    } catch (NumberFormatException tooLong) {
      return Integer.MAX_VALUE;
    }
  }
}
