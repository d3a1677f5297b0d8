package dev.dbrestore.pipelines.backup;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkRange;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.pipelines.Passwords;
import dev.dbrestore.pipelines.SigningKeys;
import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.progress.ChunkFilesWritten;
import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.progress.ProgressSource;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.transforms.backup.ChunkPlanner;
import dev.dbrestore.transforms.backup.CollectChunks;
import dev.dbrestore.transforms.backup.ExportedChunk;
import dev.dbrestore.transforms.backup.ReadChunksInSnapshot;
import dev.dbrestore.transforms.backup.SnapshotWindow;
import dev.dbrestore.transforms.backup.WriteManifest;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a full logical backup of the chosen databases into a new backup set: reads the
 * definitions, plans chunks, locks the source briefly while every reader opens its snapshot,
 * reads the chunks in parallel in a Beam pipeline, and writes the manifest last.
 */
public final class BackupJob {
  private static final Logger LOG = LoggerFactory.getLogger(BackupJob.class);

  private BackupJob() {}

  /** Runs a backup; returns the manifest of the new set. */
  public static Manifest run(BackupOptions options) {
    validate(options);
    byte[] signingKey = SigningKeys.resolve(options.getSigningKeyEnv(), options.getSigningKeyFile());
    Endpoint source =
        Endpoint.of(
            ConnectionSpec.of(
                options.getSource(), options.getSourceUser(),
                Passwords.source(options.getSourcePasswordEnv(), options.getSourcePasswordFile())));
    Dialect dialect = source.dialect();
    dialect.checkUrl(options.getSource());
    String setId = options.getSetId() != null ? options.getSetId() : newSetId();
    String location =
        options.getOutput() != null
            ? options.getOutput()
            : BackupRepository.at(options.getRepository())
                .setLocation(options.getSourceName(), options.getBackupTask(), setId);
    FileSystems.setDefaultPipelineOptions(options);
    refuseExistingSet(location, options.getOutput() != null);
    try {
      // The set's folder, and any new repository folder above it, for the owner only.
      dev.dbrestore.io.format.PrivateFiles.createFolder(BackupSet.folder(location));
    } catch (IOException e) {
      throw new UserError("Cannot create the folder " + location + ": " + e.getMessage(), e);
    }

    String startTime = Instant.now().toString();
    Manifest.Source server;
    List<Manifest.Database> databases = new ArrayList<>();
    List<ChunkRange> ranges;
    Map<String, Long> plannedRows;
    try (Connection c = source.openOrExplain(Endpoint.Purpose.ADMIN, "source")) {
      server = dialect.describeServer(c);
      for (String database : new LinkedHashSet<>(options.getDatabases())) {
        databases.add(dialect.readDatabase(c, database));
      }
      ranges = new ChunkPlanner(dialect, options.getChunkRows()).plan(c, databases);
      plannedRows = plannedRows(c, dialect, ranges, options.getChunkRows());
      warnOfConsistency(c, dialect, List.copyOf(new LinkedHashSet<>(options.getDatabases())),
          Math.max(1, Math.min(options.getReaders(), ranges.size())));
    } catch (SQLException e) {
      throw new UserError("Reading the source's definitions failed: " + e.getMessage(), e);
    }
    int readers = Math.max(1, Math.min(options.getReaders(), ranges.size()));
    Map<Integer, List<ChunkRange>> assignments = new HashMap<>();
    for (int i = 0; i < ranges.size(); i++) {
      assignments.computeIfAbsent(i % readers, k -> new ArrayList<>()).add(ranges.get(i));
    }
    LOG.info(
        "Backing up {} tables in {} chunks with {} readers into {}",
        databases.stream().mapToInt(d -> d.tables().size()).sum(),
        ranges.size(),
        readers,
        location);

    // Nothing is locked yet: the window locks the source only once every reader has started.
    Manifest draft =
        new Manifest(Manifest.FORMAT_VERSION, setId, startTime, null, server, null, databases);
    Duration startTimeout = Duration.ofSeconds(options.getReaderStartTimeoutSeconds());
    try (SnapshotWindow window =
        SnapshotWindow.start(
            source, setId, location, readers, startTimeout,
            Duration.ofSeconds(options.getSnapshotTimeoutSeconds()))) {
      if ("DirectRunner".equals(options.getRunner().getSimpleName())) {
        // The DirectRunner's monitor busy-waits on any free worker thread while bundles run
        // (measured: a third of a backup's CPU on two cores). With one thread per reader every
        // thread reads, and the monitor waits its turn instead of spinning.
        options.as(org.apache.beam.runners.direct.DirectOptions.class).setTargetParallelism(readers);
      }
      Pipeline pipeline =
          backupPipeline(
              options, source, setId, location, readers, assignments, plannedRows, startTimeout,
              draft, signingKey != null);
      try (Progress.Stage progress =
          Progress.stage("backup", plannedRows.values().stream().mapToLong(n -> n).sum(), null,
              new ChunkFilesWritten(location, assignments, plannedRows), null)) {
        PipelineResult.State state;
        try {
          state = pipeline.run().waitUntilFinish();
        } catch (RuntimeException e) {
          // A reader that waited in vain for the window is the symptom; the cause is here.
          String outcome = window.awaitOutcome(Duration.ofSeconds(1));
          if (outcome != null && outcome.startsWith("failed: ")) {
            throw new UserError("The backup could not lock the source and record its consistent"
                + " point in " + location + ": " + outcome.substring("failed: ".length())
                + "; fix that and run the backup again.", e);
          }
          throw e;
        }
        if (state != PipelineResult.State.DONE) {
          throw new UserError("The backup pipeline ended in state " + state + ".");
        }
        LOG.info("Snapshot window: {}", window.awaitOutcome(Duration.ofSeconds(1)));
        if (signingKey != null) {
          BackupSet.signAndComplete(location, signingKey);
          java.util.Arrays.fill(signingKey, (byte) 0);
        }
        // The set is complete (signed where asked): its manifest has the real totals.
        progress.closeWith(written(BackupSet.open(location).manifest()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("The backup was interrupted.", e);
    } catch (IOException e) {
      throw new UserError(
          "Signing the backup set at " + location + " failed: " + e.getMessage()
              + "; the set is not complete.",
          e);
    }
    return BackupSet.open(location).manifest();
  }

  /**
   * The rows planned for each chunk file: a full chunk's {@code chunkRows}, a table's last chunk
   * what the source's statistics leave over (none where it keeps none), for the progress.
   */
  private static Map<String, Long> plannedRows(
      Connection c, Dialect dialect, List<ChunkRange> ranges, long chunkRows)
      throws SQLException {
    Map<String, List<ChunkRange>> byTable = new java.util.LinkedHashMap<>();
    for (ChunkRange range : ranges) {
      byTable.computeIfAbsent(dialect.qualified(range.database(), range.table()),
          k -> new ArrayList<>()).add(range);
    }
    // The statistics of each database's tables in one request.
    Map<String, Map<String, Long>> estimates = new HashMap<>();
    for (String database : ranges.stream().map(ChunkRange::database).distinct().toList()) {
      estimates.put(database, dialect.estimatedRows(c, database,
          ranges.stream().filter(r -> r.database().equals(database)).map(ChunkRange::table)
              .distinct().toList()));
    }
    Map<String, Long> planned = new HashMap<>();
    for (List<ChunkRange> chunks : byTable.values()) {
      ChunkRange last = chunks.get(chunks.size() - 1);
      long full = (chunks.size() - 1) * chunkRows;
      long estimate = estimates.get(last.database()).getOrDefault(last.table(), -1L);
      for (ChunkRange range : chunks) {
        planned.put(range.fileName(), range == last ? Math.max(0, estimate - full) : chunkRows);
      }
    }
    return planned;
  }

  private static ProgressSource.Done written(Manifest manifest) {
    long rows = 0;
    long bytes = 0;
    for (Manifest.Database db : manifest.databases()) {
      for (Manifest.Table t : db.tables()) {
        rows += t.rowCount();
        bytes += t.chunks().stream().mapToLong(Manifest.Chunk::bytes).sum();
      }
    }
    return new ProgressSource.Done(rows, bytes);
  }

  /**
   * The backup's pipeline: one element per reader, each reading its chunks in the snapshot, then
   * the manifest. Its functions carry where the source's password is, never the password.
   */
  public static Pipeline backupPipeline(
      BackupOptions options,
      Endpoint source,
      String setId,
      String location,
      int readers,
      Map<Integer, List<ChunkRange>> assignments,
      Map<String, Long> plannedRows,
      Duration startTimeout,
      Manifest draft,
      boolean signed) {
    // What a user sees in Flink's job list (Beam's default names the options' class).
    options.setJobName("dbrestore backup " + setId);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ListReaders", Create.of(IntStream.range(0, readers).boxed().toList()))
        .apply(
            "ReadChunksInSnapshot",
            ParDo.of(
                new ReadChunksInSnapshot(
                    source, setId, location, assignments, new HashMap<>(plannedRows),
                    startTimeout.toMillis())))
        .setCoder(SerializableCoder.of(ExportedChunk.class))
        .apply("CollectChunks", Combine.globally(new CollectChunks()))
        .setCoder(ListCoder.of(SerializableCoder.of(ExportedChunk.class)))
        .apply("WriteManifest", ParDo.of(new WriteManifest(location, draft, signed)))
        .setCoder(SerializableCoder.of(Manifest.class));
    return pipeline;
  }

  /** A set id that sorts by time and reads as one: 20261125-150102-3fa9. */
  public static String newSetId() {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(java.time.ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + UUID.randomUUID().toString().substring(0, 4);
  }

  private static void validate(BackupOptions options) {
    if (options.getSource() == null) {
      throw new UsageError("The source server is missing: give --source JDBC_URL.");
    }
    if (options.getOutput() == null
        && options.getSourceName() == null
        && options.getBackupTask() == null) {
      throw new UsageError(
          "The backup set folder is missing: give --output DIR, or --source-name NAME and"
              + " --backup-task NAME to write into the backup repository.");
    }
    if (options.getOutput() == null && options.getSourceName() == null) {
      throw new UsageError(
          "The source name is missing: a backup into the backup repository needs"
              + " --source-name NAME as well as --backup-task.");
    }
    if (options.getOutput() == null && options.getBackupTask() == null) {
      throw new UsageError(
          "The backup task is missing: a backup into the backup repository needs"
              + " --backup-task NAME as well as --source-name.");
    }
    if (options.getDatabases() == null || options.getDatabases().isEmpty()) {
      throw new UsageError("No database chosen: give --database NAME (repeat for more).");
    }
    if (options.getChunkRows() < 1 || options.getReaders() < 1) {
      throw new UsageError("--chunk-rows and --readers must be at least 1.");
    }
  }

  /**
   * Says, before anything is read, when the source cannot give every reader one point (a SQL
   * Server database without SNAPSHOT isolation, or several readers there).
   */
  private static void warnOfConsistency(
      Connection c, Dialect dialect, List<String> databases, int readers) throws SQLException {
    String warning = dialect.consistency(c, databases, readers).warning();
    if (warning != null) {
      LOG.warn(warning);
      System.err.println("dbrestore: warning: " + warning + ".");
    }
  }

  private static void refuseExistingSet(String location, boolean givenAsOutput) {
    try {
      MatchResult match =
          FileSystems.match(BackupSet.file(location, Manifest.FILE_NAME).toString());
      if (match.status() == MatchResult.Status.OK && !match.metadata().isEmpty()) {
        throw new UserError(
            "The folder "
                + location
                + " already holds a complete backup set; choose a new "
                + (givenAsOutput ? "--output folder." : "set id."));
      }
    } catch (IOException e) {
      throw new UserError("Cannot look into the folder " + location + ": " + e.getMessage(), e);
    }
  }
}
