package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a user sees it: JSON lines on standard error for a restore of 300,000 rows, one
 * line redrawn in place on a terminal (a pseudo-terminal made by util-linux {@code script}),
 * and the figures in {@code tasks show}.
 */
class ProgressIT {
  private static final long ROWS = 300_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static String set;

  @BeforeAll
  static void backUp() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    TestServers.dropDatabases(source, "pg_rows");
    TestServers.execute(source, "CREATE DATABASE pg_rows",
        "CREATE TABLE pg_rows.t (id INT PRIMARY KEY, v VARCHAR(40))",
        "INSERT INTO pg_rows.t SELECT seq, CONCAT('row number ', seq) FROM pg_rows.seq_1_to_" + ROWS);
    set = work.resolve("set").toString();
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", "pg_rows", "--output", set, "--chunk-rows", "15000", "--progress=json");
    assertEquals(0, backup.exit(), backup.all());
    List<JsonNode> events = events(backup.err());
    JsonNode last = events.get(events.size() - 1);
    assertEquals("backup", last.get("stage").asText(), backup.err());
    assertEquals(ROWS, last.get("rowsDone").asLong(), backup.err());
    assertEquals(ROWS, last.get("rowsTotal").asLong(), backup.err());
  }

  @Test
  void jsonProgressOfARestore_givesIncreasingRowsDoneATotalAndAnEta() throws Exception {
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(target, "pg_json");
    CliRun restore = CliRun.of("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--map-database", "pg_rows=pg_json", "--name", "progress json",
        "--accept-warnings", "--progress=json");
    assertEquals(0, restore.exit(), restore.all());
    long inTarget = Long.parseLong(TestServers.single(target, "SELECT COUNT(*) FROM pg_json.t"));
    assertEquals(ROWS, inTarget);

    List<JsonNode> data =
        events(restore.err()).stream().filter(e -> e.get("stage").asText().equals("data")).toList();
    assertTrue(data.size() >= 2, "one event when the stage starts and one when it ends");
    long previous = -1;
    boolean eta = false;
    for (JsonNode e : data) {
      assertEquals("progress", e.get("event").asText());
      long done = e.get("rowsDone").asLong();
      assertTrue(done >= previous, "rowsDone never goes back: " + data);
      previous = done;
      assertEquals(inTarget, e.get("rowsTotal").asLong());
      assertTrue(e.get("bytesTotal").asLong() > 0);
      for (String field : List.of("bytesDone", "percent", "rowsPerSecond", "etaSeconds")) {
        assertTrue(e.has(field), field + " in " + e);
      }
      eta |= !e.get("etaSeconds").isNull();
    }
    assertTrue(data.get(0).get("rowsDone").asLong() < data.get(data.size() - 1).get("rowsDone")
        .asLong(), "rowsDone increases: " + data);
    assertEquals(inTarget, data.get(data.size() - 1).get("rowsDone").asLong());
    assertEquals(100.0, data.get(data.size() - 1).get("percent").asDouble());
    assertTrue(eta, "an etaSeconds: " + data);

    // The finished task's record holds its last stage's figures, and tasks show prints them.
    TaskRecord record = TaskStore.open(DbrestoreHome.tasks()).list().stream()
        .filter(r -> r.name().equals("progress json"))
        .max(Comparator.comparing(TaskRecord::startTime)).orElseThrow();
    assertNotNull(record.figures(), record.toString());
    assertEquals(inTarget, record.figures().rowsDone());
    assertEquals(inTarget, record.figures().rowsTotal());
    CliRun show = CliRun.of("tasks", "show", record.id());
    assertEquals(0, show.exit(), show.all());
    show.out().lines().filter(l -> l.startsWith("progress:") || l.startsWith("figures:"))
        .forEach(l -> System.out.println("ProgressIT: tasks show: " + l));
    assertTrue(show.out().contains("figures:   " + record.figures().stage() + " 100.0% 300,000/300,000 rows"),
        show.out());
    // And the seconds of each stage that ran, in order, as the console's details show them.
    assertEquals(List.of("pre-check", "structure", "data", "indexes", "post-data", "check",
            "verification"),
        List.copyOf(record.stageSeconds().keySet()), record.toString());
    record.stageSeconds().values().forEach(s -> assertTrue(s >= 0, record.toString()));
    assertTrue(show.out().contains("stages:    pre-check "), show.out());
  }

  @Test
  void jsonProgressOfARestoreOnFlinkRunnerLocal_comesFromTheJournalAsItRuns() throws Exception {
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(target, "pg_flink");
    CliRun restore = CliRun.of("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--map-database", "pg_rows=pg_flink", "--accept-warnings",
        "--no-verify", "--progress=json", "--runner-config", "flink-local", "--parallelism=2");
    assertEquals(0, restore.exit(), restore.all());
    List<JsonNode> data =
        events(restore.err()).stream().filter(e -> e.get("stage").asText().equals("data")).toList();
    long previous = -1;
    for (JsonNode e : data) {
      assertTrue(e.get("rowsDone").asLong() >= previous, "rowsDone never goes back: " + data);
      previous = e.get("rowsDone").asLong();
      assertEquals(ROWS, e.get("rowsTotal").asLong());
    }
    assertEquals(0, data.get(0).get("rowsDone").asLong(), data.toString());
    assertEquals(ROWS, previous, data.toString());
    assertEquals(ROWS,
        Long.parseLong(TestServers.single(target, "SELECT COUNT(*) FROM pg_flink.t")));
  }

  @Test
  void tasksShowOfARunningRestore_showsItsFigures() throws Exception {
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(target, "pg_running");
    Thread restore = new Thread(() -> CliRun.of("restore", "--backup-set", set, "--target",
        target.jdbcUrl(), "--user", "root", "--map-database", "pg_rows=pg_running", "--name",
        "progress running", "--accept-warnings", "--progress=none", "--bulkLoad=false"));
    restore.start();
    TaskStore store = TaskStore.open(DbrestoreHome.tasks());
    TaskRecord seen = null;
    // Looks while the task runs; the data stage saves its figures every two seconds.
    while (restore.isAlive() && seen == null) {
      for (TaskRecord r : store.list()) {
        if (r.name().equals("progress running") && r.state().name().equals("RUNNING")
            && r.figures() != null && r.figures().stage().equals("data")) {
          seen = r;
        }
      }
      Thread.sleep(100);
    }
    restore.join();
    if (seen == null) {
      System.out.println("ProgressIT: the restore ended before its record was seen running;"
          + " only the ended record is checked");
    } else {
      // What tasks show prints of it (its format is checked on an ended task above).
      assertEquals(ROWS, seen.figures().rowsTotal(), seen.toString());
      assertTrue(seen.figures().rowsDone() <= ROWS, seen.toString());
      assertTrue(seen.progress().startsWith("data: "), seen.toString());
    }
    TaskRecord ended = store.list().stream().filter(r -> r.name().equals("progress running"))
        .max(Comparator.comparing(TaskRecord::startTime)).orElseThrow();
    assertEquals(ROWS, ended.figures().rowsDone(), ended.toString());
  }

  @Test
  void onATerminal_theProgressIsOneLineRedrawnInPlace() throws Exception {
    Path script = Path.of("/usr/bin/script");
    if (!Files.isExecutable(script)) {
      String reason = "/usr/bin/script (Debian's bsdutils) is not installed, so no"
          + " pseudo-terminal can be made; this test needs it.";
      // CI installs it (.ci/run): there a missing script is a failure, not a skip.
      if ("true".equals(System.getenv("CI"))) {
        fail(reason);
      }
      System.out.println("SKIPPED: " + reason);
      assumeTrue(false, reason);
    }
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(target, "pg_tty");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Stream.of("java.lang", "java.util", "java.nio", "sun.nio.ch", "java.lang.invoke", "java.net",
            "java.io", "java.time", "java.util.concurrent")
        .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED")
        .forEach(command::add);
    command.add("-Ddbrestore.home=" + work.resolve("tty-home"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(List.of("dev.dbrestore.pipelines.cli.Main", "restore", "--backup-set", set,
        "--target", target.jdbcUrl(), "--user", "root", "--map-database", "pg_rows=pg_tty",
        "--accept-warnings"));
    String line = String.join(" ", command.stream().map(ProgressIT::quoted).toList());
    File out = work.resolve("tty.out").toFile();
    Process p = new ProcessBuilder(script.toString(), "-qfec", line, "/dev/null")
        .redirectErrorStream(true).redirectOutput(out).redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the restore under script ended");
    String shown = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    System.out.println("ProgressIT: on the terminal: "
        + shown.replace("\r", "\\r").replace("\033", "\\e").replace("\n", "\\n\n"));
    assertEquals(0, p.exitValue(), shown);
    assertEquals(ROWS,
        Long.parseLong(TestServers.single(target, "SELECT COUNT(*) FROM pg_tty.t")));

    // The terminal turns \n into \r\n; a line is what lies between two of those.
    List<String> lines = List.of(shown.split("\r?\n", -1));
    List<String> data = lines.stream().filter(l -> l.contains("\rdata ")).toList();
    assertEquals(1, data.size(), "the data stage's progress is one line: " + shown);
    String redrawn = data.get(0);
    long draws = redrawn.chars().filter(c -> c == '\r').count();
    assertTrue(draws >= 2, "drawn when the stage starts and redrawn at its end: " + redrawn);
    assertTrue(redrawn.contains("\033[K"), "each draw clears the rest of the line");
    String last = redrawn.substring(redrawn.lastIndexOf('\r') + 1).replace("\033[K", "");
    assertTrue(last.startsWith("data 100.0% 300,000/300,000 rows"), last);
    assertFalse(shown.contains("{\"event\""), "no JSON on a terminal");
  }

  @Test
  void plainProgressOfAVerify_isALinePerFewSecondsAndOneWhenTheStageEnds() throws Exception {
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(target, "pg_plain");
    CliRun restore = CliRun.of("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--map-database", "pg_rows=pg_plain", "--accept-warnings",
        "--no-verify", "--progress=none");
    assertEquals(0, restore.exit(), restore.all());
    assertFalse(restore.err().contains(" rows/s"), "none shows nothing: " + restore.err());
    CliRun verify = CliRun.of("verify", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--map-database", "pg_rows=pg_plain", "--progress=plain");
    assertEquals(0, verify.exit(), verify.all());
    List<String> lines = verify.err().lines().filter(l -> l.startsWith("verification ")).toList();
    assertTrue(lines.size() >= 2, verify.err());
    assertTrue(lines.get(0).startsWith("verification 0.0% 0/300,000 rows 0.0/2.7 MB"), lines.get(0));
    assertTrue(lines.get(lines.size() - 1).matches(
        "verification 100\\.0% 300,000/300,000 rows 2\\.7/2\\.7 MB( [0-9,]+ rows/s)? ETA 0s"
            + " \\(done\\)"), lines.get(lines.size() - 1));
  }

  @Test
  void anUnknownProgressMode_isACommandGivenWrongly() {
    CliRun run = CliRun.of("verify", "--backup-set", set, "--target", "jdbc:mysql://nowhere/",
        "--user", "root", "--progress=fancy");
    assertEquals(2, run.exit(), run.all());
    assertTrue(run.err().startsWith("Invalid value for option '--progress': --progress takes"
        + " auto, plain, json or none, not \"fancy\"; for example --progress=plain."), run.err());
  }

  /** Every line of standard error, each one JSON object. */
  private static List<JsonNode> events(String err) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : err.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      assertTrue(node.isObject(), line);
      if (node.path("event").asText().equals("progress")) {
        events.add(node);
      }
    }
    assertFalse(events.isEmpty(), "progress events on standard error: " + err);
    return events;
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
