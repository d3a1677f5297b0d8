package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.FaultInjection;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags beside a task file override its fields, and the record lists them; a failed task is
 * resumed under another account with a password from an environment variable (a rotated
 * password), and a flag that would change the recorded task is refused with exit 2.
 */
class TaskFlagsIT {
  private static final String DB = "tf_src";
  private static final String FAULT = "dbrestore.fault.failAfterCommit";
  private static final String ROTATED = "tf-Rotated-9c2e";
  private static final String ENV = "DBRESTORE_IT_ROTATED_PASSWORD";

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
  void flagsBesideATaskFile_overrideItsFields_andTheRecordListsThem() throws Exception {
    TestServers.dropDatabases(target, "tf_file", "tf_flag");
    Path file = Files.writeString(work.resolve("task.yaml"),
        "name: tf override\n"
            + "backupSet: " + set + "\n"
            + "target: " + target.jdbcUrl() + "\n"
            + "targetUser: tf_nobody\n"
            + "mapping:\n  databases: {" + DB + ": tf_file}\n");
    try {
      CliRun run = CliRun.of("restore", "--task", file.toString(), "--user", "root",
          "--map-database", DB + "=tf_flag");
      assertEquals(0, run.exit(), run.all());
      assertTrue(run.out().contains(
          "Task fields given by flags over the task file: targetUser, mapping.databases."),
          run.out());
      // The restore followed the flags: as root, into tf_flag, nothing under the file's name.
      assertEquals("2000", TestServers.single(target, "SELECT COUNT(*) FROM tf_flag.t"));
      assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM"
          + " information_schema.SCHEMATA WHERE SCHEMA_NAME = 'tf_file'"));

      TaskRecord record = recordOf(run);
      assertEquals(TaskState.SUCCEEDED, record.state());
      assertEquals(List.of("targetUser", "mapping.databases"), record.overriddenByFlags());
      assertEquals("root", record.task().get("targetUser"));
      assertEquals(Map.of(DB, "tf_flag"),
          ((Map<?, ?>) record.task().get("mapping")).get("databases"));
    } finally {
      TestServers.dropDatabases(target, "tf_file", "tf_flag");
    }
  }

  @Test
  void aFailedTask_isResumedUnderAnotherAccount_withAPasswordFromTheEnvironment()
      throws Exception {
    TestServers.dropDatabases(target, DB);
    TestServers.execute(target,
        "DROP USER IF EXISTS 'tf_old'@'%'", "DROP USER IF EXISTS 'tf_new'@'%'",
        "CREATE USER 'tf_old'@'%' IDENTIFIED BY 'tf-old-pw'",
        "GRANT ALL PRIVILEGES ON *.* TO 'tf_old'@'%'");
    Path oldPassword = Files.writeString(work.resolve("old.pw"), "tf-old-pw\n");
    Files.setPosixFilePermissions(oldPassword, PosixFilePermissions.fromString("rw-------"));
    String taskId = failedTask("--user", "tf_old", "--password-file", oldPassword.toString());
    long rowsBefore =
        Long.parseLong(TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));
    assertTrue(rowsBefore > 0 && rowsBefore < 2000, "a part of the rows: " + rowsBefore);

    // The account is replaced; its password is in an environment variable, never a flag.
    TestServers.execute(target,
        "DROP USER 'tf_old'@'%'",
        "CREATE USER 'tf_new'@'%' IDENTIFIED BY '" + ROTATED + "'",
        "GRANT ALL PRIVILEGES ON *.* TO 'tf_new'@'%'");
    CliRun refused =
        CliRun.of("restore", "--resume", taskId, "--target", "jdbc:mysql://127.0.0.1:1/");
    assertEquals(2, refused.exit(), refused.all());
    assertTrue(refused.err().contains("--resume " + taskId + " continues the task as recorded, so"
        + " --target cannot be given with it"), refused.err());

    Child resumed = dbrestore(Map.of(ENV, ROTATED),
        "restore", "--resume", taskId, "--user", "tf_new", "--password-env", ENV);
    assertEquals(0, resumed.exit, resumed.out + resumed.err);
    assertTrue(resumed.out.contains(
        "Task fields given by flags over the recorded task: targetUser, targetPasswordEnv."),
        resumed.out);
    assertEquals("2000", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));
    String digest = "SELECT SUM(CRC32(CONCAT(id, v))) FROM " + DB + ".t";
    assertEquals(TestServers.single(TestServers.source(), digest),
        TestServers.single(target, digest));

    TaskRecord done = TaskStore.open(DbrestoreHome.tasks()).get(taskId);
    assertEquals(TaskState.SUCCEEDED, done.state(), done.toString());
    assertEquals("tf_new", done.task().get("targetUser"));
    assertEquals(ENV, done.task().get("targetPasswordEnv"));
    assertNull(done.task().get("targetPasswordFile"));
    assertEquals(List.of("targetUser", "targetPasswordEnv"), done.overriddenByFlags());
    String onDisk = Files.readString(DbrestoreHome.tasks().resolve(taskId + ".json"));
    assertFalse(onDisk.contains(ROTATED), "the record holds where the password is, not it");
    assertFalse(resumed.out.contains(ROTATED) || resumed.err.contains(ROTATED));
    TestServers.dropDatabases(target, DB);
    TestServers.execute(target, "DROP USER 'tf_new'@'%'");
  }

  /** The record of the task a run printed ("Task r-...: restored ..."). */
  private static TaskRecord recordOf(CliRun run) {
    java.util.regex.Matcher id = java.util.regex.Pattern
        .compile("Task (r-\\d{8}-\\d{6}-[0-9a-f]{4}): restored").matcher(run.out());
    assertTrue(id.find(), run.out());
    return TaskStore.open(DbrestoreHome.tasks()).get(id.group(1));
  }

  /**
   * Starts a restore whose first chunk commit fails (an injected fault, no retries), so the task
   * fails with part of its rows written; returns its id.
   */
  private static String failedTask(String... flags) {
    List<String> args = new ArrayList<>(List.of("restore", "--backup-set", set, "--target",
        target.jdbcUrl(), "--retries", "0", "--name", "tf resume"));
    args.addAll(List.of(flags));
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    Set<String> before = ids(store);
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
    Set<String> created = ids(store);
    created.removeAll(before);
    assertEquals(1, created.size(), created.toString());
    return created.iterator().next();
  }

  private static Set<String> ids(TaskStore store) {
    Set<String> ids = new HashSet<>();
    store.list().forEach(r -> ids.add(r.id()));
    return ids;
  }

  private record Child(int exit, String out, String err) {}

  /**
   * dbrestore in its own JVM with {@code environment} added, as a user runs it after exporting
   * a variable; the same dbrestore home as this JVM's.
   */
  private static Child dbrestore(Map<String, String> environment, String... args)
      throws Exception {
    Path jar = Path.of("target", "dbrestore.jar").toAbsolutePath();
    Path lib = Path.of("target", "lib").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar) && Files.isDirectory(lib),
        "run mvn -pl pipelines package first: " + jar + " and " + lib + " are needed");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Beam reflects into these JDK packages on Java 17.
    Stream.of("java.lang", "java.util", "java.nio", "sun.nio.ch", "java.lang.invoke", "java.net",
            "java.io", "java.time", "java.util.concurrent")
        .forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
    command.add("-Ddbrestore.home=" + DbrestoreHome.get());
    command.add("-cp");
    command.add(jar + File.pathSeparator + lib + File.separator + "*");
    command.add("dev.dbrestore.pipelines.cli.Main");
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "child", ".out");
    Path err = Files.createTempFile(work, "child", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("DBRESTORE_HOME");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("dbrestore " + String.join(" ", args) + " did not end in 5 min");
    }
    return new Child(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
