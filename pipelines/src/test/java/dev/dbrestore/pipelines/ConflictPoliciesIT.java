package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each data conflict policy, restored through the command line into a target whose tables
 * already hold some of the backup's rows (some identical, some with the same key and other
 * values), with and without a primary key; checked in SQL as a DBA would.
 */
class ConflictPoliciesIT {
  private static final String DB = "cp_src";
  private static final String KEYED = "`cp_src`.`keyed`";
  private static final String KEYLESS = "`cp_src`.`keyless`";

  private static final String KEYED_DDL =
      "CREATE TABLE " + KEYED + " (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL,"
          + " name VARCHAR(40), UNIQUE KEY uk_code (code)) DEFAULT CHARSET=utf8mb4";
  private static final String KEYLESS_DDL =
      "CREATE TABLE " + KEYLESS + " (code VARCHAR(10), qty INT) DEFAULT CHARSET=utf8mb4";

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;

  @BeforeAll
  static void backUpTheSourceOnce() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
        KEYED_DDL,
        KEYLESS_DDL,
        "INSERT INTO " + KEYED + " VALUES (1, 'A1', 'alpha'), (2, 'B2', 'beta'),"
            + " (3, 'C3', 'gamma'), (4, 'D4', 'delta'), (5, 'E5', 'épsilon 日本')",
        "INSERT INTO " + KEYLESS + " VALUES ('a', 1), ('b', 2), ('c', 3)");
    set = work.resolve("set").toString();
    BackupJob.run(TestServers.backupOptions("direct", source, set, DB));
  }

  @BeforeEach
  void emptyTarget() throws Exception {
    TestServers.dropDatabases(target, DB);
  }

  /**
   * The target already holds: id 1 identical; id 2 with the same key and another name; id 7
   * holding the backup's unique code C3 under another id; id 9 only in the target. The keyless
   * table holds one backup row ('a', 1) and one of its own ('z', 26).
   */
  private static void prepareTargetWithSomeRows(String keyedDdl) throws Exception {
    prepareTarget(keyedDdl, "(1, 'A1', 'alpha'), (2, 'B2', 'target beta'),"
        + " (7, 'C3', 'target gamma'), (9, 'Z9', 'target only')");
  }

  private static void prepareTarget(String keyedDdl, String keyedValues) throws Exception {
    TestServers.execute(
        target,
        "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
        keyedDdl,
        KEYLESS_DDL,
        "INSERT INTO " + KEYED + " (id, code, name) VALUES " + keyedValues,
        "INSERT INTO " + KEYLESS + " VALUES ('a', 1), ('z', 26)");
  }

  @Test
  void restoreStopsBeforeWritingAnything_whenDataConflictIsStop() throws Exception {
    prepareTargetWithSomeRows(KEYED_DDL);
    List<String> keyedBefore = keyedRows();
    List<String> keylessBefore = keylessRows();

    String name = taskName("stop");
    Result r = restore(name, "stop");

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("The pre-check failed on item 6"), r.err);
    assertTrue(r.err.contains(KEYED), r.err);
    assertTrue(r.err.contains("Nothing was written"), r.err);
    assertEquals(keyedBefore, keyedRows());
    assertEquals(keylessBefore, keylessRows());
    assertEquals(TaskState.PRECHECK_FAILED, task(name).state());
  }

  @Test
  void restoreSkipsRowsWhoseKeyExists_whenDataConflictIsIgnore() throws Exception {
    checkIgnoreKeepsExistingRows("both");
  }

  @Test
  void dataOnlyRestoreSkipsRowsWhoseKeyExists_whenDataConflictIsIgnore() throws Exception {
    checkIgnoreKeepsExistingRows("data");
  }

  private void checkIgnoreKeepsExistingRows(String recoveryType) throws Exception {
    prepareTargetWithSomeRows(KEYED_DDL);

    String name = taskName("ignore " + recoveryType);
    Result r = restore(name, "ignore", "--recovery-type", recoveryType);

    assertEquals(0, r.exit, r.err);
    // Rows whose primary or unique key existed keep the target's values; the others are added.
    assertEquals(
        List.of(
            "1|A1|alpha",
            "2|B2|target beta",
            "4|D4|delta",
            "5|E5|épsilon 日本",
            "7|C3|target gamma",
            "9|Z9|target only"),
        keyedRows());
    assertNoDuplicateKeys();
    // Without a key nothing is recognised as a duplicate: every backup row is appended.
    assertEquals(List.of("a|1", "a|1", "b|2", "c|3", "z|26"), keylessRows());
    TaskRecord record = task(name);
    assertEquals(TaskState.SUCCEEDED, record.state());
    assertKeylessWarning(record);
  }

  @Test
  void restoreReplacesRowsWhoseKeyExists_whenDataConflictIsOverwrite() throws Exception {
    checkOverwriteReplacesExistingRows("both");
  }

  @Test
  void dataOnlyRestoreReplacesRowsWhoseKeyExists_whenDataConflictIsOverwrite() throws Exception {
    checkOverwriteReplacesExistingRows("data");
  }

  private void checkOverwriteReplacesExistingRows(String recoveryType) throws Exception {
    prepareTargetWithSomeRows(KEYED_DDL);

    String name = taskName("overwrite " + recoveryType);
    Result r = restore(name, "overwrite", "--recovery-type", recoveryType);

    assertEquals(0, r.exit, r.err);
    // Id 2 and the row holding code C3 (id 7) are replaced by the backup's rows; id 9 stays.
    assertEquals(
        List.of(
            "1|A1|alpha",
            "2|B2|beta",
            "3|C3|gamma",
            "4|D4|delta",
            "5|E5|épsilon 日本",
            "9|Z9|target only"),
        keyedRows());
    assertNoDuplicateKeys();
    assertEquals(List.of("a|1", "a|1", "b|2", "c|3", "z|26"), keylessRows());
    TaskRecord record = task(name);
    assertEquals(TaskState.SUCCEEDED, record.state());
    assertKeylessWarning(record);
  }

  @Test
  void ignoreStillFailsOnARowTheTargetCannotStore_unlikeInsertIgnore() throws Exception {
    checkIgnoreFailsOnAStringTheTargetCannotStore("both");
  }

  @Test
  void dataOnlyIgnoreStillFailsOnARowTheTargetCannotStore_unlikeInsertIgnore() throws Exception {
    checkIgnoreFailsOnAStringTheTargetCannotStore("data");
  }

  private void checkIgnoreFailsOnAStringTheTargetCannotStore(String recoveryType)
      throws Exception {
    // Same column type, so the pre-check passes; but latin1 cannot hold 'épsilon 日本'.
    // INSERT IGNORE would store it mangled as 'épsilon ??'.
    prepareTargetWithSomeRows(KEYED_DDL.replace(
        "name VARCHAR(40)", "name VARCHAR(40) CHARACTER SET latin1"));
    List<String> keyedBefore = keyedRows();

    String name = taskName("ignore-invalid " + recoveryType);
    Result r = restore(name, "ignore", "--recovery-type", recoveryType);

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains(KEYED), r.err);
    assertTrue(r.err.contains("Incorrect string value"), "the database's error: " + r.err);
    // The chunk holding the row is rolled back as a whole; nothing mangled is stored.
    assertEquals(keyedBefore, keyedRows());
    TaskRecord record = task(name);
    assertEquals(TaskState.FAILED, record.state());
    assertTrue(record.error() != null && record.error().contains(KEYED), record.error());
    assertTrue(record.error().contains("Incorrect string value"), record.error());
  }

  @Test
  void ignoreStillFailsOnARowMissingARequiredColumn_unlikeInsertIgnore() throws Exception {
    checkIgnoreFailsOnAMissingRequiredColumn("both");
  }

  @Test
  void dataOnlyIgnoreStillFailsOnARowMissingARequiredColumn_unlikeInsertIgnore()
      throws Exception {
    checkIgnoreFailsOnAMissingRequiredColumn("data");
  }

  private void checkIgnoreFailsOnAMissingRequiredColumn(String recoveryType) throws Exception {
    // The target has an extra NOT NULL column without a default: INSERT IGNORE would fill ''.
    prepareTargetWithSomeRows(KEYED_DDL);
    TestServers.execute(target, "ALTER TABLE " + KEYED + " ADD COLUMN note VARCHAR(10) NOT NULL");
    List<String> keyedBefore = keyedRows();

    String name = taskName("ignore-not-null " + recoveryType);
    Result r = restore(name, "ignore", "--recovery-type", recoveryType);

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains(KEYED), r.err);
    assertTrue(r.err.contains("'note'"), "the database's error names the column: " + r.err);
    assertEquals(keyedBefore, keyedRows());
    TaskRecord record = task(name);
    assertEquals(TaskState.FAILED, record.state());
    assertTrue(record.error() != null && record.error().contains(KEYED), record.error());
  }

  @Test
  void ignoreNeverTruncatesIntoANarrowerColumn() throws Exception {
    // VARCHAR(3) where the backup holds longer names: the task must fail, never truncate. Today
    // the pre-check (item 15, column types) stops it before the database sees a row.
    prepareTarget(
        KEYED_DDL.replace("name VARCHAR(40)", "name VARCHAR(3)"),
        "(1, 'A1', 'alp'), (2, 'B2', 'tgt')");
    List<String> keyedBefore = keyedRows();

    String name = taskName("ignore-narrow");
    Result r = restore(name, "ignore");

    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains(KEYED), r.err);
    assertTrue(r.err.contains("varchar(3)") || r.err.contains("Data too long"), r.err);
    assertEquals(keyedBefore, keyedRows());
    assertEquals(
        "0", TestServers.single(target, "SELECT COUNT(*) FROM " + KEYED + " WHERE id > 2"));
    TaskRecord record = task(name);
    assertTrue(
        record.state() == TaskState.FAILED || record.state() == TaskState.PRECHECK_FAILED,
        String.valueOf(record.state()));
  }

  private static void assertNoDuplicateKeys() throws Exception {
    assertEquals("0", TestServers.single(target,
        "SELECT COUNT(*) FROM (SELECT id FROM " + KEYED + " GROUP BY id HAVING COUNT(*) > 1) d"));
    assertEquals("0", TestServers.single(target,
        "SELECT COUNT(*) FROM (SELECT code FROM " + KEYED
            + " GROUP BY code HAVING COUNT(*) > 1) d"));
  }

  /** Pre-check item 13 warned that the keyless table cannot recognise duplicates. */
  private static void assertKeylessWarning(TaskRecord record) {
    Map<String, String> item13 =
        record.precheck().stream()
            .filter(i -> i.get("item").startsWith("13 "))
            .findFirst()
            .orElseThrow();
    assertEquals("warning", item13.get("result"), item13.toString());
    assertTrue(item13.get("cause").contains(KEYLESS), item13.toString());
  }

  private static List<String> keyedRows() throws Exception {
    return TestServers.column(target,
        "SELECT CONCAT_WS('|', id, code, name) FROM " + KEYED + " ORDER BY id");
  }

  private static List<String> keylessRows() throws Exception {
    return TestServers.column(target,
        "SELECT CONCAT_WS('|', code, qty) FROM " + KEYLESS + " ORDER BY code, qty");
  }

  private static String taskName(String what) {
    return "cp " + what + " " + System.nanoTime();
  }

  /** The newest task record of this name. */
  private static TaskRecord task(String name) {
    return TaskStore.open(DbrestoreHome.tasks()).list().stream()
        .filter(t -> name.equals(t.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no task record named " + name));
  }

  private static Result restore(String name, String policy, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "restore", "--name", name, "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--structure-conflict", "ignore", "--data-conflict", policy,
        "--accept-warnings"));
    args.addAll(List.of(more));
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
