package dev.dbrestore.pipelines.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aStartedTaskIsSavedAndReadBackWithEveryField() {
    TaskStore store = TaskStore.open(dir.resolve("tasks"));
    TaskRecord started =
        store.start("shop into db2", Map.of("backupSet", "/backups/shop", "parallelism", 4));

    assertTrue(started.id().matches("r-\\d{8}-\\d{6}-[0-9a-f]{4}"), started.id());
    assertEquals(TaskState.RUNNING, started.state());
    assertEquals(ProcessHandle.current().pid(), started.pid());
    assertNull(started.endTime());
    assertTrue(Files.exists(dir.resolve("tasks").resolve(started.id() + ".json")));
    assertEquals(started, store.get(started.id()));

    TaskRecord finished =
        started
            .withProgress("data: 30 of 30 chunks")
            .withRowsWritten(Map.of("shop.orders", 1200L, "shop.customers", 34L))
            .withPrecheck(List.of(TaskRecord.precheckItem("target version", "ok", "", "")))
            .withState(TaskState.SUCCEEDED)
            .withEndTime("2026-11-25T15:09:00Z");
    store.save(finished);

    TaskRecord read = store.get(started.id());
    assertEquals(finished, read);
    assertEquals(1200L, read.rowsWritten().get("shop.orders"));
    assertEquals("ok", read.precheck().get(0).get("result"));
    assertEquals(4, read.task().get("parallelism"));
  }

  @Test
  void theFieldsFlagsOverrodeAreSavedAndReadBack_andAnOlderRecordHasNone() throws IOException {
    TaskStore store = TaskStore.open(dir);
    TaskRecord started =
        store.start("shop", Map.of("targetUser", "root"), List.of("targetUser", "conflicts.data"));
    TaskRecord read = store.get(started.id()).withState(TaskState.FAILED);
    assertEquals(List.of("targetUser", "conflicts.data"), read.overriddenByFlags());
    assertTrue(Files.readString(dir.resolve(started.id() + ".json"))
        .contains("\"overriddenByFlags\""));

    // A record written before the field existed reads as overridden by nothing.
    Map<String, Object> older = JSON.readValue(
        dir.resolve(started.id() + ".json").toFile(), LinkedHashMap.class);
    older.remove("overriddenByFlags");
    JSON.writeValue(dir.resolve(started.id() + ".json").toFile(), older);
    assertEquals(List.of(), store.get(started.id()).overriddenByFlags());
  }

  @Test
  void listIsNewestFirst() throws IOException {
    TaskStore store = TaskStore.open(dir);
    TaskRecord live = store.start("template", Map.of());
    Files.delete(dir.resolve(live.id() + ".json"));
    String host = live.host();
    write(record("r-20261125-090000-aaaa", "2026-11-25T09:00:00Z", TaskState.SUCCEEDED, 1, host));
    write(record("r-20261125-110000-cccc", "2026-11-25T11:00:00.5Z", TaskState.FAILED, 1, host));
    write(record("r-20261125-110000-bbbb", "2026-11-25T11:00:00Z", TaskState.SUCCEEDED, 1, host));

    List<String> ids = store.list().stream().map(TaskRecord::id).toList();

    assertEquals(
        List.of("r-20261125-110000-cccc", "r-20261125-110000-bbbb", "r-20261125-090000-aaaa"),
        ids);
  }

  @Test
  void aRunningTaskWhoseProcessEndedIsInterrupted_andTheRecordSaysSo() throws Exception {
    TaskStore store = TaskStore.open(dir);
    TaskRecord live = store.start("restore", Map.of());
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    write(
        new TaskRecord(
            live.id(), live.name(), live.task(), TaskState.RUNNING, live.startTime(), null,
            Map.of("shop.orders", 10L), null, List.of(), "data: 1 of 3 chunks", ended.pid(),
            live.host(), List.of(), null, Map.of()));

    TaskRecord listed = store.list().get(0);
    assertEquals(TaskState.INTERRUPTED, listed.state());
    assertEquals("the dbrestore process ended while the task was running", listed.error());
    assertNull(listed.endTime());
    assertEquals(10L, listed.rowsWritten().get("shop.orders"));
    assertEquals(TaskState.INTERRUPTED, store.get(live.id()).state());

    TaskRecord onDisk = JSON.readValue(dir.resolve(live.id() + ".json").toFile(), TaskRecord.class);
    assertEquals(TaskState.INTERRUPTED, onDisk.state());
    assertEquals("the dbrestore process ended while the task was running", onDisk.error());
    assertNull(onDisk.endTime());
  }

  @Test
  void aRunningTaskOfThisLiveProcessStaysRunning() {
    TaskStore store = TaskStore.open(dir);
    TaskRecord live = store.start("restore", Map.of());

    assertEquals(TaskState.RUNNING, store.get(live.id()).state());
    assertEquals(TaskState.RUNNING, store.list().get(0).state());
  }

  @Test
  void aRunningTaskWhosePidNowBelongsToALaterProcessIsInterrupted() throws IOException {
    TaskStore store = TaskStore.open(dir);
    TaskRecord live = store.start("restore", Map.of());
    // This JVM started long after 2020, so it cannot be the process that ran this task.
    write(
        new TaskRecord(
            live.id(), live.name(), live.task(), TaskState.RUNNING, "2020-01-01T00:00:00Z", null,
            Map.of(), null, List.of(), null, live.pid(), live.host(), List.of(), null, Map.of()));

    assertEquals(TaskState.INTERRUPTED, store.get(live.id()).state());
  }

  @Test
  void aRunningTaskOfAnotherHostIsLeftAsIs() throws Exception {
    TaskStore store = TaskStore.open(dir);
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    TaskRecord elsewhere =
        record("r-20261125-100000-dddd", "2026-11-25T10:00:00Z", TaskState.RUNNING, ended.pid(),
            "another-host.example");
    write(elsewhere);

    assertEquals(elsewhere, store.get(elsewhere.id()));
    assertEquals(List.of(elsewhere), store.list());
    assertEquals(
        TaskState.RUNNING,
        JSON.readValue(dir.resolve(elsewhere.id() + ".json").toFile(), TaskRecord.class).state());
  }

  @Test
  void passwordsAreScrubbedAtAnyDepth_butWhereTheyComeFromIsKept() throws IOException {
    TaskStore store = TaskStore.open(dir);
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("url", "jdbc:mysql://db2:3306/");
    target.put("targetPassword", "Hunter2x");
    target.put("targetPasswordEnv", "DB_PASSWORD");
    target.put("PASSWORD", "Hunter3x");
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("password", "Hunter4x");
    source.put("passwordFile", "/etc/dbrestore/pw");
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("password", "Hunter1x");
    task.put("target", target);
    task.put("sources", List.of(source));

    TaskRecord started = store.start("restore", task);

    String onDisk = Files.readString(dir.resolve(started.id() + ".json"));
    for (String secret : List.of("Hunter1x", "Hunter2x", "Hunter3x", "Hunter4x")) {
      assertFalse(onDisk.contains(secret), onDisk);
    }
    Map<?, ?> readTarget = (Map<?, ?>) store.get(started.id()).task().get("target");
    assertEquals(
        Map.of("url", "jdbc:mysql://db2:3306/", "targetPasswordEnv", "DB_PASSWORD"), readTarget);
    List<?> readSources = (List<?>) store.get(started.id()).task().get("sources");
    assertEquals(List.of(Map.of("passwordFile", "/etc/dbrestore/pw")), readSources);
    assertFalse(store.get(started.id()).task().containsKey("password"));
  }

  @Test
  void aCrashMidSaveLeavesTheOldRecordReadable() throws IOException {
    TaskStore store = TaskStore.open(dir);
    TaskRecord started = store.start("restore", Map.of("backupSet", "/backups/shop"));
    String halfWritten = "{\"id\": \"" + started.id() + "\", \"sta";
    Files.writeString(dir.resolve(started.id() + ".json.tmp"), halfWritten);

    assertEquals(List.of(started), store.list());
    assertEquals(started, store.get(started.id()));

    store.save(started.withProgress("data: 2 of 3 chunks"));
    assertEquals("data: 2 of 3 chunks", store.get(started.id()).progress());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      assertEquals(List.of(started.id() + ".json"), names);
    }
  }

  @Test
  void getOfAMissingIdIsAUserError() {
    TaskStore store = TaskStore.open(dir);

    UserError missing = assertThrows(UserError.class, () -> store.get("r-20261125-150102-ab12"));
    assertEquals(
        "There is no restore task with id r-20261125-150102-ab12; see dbrestore tasks list.",
        missing.getMessage());
    assertThrows(UserError.class, () -> store.get("../tasks/r-x"));
  }

  private static TaskRecord record(
      String id, String start, TaskState state, long pid, String host) {
    return new TaskRecord(
        id, "restore " + id, Map.of("backupSet", "/backups/shop"), state, start,
        state == TaskState.RUNNING ? null : start, Map.of("shop.orders", 5L),
        state == TaskState.FAILED ? "it broke" : null, List.of(), null, pid, host, List.of(), null, Map.of());
  }

  private void write(TaskRecord r) throws IOException {
    JSON.writeValue(dir.resolve(r.id() + ".json").toFile(), r);
  }
}
