package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.FaultInjection;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume runs the task as it was recorded: a task started with --no-verify that failed in its
 * data stage is finished by a plain --resume without verification, and a resume given
 * --no-verify for a task recorded to verify is refused before anything runs.
 */
class ResumeAsRecordedIT {
  private static final String DB = "ra_src";
  private static final String FAULT = "dbrestore.fault.failAfterCommit";

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
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO " + DB + ".t SELECT seq, CONCAT('v', seq) FROM seq.seq_1_to_2000");
    set = work.resolve("set").toString();
    CliRun backup =
        CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", set, "--chunk-rows", "200");
    assertEquals(0, backup.exit(), backup.err());
  }

  @Test
  void aTaskStartedWithNoVerify_failingInItsDataStage_isResumedWithoutVerification()
      throws Exception {
    TestServers.dropDatabases(target, DB);
    String taskId = failedTask("ra no-verify", "--no-verify");
    TaskRecord failed = TaskStore.open(DbrestoreHome.tasks()).get(taskId);
    assertEquals(TaskState.FAILED, failed.state(), failed.toString());
    assertEquals(false, failed.task().get("verify"), failed.task().toString());
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    try (Connection c = target.connect()) {
      assertTrue(dialect.isStopped(c, Journal.DEFAULT_SCHEMA, taskId),
          "the failed run's writers stay stopped until a resume");
    }

    CliRun resume = CliRun.of("restore", "--resume", taskId);
    assertEquals(0, resume.exit(), resume.all());
    assertTrue(resume.out().contains("Verification: not done"), resume.out());
    assertFalse(resume.out().contains("tables hold exactly the backup's rows"), resume.out());
    TaskRecord done = TaskStore.open(DbrestoreHome.tasks()).get(taskId);
    assertEquals(TaskState.SUCCEEDED, done.state(), done.toString());
    assertEquals(false, done.task().get("verify"), done.task().toString());
    assertEquals("2000", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));
    try (Connection c = target.connect()) {
      assertFalse(dialect.isStopped(c, Journal.DEFAULT_SCHEMA, taskId));
    }
    TestServers.dropDatabases(target, DB);
  }

  @Test
  void aResumeGivenNoVerify_forATaskRecordedToVerify_isRefused_andAPlainResumeVerifies()
      throws Exception {
    TestServers.dropDatabases(target, DB);
    String taskId = failedTask("ra verify");
    assertEquals(true, TaskStore.open(DbrestoreHome.tasks()).get(taskId).task().get("verify"));

    CliRun refused = CliRun.of("restore", "--resume", taskId, "--no-verify");
    assertEquals(2, refused.exit(), refused.all());
    assertTrue(refused.err().contains("was recorded with verify: true"), refused.err());
    assertEquals(TaskState.FAILED, TaskStore.open(DbrestoreHome.tasks()).get(taskId).state());

    CliRun resume = CliRun.of("restore", "--resume", taskId);
    assertEquals(0, resume.exit(), resume.all());
    assertTrue(resume.out().contains("Verification: 1 of 1 tables hold exactly the backup's rows"),
        resume.out());
    assertEquals(TaskState.SUCCEEDED, TaskStore.open(DbrestoreHome.tasks()).get(taskId).state());
    TestServers.dropDatabases(target, DB);
  }

  /**
   * Starts a restore whose first chunk commit fails (an injected fault, no retries), so the task
   * fails with part of its rows written; returns its id.
   */
  private static String failedTask(String name, String... flags) throws Exception {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
                "--retries", "0", "--name", name));
    args.addAll(java.util.List.of(flags));
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    java.util.Set<String> before = ids(store);
    CliRun run;
    FaultInjection.reset();
    System.setProperty(FAULT, "1");
    try {
      run = CliRun.of(args.toArray(String[]::new));
    } finally {
      System.clearProperty(FAULT);
    }
    assertEquals(1, run.exit(), run.all());
    assertTrue(run.err().contains("Injected fault after committing chunk"), run.err());
    java.util.Set<String> created = ids(store);
    created.removeAll(before);
    assertEquals(1, created.size(), created.toString());
    return created.iterator().next();
  }

  private static java.util.Set<String> ids(TaskStore store) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    store.list().forEach(r -> ids.add(r.id()));
    return ids;
  }
}
