package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink 1.19 standalone session cluster, started by
 * runner-configs/flink-session-cluster/start.sh (a JobManager and two TaskManagers, each its own
 * JVM, from the build's jars), restores from the command line with --runner-config
 * flink-cluster: Sakila exactly, and a larger set exactly while one TaskManager is killed with
 * SIGKILL mid-way. A cluster that does not answer is one sentence and exit 1. Runs in its own
 * profile: mvn verify -Pcluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int BIG_ROWS = 200_000;
  private static final int BIG_CHUNK_ROWS = 5_000;

  @TempDir static Path work;

  private static Path checkout;
  private static Path clusterDir;
  private static int restPort;
  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static S3Server s3;

  @BeforeAll
  static void startCluster() throws Exception {
    // The S3 server first: the TaskManagers take its key pair from their environment, as a
    // cluster's TaskManagers would take theirs (this JVM takes it from system properties).
    s3 = S3Server.start("cluster-sets");
    S3Server.useInThisProcess();
    checkout = checkout();
    clusterDir = work.resolve("cluster");
    restPort = freePort();
    Script start =
        script("start.sh", "--taskmanagers", "2", "--slots", "2", "--rest-port",
            String.valueOf(restPort), "--dir", clusterDir.toString());
    assertEquals(0, start.exit, start.output);
    List<String> lines = start.output.strip().lines().toList();
    assertEquals("REST address: localhost:" + restPort, lines.get(lines.size() - 1), start.output);
    for (String pid : List.of("jobmanager.pid", "taskmanager-1.pid", "taskmanager-2.pid")) {
      assertTrue(Files.isRegularFile(clusterDir.resolve(pid)), pid + " in " + clusterDir);
    }
    assertEquals(2, rest("/overview").get("taskmanagers").asInt());
    source = TestServers.source();
    target = TestServers.target();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (clusterDir != null) {
      Script stop = script("stop.sh", "--dir", clusterDir.toString());
      System.out.println(stop.output);
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void restoresSakilaExactly_fromALocalFolder_onTwoTaskManagers() throws Exception {
    Sakila.loadInto(source);
    TestServers.dropDatabases(target, "sakila");
    String set = work.resolve("sakila-set").toString();
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", "sakila", "--output", set, "--chunk-rows", "5000");
    assertEquals(0, backup.exit(), backup.all());

    CliRun restore = CliRun.of("restore", "--backup-set", set, "--target", target.jdbcUrl(),
        "--user", "root", "--runner-config", "flink-cluster", "--flinkMaster=" + master());
    assertEquals(0, restore.exit(), restore.all());
    assertEquals(List.of(), SameAsSource.differences(source, target, "sakila"));

    // The job ran on the cluster under a name that says which task it is.
    String taskId = taskId(restore);
    JsonNode job = job("dbrestore restore " + taskId + " data");
    assertEquals("FINISHED", job.get("state").asText(), job.toString());
    // The runner config sends the bundled jar and nothing else (Beam's own choice would be the
    // whole classpath); the TaskManagers hold no Beam or dbrestore class of their own.
    FlinkPipelineOptions options =
        RunnerConfig.options(RestoreOptions.class, "flink-cluster",
                List.of("--flinkMaster=" + master()))
            .as(FlinkPipelineOptions.class);
    assertEquals(List.of(checkout.resolve("pipelines/target/dbrestore-bundled.jar").toString()),
        options.getFilesToStage());

    // Beam's counters reach Flink's REST API as one accumulator holding every step's metrics:
    // the rows each table got from the WriteRows step, as the source counts them.
    Map<String, Long> rowsByTable = new TreeMap<>();
    long chunksWritten = -1;
    JsonNode accumulators = rest("/jobs/" + job.get("jid").asText() + "/accumulators");
    for (JsonNode accumulator : accumulators.get("user-task-accumulators")) {
      if (!accumulator.get("name").asText().equals("__metricscontainers")) {
        continue;
      }
      for (JsonNode metric : JSON.readTree(accumulator.get("value").asText())
          .get("metrics").get("attempted")) {
        JsonNode labels = metric.get("labels");
        assertTrue(labels.get("PTRANSFORM").asText().startsWith("WriteRows/"), metric.toString());
        long value = varint(Base64.getDecoder().decode(metric.get("payload").asText()));
        if (labels.get("NAMESPACE").asText().equals("dbrestore.rows_written_by_table")) {
          rowsByTable.put(labels.get("NAME").asText(), value);
        } else if (labels.get("NAME").asText().equals("chunks_written")) {
          chunksWritten = value;
        }
      }
    }
    Map<String, Long> sourceCounts = new TreeMap<>();
    for (String table : TestServers.column(source, "SELECT TABLE_NAME FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = 'sakila' AND TABLE_TYPE = 'BASE TABLE'")) {
      sourceCounts.put("sakila." + table,
          Long.parseLong(TestServers.single(source, "SELECT COUNT(*) FROM sakila.`" + table + "`")));
    }
    assertEquals(sourceCounts, rowsByTable);
    try (var files = Files.walk(Path.of(set))) {
      assertEquals(files.filter(f -> f.toString().endsWith(".parquet")).count(), chunksWritten);
    }
  }

  /** A Beam sum counter's payload: one variable-length integer. */
  private static long varint(byte[] bytes) {
    long value = 0;
    for (int i = 0, shift = 0; i < bytes.length; i++, shift += 7) {
      value |= (long) (bytes[i] & 0x7f) << shift;
      if ((bytes[i] & 0x80) == 0) {
        break;
      }
    }
    return value;
  }

  @Test
  @Order(4)
  void anUnreachableCluster_isOneSentenceAndExit1() throws Exception {
    int nobody = freePort();
    CliRun restore = CliRun.of("restore", "--backup-set", work.resolve("no-set").toString(),
        "--target", "jdbc:mysql://127.0.0.1:1/", "--user", "root",
        "--runner-config", "flink-cluster", "--flinkMaster=localhost:" + nobody);
    assertEquals(1, restore.exit(), restore.all());
    assertEquals("", restore.out());
    List<String> lines = restore.err().strip().lines().toList();
    assertEquals(1, lines.size(), restore.err());
    assertTrue(lines.get(0).startsWith("dbrestore: The Flink cluster at localhost:" + nobody
        + " (flinkMaster) does not answer ("), lines.get(0));
    assertTrue(lines.get(0).endsWith(
        "start it (runner-configs/flink-session-cluster/start.sh) or give its REST address as"
            + " --flinkMaster=HOST:PORT or in the runner config."), lines.get(0));
  }

  @Test
  @Order(5)
  void aTaskManagerKilledMidRestore_endsExact_withEveryChunkWrittenOnce() throws Exception {
    TestServers.dropDatabases(source, "fc_big");
    TestServers.dropDatabases(target, "fc_big", "fc_journal");
    TestServers.execute(source,
        "CREATE DATABASE fc_big",
        "CREATE TABLE fc_big.t (id INT PRIMARY KEY, payload VARBINARY(256) NOT NULL,"
            + " note VARCHAR(40) NOT NULL) ENGINE=InnoDB",
        // Random bytes: every chunk file is over 1 MiB, so each chunk is its own transaction.
        "INSERT INTO fc_big.t SELECT seq, RANDOM_BYTES(256), CONCAT('row ', seq)"
            + " FROM fc_big.seq_1_to_" + BIG_ROWS);
    String set = work.resolve("big-set").toString();
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", "fc_big", "--output", set, "--chunk-rows", String.valueOf(BIG_CHUNK_ROWS));
    assertEquals(0, backup.exit(), backup.all());
    // The chunks the backup wrote, as files (the planner may cut one more than rows / size).
    int chunks;
    try (var files = Files.walk(Path.of(set))) {
      chunks = (int) files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
    assertTrue(chunks >= BIG_ROWS / BIG_CHUNK_ROWS, chunks + " chunk files in " + set);

    CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() ->
        CliRun.of("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user", "root",
            "--journal-schema", "fc_journal", "--runner-config", "flink-cluster",
            "--flinkMaster=" + master()));

    // Mid-way: some chunks committed, not all, and a TaskManager holding a running task.
    int doneAtKill = -1;
    List<String> vertexMetrics = new ArrayList<>();
    String killed = null;
    while (killed == null && !running.isDone()) {
      int done = chunksDone();
      if (done >= 4 && done < chunks / 2) {
        if (vertexMetrics.isEmpty()) {
          vertexMetrics.addAll(vertexMetrics());
        }
        for (JsonNode tm : rest("/taskmanagers").get("taskmanagers")) {
          if (tm.get("freeSlots").asInt() < tm.get("slotsNumber").asInt()) {
            killed = tm.get("id").asText();
            long pid = Long.parseLong(
                Files.readString(clusterDir.resolve(killed + ".pid")).strip());
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            doneAtKill = chunksDone();
            assertTrue(process.destroyForcibly(), "SIGKILL to " + killed);
            process.onExit().get(1, TimeUnit.MINUTES);
            break;
          }
        }
      }
      Thread.sleep(100);
    }
    CliRun restore = running.get(20, TimeUnit.MINUTES);
    assertTrue(killed != null, "no TaskManager was killed; the restore ended first: " + restore.all());
    System.out.printf("Killed %s with %d of %d chunks committed%n", killed, doneAtKill, chunks);
    vertexMetrics.forEach(System.out::println);
    assertTrue(doneAtKill < chunks, doneAtKill + " of " + chunks + " chunks were done at the kill");

    assertEquals(0, restore.exit(), restore.all());
    assertEquals(List.of(), SameAsSource.differences(source, target, "fc_big"));
    String taskId = taskId(restore);
    assertEquals(List.of(chunks + " " + BIG_ROWS),
        TestServers.column(target, "SELECT CONCAT(COUNT(*), ' ', SUM(row_count))"
            + " FROM fc_journal.chunks_done WHERE task_id = '" + taskId + "'"));

    // Flink restarted the lost tasks inside the one job: it finished, and its exceptions name
    // the lost TaskManager; dbrestore did not have to run the pipeline again.
    JsonNode job = job("dbrestore restore " + taskId + " data");
    assertEquals("FINISHED", job.get("state").asText(), job.toString());
    String exceptions = rest("/jobs/" + job.get("jid").asText() + "/exceptions").toString();
    assertTrue(exceptions.contains(killed), exceptions);
    assertTrue(!restore.all().contains("running it again"), restore.all());
  }

  @Test
  @Order(2)
  void restoresSakilaExactly_fromS3_onTwoTaskManagers() throws Exception {
    Sakila.loadInto(source);
    TestServers.dropDatabases(target, "sakila");
    String set = "s3://" + s3.bucket() + "/sakila/full-1";
    List<String> backup = new ArrayList<>(List.of("backup", "--source", source.jdbcUrl(),
        "--user", "root", "--database", "sakila", "--output", set, "--chunk-rows", "5000"));
    backup.addAll(s3.options());
    CliRun backedUp = CliRun.of(backup.toArray(String[]::new));
    assertEquals(0, backedUp.exit(), backedUp.all());
    assertTrue(s3.objects("sakila/full-1/").contains("sakila/full-1/manifest.json"),
        s3.objects("sakila/full-1/").toString());

    // Every TaskManager reads its chunks from the store itself.
    List<String> restore = new ArrayList<>(List.of("restore", "--backup-set", set, "--target",
        target.jdbcUrl(), "--user", "root", "--runner-config", "flink-cluster",
        "--flinkMaster=" + master()));
    restore.addAll(s3.options());
    CliRun restored = CliRun.of(restore.toArray(String[]::new));
    assertEquals(0, restored.exit(), restored.all());
    assertEquals(List.of(), SameAsSource.differences(source, target, "sakila"));
    JsonNode job = job("dbrestore restore " + taskId(restored) + " data");
    assertEquals("FINISHED", job.get("state").asText(), job.toString());
    String config = rest("/jobs/" + job.get("jid").asText() + "/config").toString();
    assertTrue(!config.contains(S3Server.SECRET_KEY), "the job's config holds the secret key");
  }

  @Test
  @Order(3)
  void restoresToAPointInTime_fromARepositoryOnS3_withTheReplayOnTheCluster() throws Exception {
    EmbeddedMariaDb logged = CaptureServers.capture();
    String db = "fc_pitr";
    String repository = "s3://" + s3.bucket() + "/repo";
    TestServers.dropDatabases(logged, db);
    TestServers.dropDatabases(target, db);
    TestServers.execute(logged,
        "CREATE DATABASE " + db,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + db + ".accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL,"
            + " owner VARCHAR(40))",
        "INSERT INTO " + db + ".accounts SELECT seq, seq * 10, CONCAT('owner ', seq)"
            + " FROM seq.seq_1_to_2000");
    CliRun backup = s3.run("backup", "--source", logged.jdbcUrl(), "--user", "root",
        "--database", db, "--repository", repository, "--source-name", "ledger",
        "--backup-task", "nightly", "--chunk-rows", "500");
    assertEquals(0, backup.exit(), backup.all());
    String rows = "SELECT CONCAT_WS('|', id, balance, owner) FROM " + db + ".accounts ORDER BY id";
    Instant second;
    List<String> atTheSecond;
    try (Connection c = DriverManager.getConnection(logged.jdbcUrl() + db, "root", "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO accounts SELECT seq, 0, 'new' FROM seq.seq_2001_to_2600");
      s.execute("UPDATE accounts SET balance = balance - 5 WHERE id % 3 = 0");
      s.execute("DELETE FROM accounts WHERE id % 13 = 0");
      s.execute("UPDATE accounts SET owner = NULL WHERE id BETWEEN 100 AND 140");
      second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      atTheSecond = TestServers.column(logged, rows);
      long wait = second.plusSeconds(1).plusMillis(100).toEpochMilli() - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      s.execute("DELETE FROM accounts WHERE id > 1000"); // after the second: not replayed
    }
    CliRun capture = s3.run("capture", "--source", logged.jdbcUrl(), "--user", "root",
        "--source-name", "ledger", "--repository", repository, "--until-now",
        "--segment-bytes", "20000");
    assertEquals(0, capture.exit(), capture.all());

    CliRun restore = s3.run("restore", "--source", "ledger", "--repository", repository,
        "--point-in-time", second.toString(), "--target", target.jdbcUrl(), "--user", "root",
        "--runner-config", "flink-cluster", "--flinkMaster=" + master());
    assertEquals(0, restore.exit(), restore.all());
    assertEquals(atTheSecond, TestServers.column(target, rows));

    // Both stages ran on the cluster: the data, then each replay phase, reading from S3.
    String taskId = taskId(restore);
    assertEquals("FINISHED", job("dbrestore restore " + taskId + " data").get("state").asText());
    List<String> replays = new ArrayList<>();
    for (JsonNode job : rest("/jobs/overview").get("jobs")) {
      if (job.get("name").asText().startsWith("dbrestore restore " + taskId + "-replay phase ")) {
        replays.add(job.get("name").asText() + " " + job.get("state").asText());
      }
    }
    assertTrue(!replays.isEmpty() && replays.stream().allMatch(r -> r.endsWith(" FINISHED")),
        replays.toString());
    TestServers.dropDatabases(logged, db);
    TestServers.dropDatabases(target, db);
  }

  /** What Flink itself shows of a running job's metrics, for the record (not asserted). */
  private static List<String> vertexMetrics() throws Exception {
    List<String> lines = new ArrayList<>();
    for (JsonNode job : rest("/jobs/overview").get("jobs")) {
      if (!job.get("state").asText().equals("RUNNING")) {
        continue;
      }
      String jid = job.get("jid").asText();
      for (JsonNode vertex : rest("/jobs/" + jid).get("vertices")) {
        JsonNode metrics = rest("/jobs/" + jid + "/vertices/" + vertex.get("id").asText() + "/metrics");
        List<String> names = new ArrayList<>();
        metrics.forEach(m -> names.add(m.get("id").asText()));
        lines.add("Flink metrics of " + vertex.get("name").asText() + ": "
            + names.stream().filter(n -> !n.matches("\\d+\\.(numRecords|numBytes|buffers|Shuffle|"
                + "backPressured|idleTime|busyTime|accumulated|checkpoint|currentInput|watermark|"
                + "isBackPressured|softBackPressured|hardBackPressured|mailbox).*")).toList());
      }
    }
    return lines;
  }

  private static int chunksDone() throws Exception {
    String exists = TestServers.single(target, "SELECT COUNT(*) FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = 'fc_journal' AND TABLE_NAME = 'chunks_done'");
    if (!"1".equals(exists)) {
      return 0;
    }
    return Integer.parseInt(TestServers.single(target, "SELECT COUNT(*) FROM fc_journal.chunks_done"));
  }

  private static String taskId(CliRun restore) {
    Matcher id = Pattern.compile("Task (r-\\d{8}-\\d{6}-[0-9a-f]{4}): restored")
        .matcher(restore.out());
    assertTrue(id.find(), restore.out());
    return id.group(1);
  }

  /** The cluster's one job of that name, from /jobs/overview. */
  private static JsonNode job(String name) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode job : rest("/jobs/overview").get("jobs")) {
      names.add(job.get("name").asText() + " " + job.get("state").asText());
      if (job.get("name").asText().equals(name)) {
        found.add(job);
      }
    }
    assertEquals(1, found.size(), "jobs named " + name + " among " + names);
    return found.get(0);
  }

  private static String master() {
    return "localhost:" + restPort;
  }

  private static JsonNode rest(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return JSON.readTree(response.body());
  }

  private record Script(int exit, String output) {}

  private static Script script(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(checkout.resolve("runner-configs/flink-session-cluster").resolve(name).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(S3Server.environment());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Script(process.waitFor(), output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path checkout() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("dbrestore"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("No checkout (a folder with ./dbrestore) above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
