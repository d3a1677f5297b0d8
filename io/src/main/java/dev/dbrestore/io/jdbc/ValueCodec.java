package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** How a column's values are selected, read and bound in the form their encoding stores. */
public interface ValueCodec {
  /** The expression that selects a column's value in the form its encoding stores. */
  String selectExpression(Manifest.Column column);

  /**
   * Reads a column's value from a result set in the form its encoding stores; text comes as its
   * UTF-8 bytes.
   */
  Object readValue(ResultSet rows, int index, ColumnEncoding encoding) throws SQLException;

  /**
   * Sets a session up to read values exactly as a backup reads them (times in UTC, streamed
   * results without a timeout set around each query): a backup's snapshot sessions and the
   * sessions that read tables back.
   */
  void prepareReadSession(Connection connection) throws SQLException;

  /**
   * Prepares a query without parameters that reads columns of these encodings, to run once,
   * expected to read about {@code expectedRows} rows (-1 when not known). A kind whose driver
   * can send a query of few rows in fewer round trips than a server-side statement, and still
   * read every value exactly, does.
   */
  default PreparedStatement prepareRead(
      Connection connection, String sql, ColumnEncoding[] encodings, long expectedRows)
      throws SQLException {
    return connection.prepareStatement(
        sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
  }

  /** Makes a query stream its rows as it reads them instead of holding them all in memory. */
  void streamRows(PreparedStatement query) throws SQLException;

  /**
   * Binds a stored value to an insert parameter: a NULL as {@link #nullType}, a FLOAT by {@link
   * #bindFloat}, every other value the one way all kinds bind it.
   */
  default void bindValue(
      PreparedStatement statement, int index, ColumnEncoding encoding, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, nullType(encoding));
      return;
    }
    switch (encoding) {
      case LONG -> statement.setLong(index, (Long) value);
      case FLOAT -> bindFloat(statement, index, (Float) value);
      case DOUBLE -> statement.setDouble(index, (Double) value);
      case TEXT, SERVER_TEXT -> statement.setString(index, (String) value);
      case BYTES -> statement.setBytes(index, (byte[]) value);
    }
  }

  /** The {@link java.sql.Types} a NULL of this encoding is bound as. */
  int nullType(ColumnEncoding encoding);

  /** Binds a FLOAT value so that the server stores the same float. */
  void bindFloat(PreparedStatement statement, int index, float value) throws SQLException;
}
