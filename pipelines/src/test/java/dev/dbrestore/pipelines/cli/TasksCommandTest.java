package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.pipelines.DbrestoreHome;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TasksCommandTest {
  private static final String LONG_ERROR =
      "Chunk 7 of shop.orders failed: Duplicate entry '42' for key 'PRIMARY' while writing batch 3";

  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void useTempHome() {
    System.setProperty("dbrestore.home", home.toString());
  }

  @AfterEach
  void clearHome() {
    System.clearProperty("dbrestore.home");
  }

  @Test
  void listPrintsOneLinePerTaskNewestFirst_withRowsSummedAndTheErrorCut() {
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    TaskRecord done = store.start("shop into db2", Map.of("backupSet", "/backups/shop"));
    store.save(
        done.withRowsWritten(Map.of("shop.orders", 1200L, "shop.customers", 34L))
            .withState(TaskState.SUCCEEDED)
            .withEndTime("2099-01-01T00:00:00Z"));
    TaskRecord failed = store.start("shop into db3", Map.of("backupSet", "/backups/shop"));
    failed =
        new TaskRecord(
            failed.id(), failed.name(), failed.task(), TaskState.FAILED, "2099-01-01T00:00:01Z",
            "2099-01-01T00:00:02Z", Map.of("shop.orders", 7L), LONG_ERROR, List.of(), null,
            failed.pid(), failed.host(), List.of(), null, Map.of());
    store.save(failed);

    assertEquals(0, run("list"), err.toString());

    List<String> lines = out.toString().lines().toList();
    assertEquals(3, lines.size(), out.toString());
    assertTrue(lines.get(0).startsWith("id"), lines.get(0));
    assertTrue(lines.get(0).contains("rows written"), lines.get(0));
    assertTrue(lines.get(1).startsWith(failed.id()), out.toString());
    assertTrue(lines.get(1).contains("FAILED"), lines.get(1));
    assertTrue(lines.get(1).contains(LONG_ERROR.substring(0, 60) + "..."), lines.get(1));
    assertFalse(lines.get(1).contains(LONG_ERROR.substring(0, 61)), lines.get(1));
    assertTrue(lines.get(2).startsWith(done.id()), out.toString());
    assertTrue(lines.get(2).contains("SUCCEEDED"), lines.get(2));
    assertTrue(lines.get(2).contains(" 1234"), lines.get(2));
    assertTrue(lines.get(2).contains("shop into db2"), lines.get(2));
  }

  @Test
  void listWithNoTasksSaysSo() {
    assertEquals(0, run("list"));
    assertTrue(out.toString().startsWith("No restore tasks are recorded in "), out.toString());
  }

  @Test
  void listJsonPrintsEveryRecord() throws Exception {
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    TaskRecord first = store.start("one", Map.of());
    TaskRecord second = store.start("two", Map.of());

    assertEquals(0, run("list", "--json"), err.toString());

    JsonNode records = new ObjectMapper().readTree(out.toString());
    assertTrue(records.isArray(), out.toString());
    assertEquals(2, records.size());
    List<String> ids =
        List.of(records.get(0).get("id").asText(), records.get(1).get("id").asText());
    assertTrue(ids.containsAll(List.of(first.id(), second.id())), out.toString());
    assertEquals("RUNNING", records.get(0).get("state").asText());
  }

  @Test
  void showPrintsEveryField() {
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("backupSet", "/backups/shop-2026-11-25");
    task.put("target", Map.of("url", "jdbc:mysql://db2:3306/", "passwordEnv", "DB_PASSWORD"));
    task.put("password", "Hunter2x");
    TaskRecord r =
        store
            .start("shop into db2", task)
            .withRowsWritten(Map.of("shop.orders", 1200L))
            .withPrecheck(
                List.of(
                    TaskRecord.precheckItem("target version", "ok", "", ""),
                    TaskRecord.precheckItem(
                        "existing objects", "refused", "table shop.orders exists",
                        "drop it or restore into another database")))
            .withProgress("data: 12 of 30 chunks")
            .withState(TaskState.PRECHECK_FAILED)
            .withError("the target already has table shop.orders")
            .withEndTime("2099-01-01T00:00:00Z");
    store.save(r);

    assertEquals(0, run("show", r.id()), err.toString());

    String shown = out.toString();
    for (String expected :
        List.of(
            r.id(), "shop into db2", "PRECHECK_FAILED", r.startTime(), "2099-01-01T00:00:00Z",
            Long.toString(r.pid()), r.host(), "data: 12 of 30 chunks",
            "the target already has table shop.orders", "backupSet: /backups/shop-2026-11-25",
            "passwordEnv: DB_PASSWORD", "shop.orders", "1200", "existing objects", "refused",
            "table shop.orders exists", "drop it or restore into another database")) {
      assertTrue(shown.contains(expected), "missing " + expected + " in:\n" + shown);
    }
    assertFalse(shown.contains("Hunter2x"), shown);
  }

  @Test
  void showJsonPrintsTheRecord() throws Exception {
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    TaskRecord r = store.start("shop into db2", Map.of("backupSet", "/backups/shop"));

    assertEquals(0, run("show", "--json", r.id()), err.toString());

    assertEquals(r, new ObjectMapper().readValue(out.toString(), TaskRecord.class));
  }

  @Test
  void showOfAnUnknownIdFailsWithExitOne() {
    assertEquals(1, run("show", "r-20261125-150102-ab12"));
    String message =
        "There is no restore task with id r-20261125-150102-ab12; see dbrestore tasks list.";
    assertTrue(err.toString().contains(message), err.toString());
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("Name a command: list or show."), err.toString());
  }

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new TasksCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
