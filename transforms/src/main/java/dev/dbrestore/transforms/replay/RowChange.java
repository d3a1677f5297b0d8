package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One row change of the log on its way to the target: its place in the log (transaction number,
 * change in it), the target table (names mapped), the table's columns and primary key at the
 * time, and the before and after images in the chunks' value forms.
 */
public record RowChange(
    long transaction,
    int index,
    ChangeLogReader.Operation operation,
    String database,
    String table,
    List<ChangeLogReader.Column> columns,
    List<String> primaryKey,
    Object[] before,
    Object[] after)
    implements Serializable {

  /** Whether this change is of a table with a primary key (replayed compacted, by key). */
  public boolean keyed() {
    return !primaryKey.isEmpty();
  }

  /** The target table, "database.table", as counters and the report name it. */
  public String tableName() {
    return database + "." + table;
  }

  /** The values of the primary key in an image, in key order. */
  Object[] keyOf(Object[] image) {
    Object[] key = new Object[primaryKey.size()];
    for (int k = 0; k < key.length; k++) {
      key[k] = image[columnIndex(primaryKey.get(k))];
    }
    return key;
  }

  int columnIndex(String name) {
    for (int c = 0; c < columns.size(); c++) {
      if (columns.get(c).name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalStateException(
        "The log's change of " + tableName() + " has no column " + name + " of its primary key");
  }

  /**
   * A text that is equal for two keys exactly when their values are (type and value, bytes by
   * bytes), within the table: the key the compaction groups by.
   */
  static String keyText(String database, String table, Object[] key) {
    StringBuilder s = new StringBuilder();
    s.append(database.length()).append(':').append(database).append(table.length()).append(':')
        .append(table);
    for (Object v : key) {
      if (v == null) {
        s.append("N;");
      } else if (v instanceof Long l) {
        s.append('L').append(l).append(';');
      } else if (v instanceof Float f) {
        s.append('F').append(Float.floatToIntBits(f)).append(';');
      } else if (v instanceof Double d) {
        s.append('D').append(Double.doubleToLongBits(d)).append(';');
      } else if (v instanceof String text) {
        s.append('S').append(text.length()).append(':').append(text);
      } else if (v instanceof byte[] b) {
        s.append('B').append(HexFormat.of().formatHex(b)).append(';');
      } else {
        throw new IllegalArgumentException("Not a stored value: " + v.getClass());
      }
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return operation + " " + tableName() + " @" + transaction + "." + index + " before="
        + (before == null ? null : Arrays.deepToString(before)) + " after="
        + (after == null ? null : Arrays.deepToString(after));
  }
}
