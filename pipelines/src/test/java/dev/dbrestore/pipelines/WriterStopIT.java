package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.jdbc.PasswordSource;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's data writers are stopped through the journal, not through anything in one JVM: a
 * stop mark written over a connection of its own, as another process or a Flink TaskManager
 * would see it, keeps a writer from starting a chunk, and clearing it lets the writer write.
 */
class WriterStopIT {
  private static final String DB = "ws_src";
  private static final String JOURNAL = "ws_journal";
  private static final String TASK_ID = "r-writer-stop";
  private static final String TABLE = "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))";

  @TempDir static Path work;

  private static EmbeddedMariaDb target;
  private static String set;

  @BeforeAll
  static void backUpATableOfSeveralChunks() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE DATABASE " + DB,
        TABLE,
        "INSERT INTO " + DB + ".t SELECT seq, CONCAT('v', seq) FROM seq.seq_1_to_300");
    set = work.resolve("set").toString();
    BackupOptions backup = TestServers.backupOptions("direct", source, set, DB);
    backup.setChunkRows(100L);
    BackupJob.run(backup);
  }

  @Test
  void aStopMarkSetFromAnotherConnection_keepsAWriterFromStartingAChunk_untilItIsCleared()
      throws Exception {
    TestServers.dropDatabases(target, DB, JOURNAL);
    Manifest manifest = BackupSet.open(set).manifest();
    Manifest.Table table = manifest.databases().get(0).tables().get(0);
    TestServers.execute(target, "CREATE DATABASE " + DB, TABLE);
    List<ChunkWrite> work = new ArrayList<>();
    for (Manifest.Chunk chunk : table.chunks()) {
      work.add(
          new ChunkWrite(
              set, DB, "t", DB, "t", chunk, table.storedColumns(), DataConflictPolicy.STOP));
    }
    assertTrue(work.size() > 1, "chunks of about 100 rows: " + work.size());
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    Endpoint endpoint =
        new Endpoint(ConnectionSpec.of(target.jdbcUrl(), "root", PasswordSource.NONE), dialect);
    Journal journal = new Journal(JOURNAL, TASK_ID);
    RestoreTask task =
        new RestoreTask("writer stop", null, null, set, null, target.jdbcUrl(), "root", null,
            null, null, null, null, null, null, null, null, JOURNAL, 0);
    try {
      try (Connection c = target.connect()) {
        dialect.createJournal(c, JOURNAL);
        dialect.stop(c, JOURNAL, TASK_ID);
      }
      RestoreOptions options = TestServers.restoreOptions("direct", set, target);
      Exception stopped =
          assertThrows(
              Exception.class,
              () ->
                  RestoreJob.dataPipeline(
                          options, work, task, endpoint, manifest.source(), journal)
                      .run()
                      .waitUntilFinish());
      assertEquals(
          "Restore task " + TASK_ID + " was stopped after a failure.", Failures.message(stopped));
      assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));
      assertEquals("0", TestServers.single(target,
          "SELECT COUNT(*) FROM " + JOURNAL + ".chunks_done WHERE task_id = '" + TASK_ID + "'"));
      try (Connection c = target.connect()) {
        assertTrue(dialect.isStopped(c, JOURNAL, TASK_ID));
        assertTrue(dialect.objectsDone(c, JOURNAL, TASK_ID).isEmpty(),
            "the stop mark is no object the task created");
        dialect.clearStop(c, JOURNAL, TASK_ID);
      }

      RestoreJob.dataPipeline(options, work, task, endpoint, manifest.source(), journal)
          .run()
          .waitUntilFinish();
      assertEquals("300", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));
      assertEquals(String.valueOf(work.size()), TestServers.single(target,
          "SELECT COUNT(*) FROM " + JOURNAL + ".chunks_done WHERE task_id = '" + TASK_ID + "'"));
    } finally {
      TestServers.dropDatabases(target, DB, JOURNAL);
    }
  }
}
