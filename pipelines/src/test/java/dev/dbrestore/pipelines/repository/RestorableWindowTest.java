package dev.dbrestore.pipelines.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorableWindowTest {
  @TempDir Path root;

  @Test
  void windowRunsFromTheOldestCoveredSetToTheLastCapturedCommit_withSegmentsThatDoNotJoinAsAGap()
      throws Exception {
    fullSet("20261201-010000-0001", "binlog.000001", 100, "2026-12-01T01:00:00Z");
    fullSet("20261201-020000-0002", "binlog.000002", 50, "2026-12-01T02:00:00Z");
    LogManifest.Point start = new LogManifest.Point("binlog.000001", 100);
    LogManifest.Point joined = new LogManifest.Point("binlog.000001", 900);
    LogManifest.Point resumed = new LogManifest.Point("binlog.000003", 4);
    LogManifest.Point end = new LogManifest.Point("binlog.000003", 700);
    log(
        new LogManifest(
            1, "db1", "1",
            new LogManifest.Start(start, null, "2026-12-01T01:00:00Z", "full/20261201-010000-0001"),
            List.of(
                segment("segment-000001.parquet", start, joined, 1, "2026-12-01T01:30:00Z"),
                segment("segment-000002.parquet", resumed, end, 2, "2026-12-01T03:00:00Z")),
            List.of()));

    RestorableWindow window = RestorableWindow.of(BackupRepository.at(root.toString()), "db1");

    assertEquals("full/20261201-010000-0001", window.from().label());
    assertEquals("2026-12-01T01:00:00Z", window.fromTime());
    assertEquals(end, window.toPoint());
    assertEquals("2026-12-01T03:00:00Z", window.toTime());
    assertEquals(1, window.gaps().size());
    assertEquals(joined, window.gaps().get(0).from());
    assertEquals(resumed, window.gaps().get(0).to());
  }

  @Test
  void noWindowWithoutACapturedLog() throws Exception {
    fullSet("20261201-010000-0001", "binlog.000001", 100, "2026-12-01T01:00:00Z");
    RestorableWindow window = RestorableWindow.of(BackupRepository.at(root.toString()), "db1");
    assertFalse(window.exists());
    assertNull(window.toTime());
  }

  private void fullSet(String setId, String file, long position, String time) throws Exception {
    Path folder = Files.createDirectories(root.resolve("db1").resolve("full").resolve(setId));
    BackupSet.writeManifest(
        folder.toString(),
        new Manifest(
            Manifest.FORMAT_VERSION, setId, time, time,
            new Manifest.Source("mariadb", "10.11.5", "1", null, "", "+00:00", "utf8mb4", 0),
            new Manifest.ConsistentPoint(file, position, null, time),
            List.of()));
  }

  private void log(LogManifest manifest) throws Exception {
    Path folder = Files.createDirectories(root.resolve("db1").resolve(LogManifest.FOLDER));
    Files.write(folder.resolve(LogManifest.FILE_NAME), new ObjectMapper().writeValueAsBytes(manifest));
  }

  private static LogManifest.Segment segment(
      String file, LogManifest.Point start, LogManifest.Point end, long transaction, String time) {
    return new LogManifest.Segment(
        file, start, end, transaction, transaction, time, time, null, null, 1, 0, 10, "00");
  }
}
