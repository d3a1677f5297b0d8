package dev.dbrestore.io.mysql;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ValueCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL and MariaDB column values: the encoding each type is stored in, and how values are
 * selected, read and bound.
 */
final class MySqlValues implements ValueCodec {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  private static final Set<String> INTEGER_TYPES =
      Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");
  private static final Set<String> TEXT_TYPES =
      Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
  private static final Set<String> SERVER_TEXT_TYPES =
      Set.of("decimal", "numeric", "date", "datetime", "timestamp", "time", "year");
  private static final Set<String> BINARY_TYPES =
      Set.of(
          "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit", "geometry",
          "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
          "geometrycollection");
  private static final Set<String> UTF8_CHARSETS = Set.of("utf8mb4", "utf8mb3", "utf8", "ascii");

  /** The encoding that keeps every value of such a column exactly. */
  static ColumnEncoding encodingOf(String dataType, String columnType, String charset) {
    if (INTEGER_TYPES.contains(dataType)) {
      boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
      return dataType.equals("bigint") && unsigned
          ? ColumnEncoding.SERVER_TEXT
          : ColumnEncoding.LONG;
    }
    if (dataType.equals("float")) {
      return ColumnEncoding.FLOAT;
    }
    if (dataType.equals("double") || dataType.equals("real")) {
      return ColumnEncoding.DOUBLE;
    }
    if (SERVER_TEXT_TYPES.contains(dataType)) {
      return ColumnEncoding.SERVER_TEXT;
    }
    if (BINARY_TYPES.contains(dataType)) {
      return ColumnEncoding.BYTES;
    }
    // ENUM and SET labels are text of the column's character set, read as its bytes like text.
    if (TEXT_TYPES.contains(dataType) || dataType.equals("enum") || dataType.equals("set")) {
      return charset == null || UTF8_CHARSETS.contains(charset.toLowerCase(Locale.ROOT))
          ? ColumnEncoding.TEXT
          : ColumnEncoding.BYTES;
    }
    if (dataType.equals("json")) {
      return ColumnEncoding.TEXT;
    }
    // Other types (INET6, UUID, ...) are kept as the server prints them.
    return ColumnEncoding.SERVER_TEXT;
  }

  @Override
  public String selectExpression(Manifest.Column column) {
    String name = SQL.quote(column.name());
    return switch (column.encoding()) {
      case SERVER_TEXT -> "CAST(" + name + " AS CHAR)";
      case BYTES ->
          column.characterSet() != null ? "CAST(" + name + " AS BINARY)" : name;
      default -> name;
    };
  }

  @Override
  public Object readValue(ResultSet rows, int index, ColumnEncoding encoding)
      throws SQLException {
    Object value =
        switch (encoding) {
          case LONG -> rows.getLong(index);
          case FLOAT -> rows.getFloat(index);
          case DOUBLE -> rows.getDouble(index);
          // The connection's results are utf8mb4: the bytes as they came are the UTF-8 text,
          // without a String decoded from them only to be encoded again.
          case TEXT, SERVER_TEXT, BYTES -> rows.getBytes(index);
        };
    return rows.wasNull() ? null : value;
  }

  @Override
  public void prepareReadSession(Connection connection) throws SQLException {
    // The long write timeout that Connector/J sets around every streamed query (two statements
    // each), set once for the session: the read-back of 1,000 small tables sent 2,000 of them.
    connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getPropertySet()
        .getIntegerProperty(com.mysql.cj.conf.PropertyKey.netTimeoutForStreamingResults)
        .setValue(0);
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00', net_write_timeout = 600");
    }
  }

  /** Below this many rows a query's round trips cost more than decoding its rows as text. */
  private static final long FEW_ROWS = 1_000;

  /**
   * A query of fewer than {@value #FEW_ROWS} rows goes as text in one round trip (a server-side
   * statement takes a prepare and an execute: about half the time of a backup of many small
   * tables), unless it reads a FLOAT or DOUBLE, which only the binary protocol carries bit for
   * bit. Larger ones stay server-side, as before: a read-back of 1,000,000 sysbench rows was no
   * faster as text (1.1 to 1.5 s against 0.8 to 1.4 s, three runs and seven, 2026-12-07).
   */
  @Override
  public PreparedStatement prepareRead(
      Connection connection, String sql, ColumnEncoding[] encodings, long expectedRows)
      throws SQLException {
    boolean binary = expectedRows < 0 || expectedRows >= FEW_ROWS;
    for (ColumnEncoding encoding : encodings) {
      binary |= encoding == ColumnEncoding.FLOAT || encoding == ColumnEncoding.DOUBLE;
    }
    if (binary) {
      return connection.prepareStatement(
          sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }
    return connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
        .clientPrepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
  }

  @Override
  public void streamRows(PreparedStatement query) throws SQLException {
    // Connector/J streams a result row by row only at this fetch size.
    query.setFetchSize(Integer.MIN_VALUE);
  }

  /** Connector/J sends a NULL of any type as NULL. */
  @Override
  public int nullType(ColumnEncoding encoding) {
    return java.sql.Types.NULL;
  }

  /** Widened to double, the text the driver sends parses back to the same float. */
  @Override
  public void bindFloat(PreparedStatement statement, int index, float value)
      throws SQLException {
    statement.setDouble(index, value);
  }
}
