package dev.dbrestore.transforms.backup;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkRange;
import dev.dbrestore.io.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits tables into chunks by primary-key ranges of about {@code chunkRows} rows each, walking
 * the key index once. The first and last ranges are open-ended, so rows written after planning
 * still belong to a chunk. A table without a primary key is one chunk.
 */
public final class ChunkPlanner {
  private final Dialect dialect;
  private final long chunkRows;

  public ChunkPlanner(Dialect dialect, long chunkRows) {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunk rows must be at least 1, not " + chunkRows);
    }
    this.dialect = dialect;
    this.chunkRows = chunkRows;
  }

  public List<ChunkRange> plan(Connection connection, List<Manifest.Database> databases)
      throws SQLException {
    List<ChunkRange> ranges = new ArrayList<>();
    int tableSeq = 0;
    for (Manifest.Database db : databases) {
      // Tables of fewer rows than a chunk are one chunk each, with no key walk.
      Set<String> large =
          dialect.tablesOfAtLeast(
              connection,
              db.name(),
              db.tables().stream()
                  .filter(t -> !t.primaryKey().isEmpty())
                  .map(Manifest.Table::name)
                  .toList(),
              chunkRows);
      for (Manifest.Table table : db.tables()) {
        tableSeq++;
        String prefix =
            String.format(
                Locale.ROOT, "%04d-%s.%s.", tableSeq, fileSafe(db.name()), fileSafe(table.name()));
        List<String> key = table.primaryKey();
        Object[] lower = null;
        int index = 0;
        if (!key.isEmpty() && large.contains(table.name())) {
          Object[] upper;
          while ((upper =
                  dialect.nextChunkBoundary(
                      connection, db.name(), table.name(), key, lower, chunkRows))
              != null) {
            ranges.add(range(db, table, lower, upper, prefix, index++));
            lower = upper;
          }
        }
        ranges.add(range(db, table, lower, null, prefix, index));
      }
    }
    return ranges;
  }

  private static ChunkRange range(
      Manifest.Database db,
      Manifest.Table table,
      Object[] lower,
      Object[] upper,
      String prefix,
      int index) {
    return new ChunkRange(
        db.name(),
        table.name(),
        table.storedColumns(),
        table.primaryKey(),
        lower,
        upper,
        prefix + String.format(Locale.ROOT, "%05d", index) + ".parquet");
  }

  /** A name part safe in a file name on every file system; the manifest keeps the real name. */
  static String fileSafe(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_-]", "_");
    return safe.length() > 60 ? safe.substring(0, 60) : safe;
  }
}
