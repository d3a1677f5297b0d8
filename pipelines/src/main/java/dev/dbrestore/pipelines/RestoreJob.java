package dev.dbrestore.pipelines;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.transforms.ApplyConflictPolicy;
import dev.dbrestore.transforms.MapTables;
import dev.dbrestore.transforms.TableMapping;
import dev.dbrestore.transforms.WriteRows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup set into a target server in separate stages: structure (databases and
 * tables), data (a Beam pipeline, a transaction per chunk), post-data objects (views, routines,
 * then triggers and events, so no trigger fires on a restored row), and a row-count check.
 */
public final class RestoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreJob.class);

  private RestoreJob() {}

  /** Runs a restore; a failure leaves a {@link UserError} naming what to do. */
  public static RestoreReport run(RestoreOptions options) {
    if (options.getBackupSet() == null) {
      throw new UsageError("The backup set is missing: give --backup-set DIR.");
    }
    if (options.getTarget() == null) {
      throw new UsageError("The target server is missing: give --target JDBC_URL.");
    }
    String password =
        Passwords.resolve(options.getTargetPasswordEnv(), options.getTargetPasswordFile());
    ConnectionSpec target =
        ConnectionSpec.of(options.getTarget(), options.getTargetUser(), password);
    Dialect dialect = Dialect.forUrl(options.getTarget());
    FileSystems.setDefaultPipelineOptions(options);
    BackupSet set = BackupSet.open(options.getBackupSet());
    set.checkChunksPresent();
    Manifest manifest = set.manifest();

    long start = System.nanoTime();
    try (Connection c = target.openOrExplain(dialect, Map.of(), "target")) {
      checkCompatible(manifest.source(), dialect.describeServer(c));
      checkNothingExists(c, dialect, manifest);
      createStructure(c, dialect, manifest);
    } catch (SQLException e) {
      throw new UserError("Creating the structure in the target failed: " + e.getMessage(), e);
    }
    Duration structure = since(start);

    start = System.nanoTime();
    restoreData(options, set, target, dialect);
    Duration data = since(start);

    start = System.nanoTime();
    int objects;
    try (Connection c = target.openOrExplain(dialect, Map.of(), "target")) {
      objects = createPostDataObjects(c, dialect, manifest);
    } catch (SQLException e) {
      throw new UserError("Creating views, routines, triggers or events failed: " + e.getMessage(), e);
    }
    Duration postData = since(start);

    start = System.nanoTime();
    List<RestoreReport.TableResult> tables;
    try (Connection c = target.openOrExplain(dialect, Map.of(), "target")) {
      tables = countRows(c, dialect, manifest);
    } catch (SQLException e) {
      throw new UserError("Counting the restored rows failed: " + e.getMessage(), e);
    }
    return new RestoreReport(tables, structure, data, postData, since(start), objects);
  }

  /** The target must be the same kind of database and the same or a newer version. */
  static void checkCompatible(Manifest.Source backup, Manifest.Source target) {
    if (!backup.kind().equals(target.kind())) {
      throw new UserError(
          "The backup was taken from "
              + backup.kind()
              + " but the target is "
              + target.kind()
              + "; restore into a "
              + backup.kind()
              + " server.");
    }
    if (compareVersions(target.version(), backup.version()) < 0) {
      throw new UserError(
          "The target runs "
              + target.kind()
              + " "
              + target.version()
              + ", older than the backup's source ("
              + backup.version()
              + "); restore into a server of that version or newer.");
    }
  }

  static int compareVersions(String a, String b) {
    int[] x = versionNumbers(a);
    int[] y = versionNumbers(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  private static int[] versionNumbers(String version) {
    int[] numbers = new int[3];
    String[] parts = version.split("[^0-9]+", 4);
    for (int i = 0; i < 3 && i < parts.length; i++) {
      numbers[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
    }
    return numbers;
  }

  /** The structure conflict policy "stop": any same-name object stops before anything changes. */
  private static void checkNothingExists(Connection c, Dialect dialect, Manifest manifest)
      throws SQLException {
    List<String> conflicts = new ArrayList<>();
    for (Manifest.Database db : manifest.databases()) {
      Set<String> existing = new HashSet<>();
      for (String object : dialect.existingObjects(c, db.name())) {
        existing.add(object.substring(object.indexOf(' ') + 1).toLowerCase(Locale.ROOT));
      }
      if (existing.isEmpty()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      db.tables().forEach(t -> names.add(t.name()));
      for (List<Manifest.SchemaObject> objects :
          List.of(db.views(), db.functions(), db.procedures(), db.triggers(), db.events())) {
        objects.forEach(o -> names.add(o.name()));
      }
      for (String name : names) {
        String qualified = dialect.qualified(db.name(), name);
        if (existing.contains(qualified.toLowerCase(Locale.ROOT))) {
          conflicts.add(qualified);
        }
      }
    }
    if (!conflicts.isEmpty()) {
      throw new UserError(
          "The target already has "
              + String.join(", ", conflicts.subList(0, Math.min(5, conflicts.size())))
              + (conflicts.size() > 5 ? " and " + (conflicts.size() - 5) + " more" : "")
              + "; drop them or restore into another server. Nothing was changed.");
    }
  }

  private static void createStructure(Connection c, Dialect dialect, Manifest manifest)
      throws SQLException {
    dialect.prepareRestoreSession(c, manifest.source());
    for (Manifest.Database db : manifest.databases()) {
      dialect.createDatabase(c, db);
      for (Manifest.Table table : db.tables()) {
        try {
          dialect.createTable(c, db.name(), table.createStatement());
        } catch (SQLException e) {
          throw new UserError(
              "Creating table "
                  + dialect.qualified(db.name(), table.name())
                  + " in the target failed: "
                  + e.getMessage(),
              e);
        }
      }
    }
  }

  private static void restoreData(
      RestoreOptions options, BackupSet set, ConnectionSpec target, Dialect dialect) {
    Manifest manifest = set.manifest();
    List<ChunkWrite> work = new ArrayList<>();
    for (Manifest.Database db : manifest.databases()) {
      for (Manifest.Table table : db.tables()) {
        for (Manifest.Chunk chunk : table.chunks()) {
          work.add(
              new ChunkWrite(
                  set.location(),
                  db.name(),
                  table.name(),
                  db.name(),
                  table.name(),
                  chunk,
                  table.storedColumns(),
                  DataConflictPolicy.STOP));
        }
      }
    }
    // Biggest chunks first, so the last one to finish is a small one.
    work.sort((a, b) -> Long.compare(b.chunk().bytes(), a.chunk().bytes()));
    LOG.info("Restoring {} chunks into {}", work.size(), target);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ListChunks", Create.of(work).withCoder(SerializableCoder.of(ChunkWrite.class)))
        .apply("SpreadChunks", Reshuffle.viaRandomKey())
        .apply("MapTables", MapTables.using(TableMapping.identity()))
        .apply("ApplyConflictPolicy", ApplyConflictPolicy.of(DataConflictPolicy.STOP))
        .apply("WriteRows", ParDo.of(new WriteRows(target, dialect, manifest.source())));
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new UserError("The restore pipeline ended in state " + state + ".");
    }
  }

  /**
   * Views first (a view after the views it reads), then functions, procedures, triggers and
   * events, each with the restoring account as definer.
   */
  private static int createPostDataObjects(Connection c, Dialect dialect, Manifest manifest)
      throws SQLException {
    int created = 0;
    String defaultMode = manifest.source().sqlMode();
    for (Manifest.Database db : manifest.databases()) {
      List<List<Manifest.SchemaObject>> groups =
          List.of(
              viewsInDependencyOrder(dialect, db),
              db.functions(),
              db.procedures(),
              db.triggers(),
              db.events());
      String[] kinds = {"view", "function", "procedure", "trigger", "event"};
      for (int g = 0; g < groups.size(); g++) {
        for (Manifest.SchemaObject object : groups.get(g)) {
          try {
            dialect.createSchemaObject(c, db.name(), object, defaultMode);
            created++;
          } catch (SQLException e) {
            throw new UserError(
                "Creating "
                    + kinds[g]
                    + " "
                    + dialect.qualified(db.name(), object.name())
                    + " in the target failed: "
                    + e.getMessage(),
                e);
          }
        }
      }
    }
    return created;
  }

  /** Orders views so that each comes after every view of the same set that it names. */
  static List<Manifest.SchemaObject> viewsInDependencyOrder(Dialect dialect, Manifest.Database db) {
    List<Manifest.SchemaObject> remaining = new ArrayList<>(db.views());
    List<Manifest.SchemaObject> ordered = new ArrayList<>();
    Map<String, Manifest.SchemaObject> byReference = new HashMap<>();
    for (Manifest.SchemaObject view : remaining) {
      byReference.put(dialect.qualified(db.name(), view.name()), view);
    }
    Set<String> placed = new HashSet<>();
    while (!remaining.isEmpty()) {
      Manifest.SchemaObject next = null;
      for (Manifest.SchemaObject view : remaining) {
        boolean ready = true;
        for (Map.Entry<String, Manifest.SchemaObject> other : byReference.entrySet()) {
          if (other.getValue() != view
              && !placed.contains(other.getKey())
              && view.createStatement().contains(other.getKey())) {
            ready = false;
            break;
          }
        }
        if (ready) {
          next = view;
          break;
        }
      }
      // A cycle cannot be created by a server; if one shows up, keep the manifest's order.
      if (next == null) {
        next = remaining.get(0);
      }
      remaining.remove(next);
      ordered.add(next);
      placed.add(dialect.qualified(db.name(), next.name()));
    }
    return ordered;
  }

  private static List<RestoreReport.TableResult> countRows(
      Connection c, Dialect dialect, Manifest manifest) throws SQLException {
    List<RestoreReport.TableResult> results = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      for (Manifest.Database db : manifest.databases()) {
        for (Manifest.Table table : db.tables()) {
          try (ResultSet r =
              s.executeQuery("SELECT COUNT(*) FROM " + dialect.qualified(db.name(), table.name()))) {
            r.next();
            results.add(
                new RestoreReport.TableResult(db.name(), table.name(), table.rowCount(), r.getLong(1)));
          }
        }
      }
    }
    return results;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
