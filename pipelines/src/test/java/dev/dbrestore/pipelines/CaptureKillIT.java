package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.io.parquet.ChangeSegmentReader.LoggedChange;
import dev.dbrestore.pipelines.capture.CaptureLog;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture in a JVM of its own, killed with SIGKILL while writes go on and started again: the
 * log holds every transaction exactly once. A SIGTERM ends a following capture with exit 0 and
 * its open segment durable. Where the server's own mariadb-binlog runs, the row count it reads
 * from the binary log is compared too.
 */
class CaptureKillIT {
  private static final String DB = "capture_kill_it";

  @TempDir Path dir;

  @Test
  void captureKilledMidStreamResumesWithNoGapAndNoDuplicateEvent() throws Exception {
    EmbeddedMariaDb server = CaptureServers.capture();
    TestServers.dropDatabases(server, DB);
    TestServers.execute(
        server,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".load (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO " + DB + ".load VALUES (0, 'before the set')");
    CliRun backup =
        CliRun.of(
            "backup", "--source", server.jdbcUrl(), "--user", "root", "--database", DB,
            "--repository", dir.toString(), "--source-name", "killed", "--backup-task", "full");
    assertEquals(0, backup.exit(), backup.all());

    // Writes in small transactions of one to three rows, each id once, until told to stop.
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    int[] transactions = {0};
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = server.connect();
                  Statement s = c.createStatement()) {
                int id = 1;
                while (writing.get()) {
                  int rows = 1 + id % 3;
                  StringBuilder sql = new StringBuilder("INSERT INTO " + DB + ".load VALUES ");
                  List<Integer> ids = new ArrayList<>();
                  for (int i = 0; i < rows; i++, id++) {
                    sql.append(i == 0 ? "" : ", ").append("(").append(id).append(", 'row ")
                        .append(id).append("')");
                    ids.add(id);
                  }
                  s.execute(sql.toString());
                  written.addAll(ids);
                  transactions[0]++;
                  Thread.sleep(1);
                }
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();

    Path log = CaptureLog.folder(dir, "killed");
    try {
      int durable = 0;
      for (int kill = 0; kill < 3; kill++) {
        Process capture = startCapture(server, kill);
        // Killed once it has made a new segment durable, at a moment within the next one.
        durable = awaitMoreSegments(log, durable, capture, kill);
        Thread.sleep(300 + 250L * kill);
        capture.destroyForcibly();
        assertTrue(capture.waitFor(30, TimeUnit.SECONDS));
      }
      // Following until SIGTERM: exit 0, the open segment made durable. Signalled once it is
      // capturing (a new segment is durable), not at a fixed time a loaded machine may not keep.
      LogManifest killed = CaptureLog.readManifest(log);
      Process following = startCapture(server, 3);
      awaitMoreSegments(log, killed.segments().size(), following, 3);
      Thread.sleep(700);
      following.destroy();
      assertTrue(following.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, following.exitValue(), Files.readString(logFile(3)));
    } finally {
      // Stopped however the test ends: the capture server is shared by the other tests.
      writing.set(false);
      writer.join();
    }

    CliRun last = CaptureServers.capture(server.jdbcUrl(), "killed", dir, "--until-now");
    assertEquals(0, last.exit(), last.all());

    LogManifest manifest = CaptureLog.readManifest(log);
    List<LoggedChange> changes = CaptureIT.readAll(log, manifest);
    List<Integer> captured = new ArrayList<>();
    Set<Long> loadTransactions = new HashSet<>();
    Set<String> starts = new HashSet<>();
    long expectedTransaction = 1;
    long previous = 0;
    for (LoggedChange change : changes) {
      if (change.transaction() != previous) {
        // Numbered 1, 2, 3, ... in log order, each starting at a place in the log only once.
        assertEquals(expectedTransaction++, change.transaction());
        assertTrue(
            starts.add(change.binlogFile() + ":" + change.transactionPosition()),
            "transaction at " + change.binlogFile() + ":" + change.transactionPosition()
                + " captured twice");
        previous = change.transaction();
      }
      ChangeLogReader.Change ch = change.change();
      if (DB.equals(ch.database()) && "load".equals(ch.table())) {
        assertEquals(ChangeLogReader.Operation.INSERT, ch.operation());
        captured.add(((Long) ch.after()[0]).intValue());
        loadTransactions.add(change.transaction());
      }
    }
    List<Integer> sorted = new ArrayList<>(written);
    Collections.sort(sorted);
    assertEquals(sorted.size(), captured.size(), "rows captured against rows written");
    assertEquals(written, captured);
    assertEquals(transactions[0], loadTransactions.size());
    for (int i = 1; i < manifest.segments().size(); i++) {
      assertEquals(manifest.segments().get(i - 1).end(), manifest.segments().get(i).start());
    }
    try (var files = Files.list(log)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().endsWith(".partial")),
          "a partial file survived");
    }

    // The server's own reader, independently: as many row inserts into the table as captured.
    Path mariadbBinlog = binlogTool(server);
    if (mariadbBinlog == null) {
      System.err.println("CaptureKillIT: no mariadb-binlog or mysqlbinlog here; not compared.");
      return;
    }
    String dataDir = TestServers.single(server, "SELECT @@datadir");
    List<String> command = new ArrayList<>(List.of(
        mariadbBinlog.toString(), "--no-defaults", "--base64-output=DECODE-ROWS", "--verbose",
        "--start-position=" + manifest.start().point().binlogPosition()));
    for (String file : TestServers.column(server, "SHOW BINARY LOGS")) {
      if (ChangeLogReader.Position.fileNumber(file)
          >= ChangeLogReader.Position.fileNumber(manifest.start().point().binlogFile())) {
        command.add(Path.of(dataDir, file).toString());
      }
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String decoded = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      System.err.println("CaptureKillIT: " + mariadbBinlog + " does not run here ("
          + decoded.lines().findFirst().orElse("") + "); not compared.");
      return;
    }
    long inserts =
        decoded.lines().filter(l -> l.startsWith("### INSERT INTO `" + DB + "`.`load`")).count();
    assertEquals(inserts, captured.size(), "row inserts mariadb-binlog reads against captured");
  }

  /** Waits until the log lists more than {@code before} segments; their number. */
  private int awaitMoreSegments(Path log, int before, Process capture, int run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      LogManifest manifest = CaptureLog.readManifest(log);
      int now = manifest == null ? 0 : manifest.segments().size();
      if (now > before) {
        return now;
      }
      assertTrue(capture.isAlive(), "capture ended: " + Files.readString(logFile(run)));
      Thread.sleep(100);
    }
    throw new AssertionError("no new segment in 60 s: " + Files.readString(logFile(run)));
  }

  private Process startCapture(EmbeddedMariaDb server, int run) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(
        java, "-cp", System.getProperty("java.class.path"),
        "-Ddbrestore.home=" + System.getProperty("dbrestore.home", dir.toString()),
        "dev.dbrestore.pipelines.cli.Main",
        "capture", "--source", server.jdbcUrl(), "--user", "root", "--source-name", "killed",
        "--repository", dir.toString(), "--segment-seconds", "1", "--segment-bytes", "20000");
    File out = logFile(run).toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
  }

  private Path logFile(int run) {
    return dir.resolve("capture-" + run + ".log");
  }

  /** The server's own binlog reader: beside mariadbd, or installed on the machine. */
  private static Path binlogTool(EmbeddedMariaDb server) throws SQLException {
    String base = TestServers.single(server, "SELECT @@basedir");
    List<Path> candidates = new ArrayList<>();
    for (String name : List.of("mariadb-binlog", "mysqlbinlog")) {
      if (base != null) {
        candidates.add(Path.of(base, "bin", name));
      }
      candidates.add(Path.of("/usr/bin", name));
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }
}
