package dev.dbrestore.transforms.restore;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.JdbcChunkSink;
import dev.dbrestore.io.jdbc.Journal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each chunk's rows into the target, one transaction per chunk with its journal entry
 * (or per batch of small chunks, each with its own entry: see {@link ChunkBatches}), and emits
 * the rows written per target table. A chunk the journal has is skipped, so a retried
 * bundle, a re-run or a resumed task writes each chunk exactly once. Transient database errors
 * are retried with backoff up to a limit; anything else fails at once, naming the table, the
 * chunk and the database's error. A task whose data pipeline failed is marked stopped in the
 * journal, and no writer of it starts another chunk until the mark is cleared.
 *
 * <pre>{@code
 * chunks.apply("WriteRows",
 *     WriteChunks.to(target)
 *         .withSource(manifest.source())
 *         .withJournal(journal)
 *         .withRetries(3, Duration.ofMillis(200))
 *         .withBatches(ChunkBatches.plan(work, 4))
 *         .withBulkLoad(true));
 * }</pre>
 *
 * Without {@code withJournal} nothing is recorded and nothing is skipped; without
 * {@code withRetries} the first error fails the chunk; without {@code withBatches} each chunk is
 * its own transaction; bulk load is off and the binary log
 * written unless configured.
 */
public final class WriteChunks
    extends PTransform<PCollection<ChunkWrite>, PCollection<KV<String, Long>>> {
  private static final long serialVersionUID = 1L;

  /** Namespace of the per-table counters: one counter per target table, "database.table". */
  public static final String ROWS_BY_TABLE = "dbrestore.rows_written_by_table";

  private final Endpoint target;
  private final Manifest.Source source;
  private final Journal journal;
  private final int retries;
  private final Duration backoff;
  private final boolean bulkLoad;
  private final boolean writeBinlog;
  private final ChunkBatches batches;

  private WriteChunks(
      Endpoint target,
      Manifest.Source source,
      Journal journal,
      int retries,
      Duration backoff,
      boolean bulkLoad,
      boolean writeBinlog,
      ChunkBatches batches) {
    this.target = target;
    this.source = source;
    this.journal = journal;
    this.retries = retries;
    this.backoff = backoff;
    this.bulkLoad = bulkLoad;
    this.writeBinlog = writeBinlog;
    this.batches = batches;
  }

  /** Writes into {@code target}, speaking its dialect. */
  public static WriteChunks to(Endpoint target) {
    return new WriteChunks(target, null, null, 0, Duration.ZERO, false, true, ChunkBatches.NONE);
  }

  /** The backup's source server, whose session settings (SQL mode, time zone) the writes take. */
  public WriteChunks withSource(Manifest.Source source) {
    return new WriteChunks(
        target, source, journal, retries, backoff, bulkLoad, writeBinlog, batches);
  }

  /** Records each chunk in {@code journal} with its rows, and skips the chunks it has. */
  public WriteChunks withJournal(Journal journal) {
    return new WriteChunks(
        target, source, journal, retries, backoff, bulkLoad, writeBinlog, batches);
  }

  /**
   * {@code retries} more attempts of a chunk after a transient error or a lost connection, the
   * first after {@code backoff}, each later one after twice the wait before it.
   */
  public WriteChunks withRetries(int retries, Duration backoff) {
    if (retries < 0 || backoff == null || backoff.isNegative()) {
      throw new IllegalArgumentException(
          "withRetries needs retries >= 0 and a backoff >= 0, not " + retries + ", " + backoff);
    }
    return new WriteChunks(
        target, source, journal, retries, backoff, bulkLoad, writeBinlog, batches);
  }

  /**
   * With true, the dialect's bulk loader where it writes the columns exactly (batched INSERTs
   * otherwise, and for a chunk the loader could not write as given).
   */
  public WriteChunks withBulkLoad(boolean bulkLoad) {
    return new WriteChunks(
        target, source, journal, retries, backoff, bulkLoad, writeBinlog, batches);
  }

  /** Writes the chunks {@code batches} groups together in one transaction each. */
  public WriteChunks withBatches(ChunkBatches batches) {
    if (batches == null) {
      throw new IllegalArgumentException("withBatches needs batches: use ChunkBatches.NONE for none");
    }
    return new WriteChunks(
        target, source, journal, retries, backoff, bulkLoad, writeBinlog, batches);
  }

  /** With false the writing sessions write no binary log. */
  public WriteChunks withBinlog(boolean writeBinlog) {
    return new WriteChunks(
        target, source, journal, retries, backoff, bulkLoad, writeBinlog, batches);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<ChunkWrite> chunks) {
    if (target == null) {
      throw new IllegalArgumentException(
          "WriteChunks needs a target: use WriteChunks.to(endpoint)");
    }
    if (source == null) {
      throw new IllegalArgumentException(
          "WriteChunks needs the backup's source server: use withSource(...)");
    }
    ChunkBatches groups = batches;
    // Grouping by batch also spreads the work over the workers, as a reshuffle would.
    return chunks
        .apply(
            "KeyByBatch",
            WithKeys.of((ChunkWrite c) -> groups.keyOf(c.chunk().file()))
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), chunks.getCoder()))
        .apply("GroupBatches", GroupByKey.create())
        .apply(
            "WriteChunk",
            ParDo.of(
                new WriteFn(
                    target, source, journal, retries, backoff.toMillis(), bulkLoad,
                    writeBinlog)));
  }

  /**
   * The writer: one transaction per chunk, or per batch of small chunks; its connection held from
   * attempt to attempt and from bundle to bundle.
   */
  static final class WriteFn extends DoFn<KV<String, Iterable<ChunkWrite>>, KV<String, Long>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WriteChunks.class);

    private final Endpoint target;
    private final Dialect dialect;
    private final Manifest.Source source;
    private final Journal journal;
    private final int retries;
    private final long backoffMillis;
    private final boolean bulkLoad;
    private final boolean writeBinlog;

    private final Counter rowsWritten = Metrics.counter(WriteChunks.class, "rows_written");
    private final Counter chunksWritten = Metrics.counter(WriteChunks.class, "chunks_written");
    private final Counter chunksSkipped =
        Metrics.counter(WriteChunks.class, "chunks_skipped_already_restored");
    private final Counter retried = Metrics.counter(WriteChunks.class, "chunk_attempts_retried");
    private final Counter bulkLoaded = Metrics.counter(WriteChunks.class, "chunks_bulk_loaded");
    private final Counter bulkFallbacks =
        Metrics.counter(WriteChunks.class, "chunks_written_by_insert_after_bulk_load");
    private final Counter batchesWritten =
        Metrics.counter(WriteChunks.class, "batches_of_small_chunks_written");

    private transient Connection connection;

    private transient boolean bulkRefused;
    private transient java.util.Map<String, Boolean> bulkTables;

    WriteFn(
        Endpoint target,
        Manifest.Source source,
        Journal journal,
        int retries,
        long backoffMillis,
        boolean bulkLoad,
        boolean writeBinlog) {
      this.bulkLoad = bulkLoad && target.dialect().bulkLoader().isPresent();
      this.writeBinlog = writeBinlog;
      this.target = target;
      this.dialect = target.dialect();
      this.source = source;
      this.journal = journal;
      this.retries = retries;
      this.backoffMillis = backoffMillis;
    }

    /** One attempt at writing; throws what the retry loop classifies. */
    private interface Attempt<T> {
      T run() throws SQLException;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<ChunkWrite>> batch, OutputReceiver<KV<String, Long>> out)
        throws InterruptedException {
      List<ChunkWrite> chunks = new ArrayList<>();
      batch.getValue().forEach(chunks::add);
      if (chunks.size() > 1) {
        List<JdbcChunkSink.Outcome> skipped =
            Collections.nCopies(chunks.size(), new JdbcChunkSink.Outcome(0, true));
        Optional<List<JdbcChunkSink.Outcome>> together =
            withRetries(chunks, Optional.of(skipped), () -> writeTogether(chunks));
        if (together.isPresent()) {
          batchesWritten.inc();
          for (int i = 0; i < chunks.size(); i++) {
            counted(chunks.get(i), together.get().get(i), out);
          }
          return;
        }
        // A chunk needs the slower path (or another attempt wrote one): one at a time.
      }
      for (ChunkWrite chunk : chunks) {
        counted(
            chunk,
            withRetries(List.of(chunk), new JdbcChunkSink.Outcome(0, true), () -> writeOne(chunk)),
            out);
      }
    }

    private void counted(
        ChunkWrite chunk, JdbcChunkSink.Outcome outcome, OutputReceiver<KV<String, Long>> out) {
      if (outcome.skipped()) {
        chunksSkipped.inc();
        return;
      }
      rowsWritten.inc(outcome.rows());
      chunksWritten.inc();
      Metrics.counter(ROWS_BY_TABLE, chunk.targetDatabase() + "." + chunk.targetTable())
          .inc(outcome.rows());
      out.output(
          KV.of(dialect.qualified(chunk.targetDatabase(), chunk.targetTable()), outcome.rows()));
    }

    /** One chunk in its own transaction: the bulk loader where it is exact, else INSERTs. */
    private JdbcChunkSink.Outcome writeOne(ChunkWrite chunk) throws SQLException {
      JdbcChunkSink.Outcome outcome = null;
      if (bulkLoad && !bulkRefused && bulkLoadable(chunk)) {
        outcome = bulkWrite(chunk);
      }
      if (outcome == null) {
        outcome = JdbcChunkSink.write(connection(), dialect, chunk, journal);
      }
      return outcome;
    }

    /** Small chunks in one transaction; empty when they must go one at a time. */
    private Optional<List<JdbcChunkSink.Outcome>> writeTogether(List<ChunkWrite> chunks)
        throws SQLException {
      boolean bulk = bulkLoad && !bulkRefused;
      if (bulk) {
        learnBulkLoadable(chunks);
      }
      for (ChunkWrite chunk : chunks) {
        bulk = bulk && bulkLoadable(chunk);
      }
      try {
        List<JdbcChunkSink.Outcome> outcomes =
            JdbcChunkSink.writeBatch(connection(), dialect, chunks, journal, bulk);
        if (outcomes != null && bulk) {
          bulkLoaded.inc(outcomes.stream().filter(o -> !o.skipped()).count());
        }
        return Optional.ofNullable(outcomes);
      } catch (JdbcChunkSink.ChunkWriteException e) {
        if (bulk && refusesLocalData(e)) {
          return Optional.empty();
        }
        throw e;
      }
    }

    /**
     * Runs attempts until one succeeds: a transient error or a lost connection is retried with
     * backoff; {@code whenDone} when the journal shows every chunk written (the commit went
     * through before the failure reached us, or another attempt won); anything else fails.
     */
    private <T> T withRetries(List<ChunkWrite> chunks, T whenDone, Attempt<T> attempt)
        throws InterruptedException {
      for (int n = 1; ; n++) {
        try {
          refuseIfStopped();
          return attempt.run();
        } catch (JdbcChunkSink.ChunkWriteException | UserError | SQLException e) {
          SQLException sql = sqlCause(e);
          // A lost connection can surface as a secondary error that hides it (Connector/J's
          // batch cleanup fails on the dead statement); a connection that no longer answers is
          // a lost connection, whatever the error says.
          boolean lost = sql != null && !dialect.isTransient(sql) && connectionLost();
          closeQuietly();
          if (journal != null && sql != null && doneInJournal(chunks)) {
            return whenDone;
          } else if (sql != null && (lost || dialect.isTransient(sql)) && n <= retries) {
            long wait = backoffMillis * (1L << Math.min(n - 1, 6));
            ChunkWrite first = chunks.get(0);
            LOG.warn(
                "Chunk {} of {}.{}{}: {}; attempt {} of {} in {} ms",
                first.chunk().file(), first.targetDatabase(), first.targetTable(),
                chunks.size() > 1 ? " and " + (chunks.size() - 1) + " more small chunks" : "",
                sql.getMessage(), n + 1, retries + 1, wait);
            retried.inc();
            Thread.sleep(wait);
          } else if (e instanceof RuntimeException runtime) {
            throw runtime;
          } else {
            throw new UserError(
                "Preparing the restore session on the target failed: " + e.getMessage(), e);
          }
        }
      }
    }

    /**
     * Starts no chunk of a task whose data pipeline failed: the mark is in the journal, so a
     * writer in any process or on any worker sees it.
     */
    private void refuseIfStopped() throws SQLException {
      if (journal == null) {
        return;
      }
      Connection c = connection();
      boolean stopped = dialect.isStopped(c, journal.schema(), journal.taskId());
      if (!c.getAutoCommit()) {
        c.rollback(); // the chunk's transaction reads from a snapshot of its own
      }
      if (stopped) {
        throw new UserError("Restore task " + journal.taskId() + " was stopped after a failure.");
      }
    }

    private Connection connection() throws java.sql.SQLException {
      if (connection == null || connection.isClosed()) {
        Endpoint.Purpose purpose =
            bulkLoad && !bulkRefused ? Endpoint.Purpose.BULK_LOAD : Endpoint.Purpose.BATCH_WRITE;
        connection = target.openRestoreSession(purpose, "target", source, writeBinlog);
      }
      return connection;
    }

    /** Whether the bulk loader writes this chunk's table exactly; asked once per table. */
    private boolean bulkLoadable(ChunkWrite chunk) throws SQLException {
      String table = dialect.qualified(chunk.targetDatabase(), chunk.targetTable());
      if (bulkTables == null) {
        bulkTables = new java.util.HashMap<>();
      }
      Boolean known = bulkTables.get(table);
      if (known == null) {
        known =
            dialect.bulkLoader().orElseThrow().canLoad(
                chunk.storedColumns(),
                dialect.columnCharsets(connection(), chunk.targetDatabase(), chunk.targetTable()));
        bulkTables.put(table, known);
      }
      return known;
    }

    /**
     * Asks the target the column character sets of a batch's tables not asked yet, in one query
     * per database: a batch of many small tables paid a catalog query per table.
     */
    private void learnBulkLoadable(List<ChunkWrite> chunks) throws SQLException {
      if (bulkTables == null) {
        bulkTables = new HashMap<>();
      }
      Map<String, Map<String, ChunkWrite>> unknown = new LinkedHashMap<>();
      for (ChunkWrite chunk : chunks) {
        if (!bulkTables.containsKey(dialect.qualified(chunk.targetDatabase(), chunk.targetTable()))) {
          unknown.computeIfAbsent(chunk.targetDatabase(), d -> new LinkedHashMap<>())
              .putIfAbsent(chunk.targetTable(), chunk);
        }
      }
      for (var database : unknown.entrySet()) {
        Map<String, Map<String, String>> charsets =
            dialect.columnCharsets(connection(), database.getKey(), database.getValue().keySet());
        for (var table : database.getValue().entrySet()) {
          bulkTables.put(
              dialect.qualified(database.getKey(), table.getKey()),
              dialect.bulkLoader().orElseThrow().canLoad(
                  table.getValue().storedColumns(),
                  charsets.getOrDefault(table.getKey(), Map.of())));
        }
      }
    }

    /** The bulk path; null when the chunk must go by INSERT. */
    private JdbcChunkSink.Outcome bulkWrite(ChunkWrite chunk) throws SQLException {
      try {
        JdbcChunkSink.Outcome outcome =
            JdbcChunkSink.bulkWrite(connection(), dialect, chunk, journal);
        if (outcome == null) {
          bulkFallbacks.inc();
        } else if (!outcome.skipped()) {
          bulkLoaded.inc();
        }
        return outcome;
      } catch (JdbcChunkSink.ChunkWriteException e) {
        if (refusesLocalData(e)) {
          return null;
        }
        throw e;
      }
    }

    /**
     * Whether the failure is the target refusing LOAD DATA LOCAL; if so, bulk loading stops
     * for this writer and its connection is replaced by one for INSERTs.
     */
    private boolean refusesLocalData(JdbcChunkSink.ChunkWriteException e) {
      SQLException sql = e.sqlCause();
      if (sql == null || !dialect.isLocalDataRefused(sql)) {
        return false;
      }
      LOG.warn("The target refuses LOAD DATA LOCAL ({}); writing with batched INSERTs",
          sql.getMessage());
      bulkRefused = true;
      closeQuietly();
      return true;
    }

    private boolean connectionLost() {
      try {
        return connection == null || connection.isClosed() || !connection.isValid(2);
      } catch (SQLException e) {
        return true;
      }
    }

    private boolean doneInJournal(List<ChunkWrite> chunks) {
      try (Connection c = target.open(Endpoint.Purpose.ADMIN)) {
        java.util.Set<String> done = dialect.chunksDone(c, journal.schema(), journal.taskId());
        return chunks.stream().allMatch(chunk -> done.contains(chunk.chunk().file()));
      } catch (SQLException e) {
        return false;
      }
    }

    private static SQLException sqlCause(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql) {
          return sql;
        }
      }
      return null;
    }

    @Teardown
    public void teardown() {
      closeQuietly();
    }

    private void closeQuietly() {
      if (connection != null) {
        Connection c = connection;
        connection = null;
        try {
          c.close();
        } catch (SQLException ignored) {
          // A broken connection is being thrown away.
        }
      }
    }
  }
}
