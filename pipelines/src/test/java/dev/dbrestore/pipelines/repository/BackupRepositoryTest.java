package dev.dbrestore.pipelines.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.DbrestoreHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRepositoryTest {
  private static final String START = "2026-11-25T15:01:02.118342Z";

  @TempDir Path root;

  @Test
  void setLocationIsSourceThenBackupTaskThenSetId() {
    String location = repository().setLocation("db1", "nightly", "20261125-150102-3fa9");
    assertEquals(root.resolve("db1/nightly/20261125-150102-3fa9").toString(), location);
  }

  @Test
  void noRootMeansTheRepositoryInDbrestoresHome() {
    assertEquals(DbrestoreHome.backups().toAbsolutePath().toString(),
        BackupRepository.at(null).root());
  }

  @Test
  void listReportsCompleteSetsFromTheirManifest_sortedBySourceTaskAndSetId() throws Exception {
    completeSet("db2", "nightly", "20261125-150102-aaaa", 3, 100);
    completeSet("db1", "weekly", "20261120-010000-bbbb", 1, 7);
    completeSet("db1", "nightly", "20261125-150102-cccc", 2, 50);
    completeSet("db1", "nightly", "20261124-150102-dddd", 2, 40);

    List<BackupSetInfo> sets = repository().list(null);

    assertEquals(
        List.of(
            new BackupSetInfo("db1", "nightly", "20261124-150102-dddd", START, 80, 2, true),
            new BackupSetInfo("db1", "nightly", "20261125-150102-cccc", START, 100, 2, true),
            new BackupSetInfo("db1", "weekly", "20261120-010000-bbbb", START, 7, 1, true),
            new BackupSetInfo("db2", "nightly", "20261125-150102-aaaa", START, 300, 3, true)),
        sets);
  }

  @Test
  void aSetWithoutManifestIsIncomplete_sizedByItsFiles() throws Exception {
    Path set = Files.createDirectories(root.resolve("db1/nightly/20261125-150102-3fa9"));
    Files.write(set.resolve("0001-shop.orders.00000.parquet"), new byte[1234]);

    assertEquals(
        List.of(new BackupSetInfo("db1", "nightly", "20261125-150102-3fa9", null, 1234, -1, false)),
        repository().list(null));
  }

  @Test
  void aSetWhoseManifestCannotBeReadIsListedAsIncomplete_andTheRestStillListed() throws Exception {
    completeSet("db1", "nightly", "20261124-000000-good", 1, 10);
    Path damaged = Files.createDirectories(root.resolve("db1/nightly/20261125-000000-bad1"));
    Files.writeString(damaged.resolve(Manifest.FILE_NAME), "{ \"formatVersion\" : 1, ");
    Path unknownField = Files.createDirectories(root.resolve("db1/nightly/20261125-000000-bad2"));
    Files.writeString(unknownField.resolve(Manifest.FILE_NAME), "{ \"formatVersion\" : 1 }");

    List<BackupSetInfo> sets = repository().list(null);

    assertEquals(3, sets.size(), sets.toString());
    assertTrue(sets.get(0).complete());
    assertEquals(List.of(false, false), sets.subList(1, 3).stream().map(BackupSetInfo::complete).toList());
    assertEquals(-1, sets.get(1).tables());
    assertEquals(Files.size(damaged.resolve(Manifest.FILE_NAME)), sets.get(1).bytes());
  }

  @Test
  void listOfOneSourceHoldsOnlyItsSets() throws Exception {
    completeSet("db1", "nightly", "20261125-150102-aaaa", 1, 1);
    completeSet("db2", "nightly", "20261125-150102-bbbb", 1, 1);

    List<BackupSetInfo> sets = repository().list("db2");

    assertEquals(List.of("db2"), sets.stream().map(BackupSetInfo::source).toList());
    assertEquals(List.of(), repository().list("db3"));
  }

  @Test
  void listIgnoresStrayFilesBesideTheFolders() throws Exception {
    completeSet("db1", "nightly", "20261125-150102-aaaa", 1, 1);
    Files.writeString(root.resolve("README"), "x");
    Files.writeString(root.resolve("db1/notes.txt"), "x");
    Files.writeString(root.resolve("db1/nightly/notes.txt"), "x");

    assertEquals(1, repository().list(null).size());
  }

  @Test
  void aRepositoryThatDoesNotExistYetIsEmpty() {
    assertEquals(List.of(), BackupRepository.at(root.resolve("nothing-here").toString()).list(null));
  }

  @Test
  void resolveReturnsTheSetFolder() throws Exception {
    completeSet("db1", "nightly", "20261125-150102-aaaa", 1, 1);
    assertEquals(
        root.resolve("db1/nightly/20261125-150102-aaaa").toString(),
        repository().resolve("db1", "nightly", "20261125-150102-aaaa"));
  }

  @Test
  void resolveNamesAnUnknownSource() throws Exception {
    completeSet("db1", "nightly", "20261125-150102-aaaa", 1, 1);
    UserError e =
        assertThrows(UserError.class, () -> repository().resolve("db9", "nightly", "x"));
    assertTrue(e.getMessage().contains("no backups of the source db9"), e.getMessage());
    assertTrue(e.getMessage().contains("dbrestore backups list"), e.getMessage());
  }

  @Test
  void resolveNamesAnUnknownBackupTask() throws Exception {
    completeSet("db1", "nightly", "20261125-150102-aaaa", 1, 1);
    UserError e =
        assertThrows(UserError.class, () -> repository().resolve("db1", "hourly", "x"));
    assertTrue(e.getMessage().contains("no backup task hourly for the source db1"), e.getMessage());
    assertTrue(e.getMessage().contains("dbrestore backups list"), e.getMessage());
  }

  @Test
  void resolveNamesAnUnknownSet() throws Exception {
    completeSet("db1", "nightly", "20261125-150102-aaaa", 1, 1);
    UserError e =
        assertThrows(
            UserError.class, () -> repository().resolve("db1", "nightly", "20261125-150102-ffff"));
    assertTrue(e.getMessage().contains("has no backup set 20261125-150102-ffff"), e.getMessage());
    assertTrue(e.getMessage().contains("dbrestore backups list"), e.getMessage());
  }

  @Test
  void namesThatAreNotOneFolderAreRefused() {
    BackupRepository repository = repository();
    for (String bad : new String[] {"", ".", "..", "a/b", "a\\b", "/", "x\0y"}) {
      UserError onWrite =
          assertThrows(
              UserError.class, () -> repository.setLocation(bad, "nightly", "s"), "'" + bad + "'");
      assertTrue(onWrite.getMessage().contains("source name"), onWrite.getMessage());
      assertThrows(UserError.class, () -> repository.setLocation("db1", bad, "s"), bad);
      assertThrows(UserError.class, () -> repository.setLocation("db1", "nightly", bad), bad);
      assertThrows(UserError.class, () -> repository.resolve("db1", "nightly", bad), bad);
      assertThrows(UserError.class, () -> repository.list(bad), bad);
    }
    assertThrows(UserError.class, () -> repository.setLocation(null, "nightly", "s"));
  }

  @Test
  void namesWithDotsSpacesAndOtherLettersAreFine() {
    String location = repository().setLocation("db1.example.com", "every night", "ünï-cödé");
    assertEquals(root.resolve("db1.example.com/every night/ünï-cödé").toString(), location);
  }

  @Test
  void aRepositoryOnAFileSystemThatIsNotThere_isRefusedInOneSentence() {
    UserError e = assertThrows(UserError.class, () -> BackupRepository.at("gs://bucket/backups"));
    assertTrue(e.getMessage().contains("on a file system this dbrestore cannot reach"),
        e.getMessage());
  }

  private BackupRepository repository() {
    return BackupRepository.at(root.toString());
  }

  /** A complete set: a manifest listing {@code tables} tables of one chunk of {@code bytes}. */
  private void completeSet(String source, String task, String setId, int tables, long bytes)
      throws Exception {
    String location = repository().setLocation(source, task, setId);
    Files.createDirectories(Path.of(location));
    List<Manifest.Table> tableList =
        java.util.stream.IntStream.range(0, tables)
            .mapToObj(
                i ->
                    new Manifest.Table(
                        "t" + i,
                        "CREATE TABLE `t" + i + "` (`id` int)",
                        List.of(),
                        List.of(),
                        0,
                        List.of(
                            new Manifest.Chunk(
                                String.format("%04d-shop.t%d.00000.parquet", i + 1, i),
                                0,
                                bytes,
                                "0".repeat(64)))))
            .toList();
    Manifest.Database db =
        new Manifest.Database(
            "shop", "utf8mb4", "utf8mb4_general_ci", tableList, List.of(), List.of(), List.of(),
            List.of(), List.of());
    Manifest manifest =
        new Manifest(
            Manifest.FORMAT_VERSION,
            setId,
            START,
            START,
            new Manifest.Source("mariadb", "10.11.5-MariaDB", "1", null, "", "UTC", "utf8mb4", 0),
            new Manifest.ConsistentPoint(null, null, null, START),
            List.of(db));
    BackupSet.writeManifest(location, manifest);
  }
}
