package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The net effect of a stretch of the log on one row of a table with a primary key: its final
 * image ({@code image}; null when the row is gone at the end), whether the row existed before the
 * stretch (its first change there had a before image with this key) and that image
 * ({@code before}, with its columns), and the places in the log of its first and last change.
 */
public record NetChange(
    String database,
    String table,
    List<String> keyColumns,
    List<ChangeLogReader.Column> keyEncodings,
    Object[] key,
    List<ChangeLogReader.Column> columns,
    Object[] image,
    boolean existedBefore,
    List<ChangeLogReader.Column> beforeColumns,
    Object[] before,
    long firstTransaction,
    int firstIndex,
    long lastTransaction,
    int lastIndex)
    implements Serializable {

  public String tableName() {
    return database + "." + table;
  }

  /** The grouping key: the table and the key's values. */
  public String keyText() {
    return RowChange.keyText(database, table, key);
  }

  /** Rows this key adds to its table's count: +1 created, -1 removed, 0 otherwise. */
  public long rowDelta() {
    return (image != null ? 1 : 0) - (existedBefore ? 1 : 0);
  }

  boolean firstBefore(NetChange other) {
    return firstTransaction != other.firstTransaction
        ? firstTransaction < other.firstTransaction
        : firstIndex < other.firstIndex;
  }

  boolean lastAfter(NetChange other) {
    return lastTransaction != other.lastTransaction
        ? lastTransaction > other.lastTransaction
        : lastIndex > other.lastIndex;
  }

  /** The net effect of this and a change of the same key: first of the earlier, last of the later. */
  public NetChange merge(NetChange other) {
    NetChange first = firstBefore(other) ? this : other;
    NetChange last = lastAfter(other) ? this : other;
    return new NetChange(
        database, table, keyColumns, keyEncodings, key, last.columns, last.image,
        first.existedBefore, first.beforeColumns, first.before, first.firstTransaction,
        first.firstIndex, last.lastTransaction, last.lastIndex);
  }

  /**
   * What one row change does to the keys it touches: an insert sets its key, a delete removes
   * its key, an update sets its key, or, when it changes the key, removes the old key and sets
   * the new one.
   */
  public static List<NetChange> of(RowChange change) {
    List<String> pk = change.primaryKey();
    ChangeLogReader.Column[] encodings = new ChangeLogReader.Column[pk.size()];
    for (int k = 0; k < encodings.length; k++) {
      encodings[k] = change.columns().get(change.columnIndex(pk.get(k)));
    }
    List<ChangeLogReader.Column> keyEncodings = List.of(encodings);
    return switch (change.operation()) {
      case INSERT -> List.of(set(change, keyEncodings, change.keyOf(change.after()), null));
      case DELETE -> List.of(removed(change, keyEncodings, change.keyOf(change.before())));
      case UPDATE -> {
        Object[] oldKey = change.keyOf(change.before());
        Object[] newKey = change.keyOf(change.after());
        // Equal exactly when their key texts are: same types, same values, floats by their bits.
        if (Arrays.deepEquals(oldKey, newKey)) {
          yield List.of(set(change, keyEncodings, newKey, change.before()));
        }
        yield List.of(removed(change, keyEncodings, oldKey),
            set(change, keyEncodings, newKey, null));
      }
      case DDL -> throw new IllegalArgumentException("A structure statement is not a row change");
    };
  }

  /** The key set to the after image; {@code before} is the row it replaces, if it had one. */
  private static NetChange set(
      RowChange c, List<ChangeLogReader.Column> keyEncodings, Object[] key, Object[] before) {
    return new NetChange(c.database(), c.table(), c.primaryKey(), keyEncodings, key, c.columns(),
        c.after(), before != null, before == null ? null : c.columns(), before, c.transaction(),
        c.index(), c.transaction(), c.index());
  }

  private static NetChange removed(
      RowChange c, List<ChangeLogReader.Column> keyEncodings, Object[] key) {
    return new NetChange(c.database(), c.table(), c.primaryKey(), keyEncodings, key, c.columns(),
        null, true, c.columns(), c.before(), c.transaction(), c.index(), c.transaction(),
        c.index());
  }

  @Override
  public String toString() {
    return tableName() + " key=" + Arrays.deepToString(key) + " image="
        + (image == null ? "deleted" : Arrays.deepToString(image)) + " existedBefore="
        + existedBefore;
  }
}
