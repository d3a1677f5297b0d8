package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets one plain sentence naming the thing, a non-zero exit, and a target left
 * untouched: checked through the command line a user runs.
 */
class BadInputIT {
  private static final String DB = "bad_input";

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static Path goodSet;

  @BeforeAll
  static void makeAGoodBackupSet() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO " + DB + ".t SELECT seq, CONCAT('row ', seq) FROM seq.seq_1_to_300");
    goodSet = work.resolve("good");
    Result backup =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", goodSet.toString(), "--chunk-rows", "100");
    assertEquals(0, backup.exit, backup.err);
  }

  @Test
  void restoreRefusesAFolderWithoutManifest() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));
    Result r = restore(empty);
    assertFailedWith(r, "has no manifest.json");
  }

  @Test
  void restoreRefusesASetWithAMissingChunk_beforeWritingAnything() throws Exception {
    Path set = copy(goodSet, work.resolve("missing-chunk"));
    String chunk = firstChunk(set);
    Files.delete(set.resolve(chunk));
    Result r = restore(set);
    assertFailedWith(r, "The chunk file " + chunk + " listed in the manifest is missing");
  }

  @Test
  void restoreRefusesATruncatedParquetFile_beforeWritingAnything() throws Exception {
    Path set = copy(goodSet, work.resolve("truncated"));
    String chunk = firstChunk(set);
    try (RandomAccessFile file = new RandomAccessFile(set.resolve(chunk).toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    Result r = restore(set);
    assertFailedWith(r, "The chunk file " + chunk);
    assertTrue(r.err.contains("damaged or truncated"), r.err);
  }

  @Test
  void restoreSaysTheTargetIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Result r =
        run("restore", "--backup-set", goodSet.toString(),
            "--target", "jdbc:mysql://127.0.0.1:" + closedPort + "/", "--user", "root");
    assertFailedWith(r, "Cannot reach the target server at jdbc:mysql://127.0.0.1:" + closedPort);
  }

  @Test
  void restoreSaysTheTargetRefusedTheUser_andNeverPrintsThePassword() throws Exception {
    TestServers.execute(
        target,
        "CREATE USER IF NOT EXISTS 'restorer'@'%' IDENTIFIED BY 'the-right-one'",
        "GRANT ALL ON *.* TO 'restorer'@'%'");
    Path passwordFile = work.resolve("wrong-password");
    Files.writeString(passwordFile, "Wr0ng-Secret-4711\n");
    Result r =
        run("restore", "--backup-set", goodSet.toString(), "--target", target.jdbcUrl(),
            "--user", "restorer", "--password-file", passwordFile.toString());
    assertFailedWith(r, "refused user restorer");
    assertFalse(r.err.contains("Wr0ng-Secret-4711"), r.err);
  }

  @Test
  void backupSaysTheDatabaseDoesNotExist() throws Exception {
    Result r =
        run("backup", "--source", source.jdbcUrl(), "--user", "root",
            "--database", "no_such_database", "--output", work.resolve("never").toString());
    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("The database `no_such_database` does not exist on the source"), r.err);
    assertFalse(Files.exists(work.resolve("never").resolve(Manifest.FILE_NAME)));
  }

  @Test
  void aMissingRequiredFlagIsAUsageError() {
    Result r = run("restore", "--backup-set", goodSet.toString());
    assertEquals(2, r.exit, r.err);
    assertTrue(r.err.contains("--target"), r.err);
  }

  /** A failed restore: exit 1, one line naming the problem, and nothing created in the target. */
  private static void assertFailedWith(Result r, String expected) throws Exception {
    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains(expected), r.err);
    assertEquals(1, r.err.strip().lines().count(), "one plain line, no stack trace: " + r.err);
    assertEquals(
        "0",
        TestServers.single(
            target,
            "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + DB + "'"));
  }

  private static Result restore(Path set) {
    return run("restore", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
        "--user", "root");
  }

  private static String firstChunk(Path set) {
    Manifest manifest = BackupSet.open(set.toString()).manifest();
    return manifest.databases().get(0).tables().get(0).chunks().get(0).file();
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
