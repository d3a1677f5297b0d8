package dev.dbrestore.io.format;

/**
 * How a column's values are stored in a chunk. Chosen per column at backup time so that every
 * value comes back exactly: text that the server prints and parses itself (temporal values,
 * DECIMAL, BIGINT UNSIGNED) is kept as that text, and anything that is not valid UTF-8 text is
 * kept as its raw bytes.
 */
public enum ColumnEncoding {
  /** A signed 64-bit integer (every integer type but BIGINT UNSIGNED). */
  LONG,
  /** An IEEE 754 single-precision value, bit for bit. */
  FLOAT,
  /** An IEEE 754 double-precision value, bit for bit. */
  DOUBLE,
  /** UTF-8 text exactly as the server returned it (character columns, ENUM, SET, JSON). */
  TEXT,
  /**
   * The server's own text for a value it parses back exactly: DECIMAL, BIGINT UNSIGNED, DATE,
   * DATETIME, TIMESTAMP (in UTC), TIME, YEAR. Zero dates and negative or long TIME values fit.
   */
  SERVER_TEXT,
  /** Raw bytes: binary strings, BLOBs, BIT, spatial values, text in a non-UTF-8 character set. */
  BYTES
}
