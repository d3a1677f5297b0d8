package dev.dbrestore.pipelines.restore;

import dev.dbrestore.io.TwoAtATime;
import dev.dbrestore.io.format.RowDigest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.TableDigest;
import dev.dbrestore.pipelines.task.RestorePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Recomputes each restored table's digest from the target and compares it with the manifest's.
 * A table that held rows before the restore (conflict policy ignore or overwrite) cannot equal
 * the backup and is not compared.
 */
public final class Verification {
  private Verification() {}

  /** The outcome for one table. */
  public record Result(
      String table, String expected, String actual, long expectedRows, long actualRows,
      String skipped) {
    public boolean matches() {
      return skipped != null || (expected.equals(actual) && expectedRows == actualRows);
    }
  }

  /** Compares every planned table, two at a time. */
  public static List<Result> run(
      Endpoint target, RestorePlan plan, Map<String, Long> rowsBefore) {
    Dialect dialect = target.dialect();
    List<Callable<Result>> comparisons = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        String name = dialect.qualified(db.targetName(), t.targetName());
        comparisons.add(
            () -> {
              if (t.source().digest() == null) {
                return new Result(name, null, null, 0, 0,
                    "the backup set records no digest for it");
              }
              if (rowsBefore.getOrDefault(name, 0L) > 0) {
                return new Result(name, null, null, 0, 0, "it held rows before the restore");
              }
              RowDigest actual =
                  TableDigest.compute(
                      target, db.targetName(), t.targetName(), t.source().storedColumns());
              return new Result(
                  name, t.source().digest(), actual.hex(), t.source().rowCount(), actual.rows(),
                  null);
            });
      }
    }
    return TwoAtATime.run(comparisons, "Reading a restored table back for verification");
  }
}
