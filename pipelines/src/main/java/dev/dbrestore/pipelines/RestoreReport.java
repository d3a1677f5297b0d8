package dev.dbrestore.pipelines;

import java.time.Duration;
import java.util.List;

/** What a restore did: rows per table against the manifest, and the time of each stage. */
public record RestoreReport(
    List<TableResult> tables,
    Duration structure,
    Duration data,
    Duration postData,
    Duration check,
    int objectsCreated) {

  /** One table: rows the manifest lists and rows the target holds after the restore. */
  public record TableResult(String database, String table, long expectedRows, long restoredRows) {
    public boolean matches() {
      return expectedRows == restoredRows;
    }
  }

  public long rowsRestored() {
    return tables.stream().mapToLong(TableResult::restoredRows).sum();
  }

  public Duration total() {
    return structure.plus(data).plus(postData).plus(check);
  }

  public boolean allMatch() {
    return tables.stream().allMatch(TableResult::matches);
  }
}
