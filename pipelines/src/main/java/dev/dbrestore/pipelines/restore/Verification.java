package dev.dbrestore.pipelines.restore;

import dev.dbrestore.pipelines.progress.ProgressSource;
import dev.dbrestore.pipelines.progress.Tally;
import dev.dbrestore.io.AtATime;
import dev.dbrestore.io.format.RowDigest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.TableDigest;
import dev.dbrestore.pipelines.task.RestorePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

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
    return run(target, plan, rowsBefore, new Tally());
  }

  /**
   * Compares every planned table, two at a time, adding to {@code done} the rows read as they
   * are read, and the rest of each table's rows and its chunk bytes (as the backup set counts
   * them) when it has been compared.
   */
  public static List<Result> run(
      Endpoint target, RestorePlan plan, Map<String, Long> rowsBefore, Tally done) {
    Dialect dialect = target.dialect();
    // The two readers' connections, each used for table after table: opening one per table
    // cost more than reading a small table.
    Queue<Connection> idle = new ConcurrentLinkedQueue<>();
    List<Callable<Result>> comparisons = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        String name = dialect.qualified(db.targetName(), t.targetName());
        comparisons.add(
            () -> {
              if (t.source().digest() == null) {
                done.add(t.source().rowCount(), bytes(t)); // nothing to compare: done
                return new Result(name, null, null, 0, 0,
                    "the backup set records no digest for it");
              }
              if (rowsBefore.getOrDefault(name, 0L) > 0) {
                done.add(t.source().rowCount(), bytes(t));
                return new Result(name, null, null, 0, 0, "it held rows before the restore");
              }
              long[] told = {0};
              Connection c = idle.poll();
              if (c == null) {
                c = TableDigest.openForDigests(target);
              }
              RowDigest actual;
              try {
                actual =
                    TableDigest.compute(
                        c, dialect, db.targetName(), t.targetName(), t.source().storedColumns(),
                        t.source().rowCount(),
                        rows -> {
                          told[0] += rows;
                          done.add(rows, 0);
                        });
              } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
              }
              idle.add(c);
              // The rest of the set's rows and the table's bytes count once it is compared.
              done.add(Math.max(0, t.source().rowCount() - told[0]), bytes(t));
              return new Result(
                  name, t.source().digest(), actual.hex(), t.source().rowCount(), actual.rows(),
                  null);
            });
      }
    }
    try {
      return AtATime.two(comparisons, "Reading a restored table back for verification");
    } finally {
      for (Connection c : idle) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // Only reads ran on it.
        }
      }
    }
  }

  /** The rows and chunk bytes of every table the plan compares, as the backup set counts them. */
  public static ProgressSource.Done total(RestorePlan plan) {
    long rows = 0;
    long bytes = 0;
    for (RestorePlan.Database db : plan.databases()) {
      for (RestorePlan.Table t : db.tables()) {
        rows += t.source().rowCount();
        bytes += bytes(t);
      }
    }
    return new ProgressSource.Done(rows, bytes);
  }

  private static long bytes(RestorePlan.Table t) {
    return t.source().chunks().stream().mapToLong(c -> c.bytes()).sum();
  }
}
