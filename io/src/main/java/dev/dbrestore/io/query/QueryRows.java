package dev.dbrestore.io.query;

import java.util.List;

/**
 * Where a query's result goes, row by row. Values are null (SQL NULL), a {@link Number} for
 * numeric columns (exact: BigDecimal, BigInteger, Long, Integer, Short, Byte, Double, Float), a
 * {@link Boolean}, or text as DuckDB prints it (dates, times, intervals, BLOBs as
 * {@code \xE9}-escaped text, lists and structs).
 */
public interface QueryRows {
  /** A result column: its label and its DuckDB type name. */
  record Column(String name, String type) {}

  void columns(List<Column> columns);

  void row(List<Object> values);

  /** Called once after the last row. */
  default void end() {}

  /** A value as text: numbers in full, NULL as the word. */
  static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof java.math.BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value.toString();
  }
}
