package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup through the command line lands in the backup repository and is listed there. */
class BackupRepositoryIT {
  private static final String DB = "repository_it";

  @TempDir Path dir;

  @Test
  void backupIntoTheRepositoryLandsUnderSourceTaskAndSetId_andIsListedAsComplete()
      throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
        "CREATE TABLE " + DB + ".u (id INT PRIMARY KEY)",
        "INSERT INTO " + DB + ".t SELECT seq, CONCAT('row ', seq) FROM seq.seq_1_to_300");

    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true),
            "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--repository", dir.toString(), "--source-name", "db1", "--backup-task", "nightly");
    assertEquals(0, exit, err.toString());

    Path task = dir.resolve("db1").resolve("nightly");
    List<Path> sets;
    try (Stream<Path> children = Files.list(task)) {
      sets = children.toList();
    }
    assertEquals(1, sets.size(), sets.toString());
    String setId = sets.get(0).getFileName().toString();
    assertTrue(setId.matches("\\d{8}-\\d{6}-[0-9a-f]{4}"), setId);
    assertTrue(Files.isRegularFile(sets.get(0).resolve(Manifest.FILE_NAME)));
    Manifest manifest = BackupSet.open(sets.get(0).toString()).manifest();
    assertEquals(setId, manifest.setId());
    assertEquals(300, manifest.databases().get(0).tables().get(0).rowCount());

    BackupRepository repository = BackupRepository.at(dir.toString());
    assertEquals(sets.get(0).toString(), repository.resolve("db1", "nightly", setId));
    long chunkBytes =
        manifest.databases().get(0).tables().stream()
            .flatMap(t -> t.chunks().stream())
            .mapToLong(Manifest.Chunk::bytes)
            .sum();
    assertEquals(
        List.of(
            new BackupSetInfo(
                "db1", "nightly", setId, manifest.startTime(), chunkBytes, 2, true)),
        repository.list(null));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int listed;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      listed =
          Main.execute(new PrintWriter(err, true), "backups", "list", "--repository", dir.toString());
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, listed, err.toString());
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), out.toString());
    List<String> row = List.of(lines.get(1).trim().split("\\s+"));
    assertEquals(List.of("db1", "nightly", setId, manifest.startTime()), row.subList(0, 4));
    assertEquals(List.of("2", "yes"), row.subList(row.size() - 2, row.size()));
  }

  @Test
  void aSecondBackupOfTheSameTaskIsANewSetBesideTheFirst() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    TestServers.dropDatabases(source, DB + "_2");
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB + "_2",
        "CREATE TABLE " + DB + "_2.t (id INT PRIMARY KEY)",
        "INSERT INTO " + DB + "_2.t VALUES (1), (2)");
    BackupOptions options =
        TestServers.backupOptions(null, source, null, DB + "_2");
    options.setRepository(dir.toString());
    options.setSourceName("db1");
    options.setBackupTask("hourly");
    options.setSetId("20261125-150102-0001");
    BackupJob.run(options);
    options.setSetId("20261125-160102-0002");
    BackupJob.run(options);

    assertEquals(
        List.of("20261125-150102-0001", "20261125-160102-0002"),
        BackupRepository.at(dir.toString()).list("db1").stream()
            .map(BackupSetInfo::setId)
            .toList());
  }
}
