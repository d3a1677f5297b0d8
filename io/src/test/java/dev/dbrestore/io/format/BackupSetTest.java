package dev.dbrestore.io.format;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.parquet.ChunkWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSetTest {
  @TempDir Path dir;

  private static final List<Manifest.Column> COLUMNS =
      List.of(
          new Manifest.Column("id", "bigint(20)", false, false, null, ColumnEncoding.LONG),
          new Manifest.Column("name", "varchar(20)", true, false, "utf8mb4", ColumnEncoding.TEXT));

  private static Manifest manifestWith(List<Manifest.Chunk> chunks) {
    Manifest.Table orders =
        new Manifest.Table(
            "orders",
            "CREATE TABLE `orders` (`id` bigint(20) NOT NULL, `name` varchar(20),"
                + " PRIMARY KEY (`id`))",
            COLUMNS,
            List.of("id"),
            chunks.stream().mapToLong(Manifest.Chunk::rowCount).sum(),
            chunks);
    Manifest.SchemaObject view =
        new Manifest.SchemaObject(
            "v_orders",
            null,
            "CREATE DEFINER=`root`@`localhost` VIEW `v_orders` AS select 1",
            "root@localhost",
            null,
            "utf8mb4",
            "utf8mb4_general_ci");
    Manifest.Database shop =
        new Manifest.Database(
            "shop",
            "utf8mb4",
            "utf8mb4_general_ci",
            List.of(orders),
            List.of(view),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    return new Manifest(
        Manifest.FORMAT_VERSION,
        "set-1",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:01:00Z",
        new Manifest.Source(
            "mariadb", "11.4.2-MariaDB", "1", null, "STRICT_TRANS_TABLES", "+00:00", "utf8mb4",
            0),
        new Manifest.ConsistentPoint("bin.000001", 1234L, "0-1-5", "2024-01-01T00:00:00Z"),
        List.of(shop));
  }

  private String location() {
    return dir.toString();
  }

  private void writeManifestText(String json) throws Exception {
    Files.writeString(dir.resolve(Manifest.FILE_NAME), json, StandardCharsets.UTF_8);
  }

  /** Writes one real Parquet chunk into the set's folder and returns its manifest entry. */
  private Manifest.Chunk writeChunk(String fileName) throws Exception {
    try (ChunkWriter writer =
        new ChunkWriter(
            FileSystems.matchNewResource(dir.resolve(fileName).toString(), false), COLUMNS)) {
      writer.write(new Object[] {1L, "one"});
      writer.write(new Object[] {2L, null});
      return writer.finish(fileName);
    }
  }

  @Test
  void refusesAFolderWithoutManifest_namingTheFolder() {
    UserError e = assertThrows(UserError.class, () -> BackupSet.open(location()));
    assertTrue(e.getMessage().contains(location()), e.getMessage());
    assertTrue(e.getMessage().contains("has no manifest.json"), e.getMessage());
  }

  @Test
  void refusesAFolderThatDoesNotExist_asHavingNoManifest() {
    String missing = dir.resolve("no-such-set").toString();
    UserError e = assertThrows(UserError.class, () -> BackupSet.open(missing));
    assertTrue(e.getMessage().contains(missing), e.getMessage());
    assertTrue(e.getMessage().contains("has no manifest.json"), e.getMessage());
  }

  @Test
  void refusesAManifestOfAnotherFormatVersion_evenWithFieldsItDoesNotKnow() throws Exception {
    writeManifestText(
        "{\"formatVersion\": 2, \"setId\": \"s\", \"somethingNew\": {\"x\": 1},"
            + " \"databases\": []}");
    UserError e = assertThrows(UserError.class, () -> BackupSet.open(location()));
    assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    assertFalse(e.getMessage().contains("damaged"), e.getMessage());
  }

  @Test
  void refusesInvalidJsonAsDamaged() throws Exception {
    writeManifestText("{\"formatVersion\": 1, \"setId\": ");
    UserError e = assertThrows(UserError.class, () -> BackupSet.open(location()));
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    assertTrue(e.getMessage().contains(location()), e.getMessage());
  }

  @Test
  void refusesAnUnknownFieldInAVersion1ManifestAsDamaged() throws Exception {
    String json = BackupSet.toJson(manifestWith(List.of()));
    writeManifestText(json.replaceFirst("\\{", "{\"surprise\": true,"));
    UserError e = assertThrows(UserError.class, () -> BackupSet.open(location()));
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
  }

  @Test
  void refusesAChunkFileNameWithASlash() throws Exception {
    writeManifestText(
        BackupSet.toJson(
            manifestWith(List.of(new Manifest.Chunk("sub/orders.00000.parquet", 1, 10, null)))));
    UserError e = assertThrows(UserError.class, () -> BackupSet.open(location()));
    assertTrue(e.getMessage().contains("sub/orders.00000.parquet"), e.getMessage());
    assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
  }

  @Test
  void refusesAChunkFileNameThatClimbsOutOfTheSet() throws Exception {
    writeManifestText(
        BackupSet.toJson(manifestWith(List.of(new Manifest.Chunk("..", 1, 10, null)))));
    UserError e = assertThrows(UserError.class, () -> BackupSet.open(location()));
    assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());

    writeManifestText(
        BackupSet.toJson(
            manifestWith(List.of(new Manifest.Chunk("../other/x.parquet", 1, 10, null)))));
    e = assertThrows(UserError.class, () -> BackupSet.open(location()));
    assertTrue(e.getMessage().contains("../other/x.parquet"), e.getMessage());
  }

  @Test
  void checkChunksPresentRefusesAMissingChunk_namingTheFile() throws Exception {
    Manifest.Chunk present = writeChunk("0001-shop.orders.00000.parquet");
    Manifest.Chunk missing = new Manifest.Chunk("0001-shop.orders.00001.parquet", 2, 100, null);
    writeManifestText(BackupSet.toJson(manifestWith(List.of(present, missing))));
    BackupSet set = BackupSet.open(location());

    UserError e = assertThrows(UserError.class, set::checkChunksPresent);
    assertTrue(e.getMessage().contains("0001-shop.orders.00001.parquet"), e.getMessage());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void checkChunksPresentRefusesAChunkWhoseSizeDiffersFromTheManifest() throws Exception {
    Files.write(dir.resolve("0001-shop.orders.00000.parquet"), new byte[90]);
    writeManifestText(
        BackupSet.toJson(
            manifestWith(
                List.of(new Manifest.Chunk("0001-shop.orders.00000.parquet", 1, 100, null)))));
    BackupSet set = BackupSet.open(location());

    UserError e = assertThrows(UserError.class, set::checkChunksPresent);
    assertTrue(e.getMessage().contains("0001-shop.orders.00000.parquet"), e.getMessage());
    assertTrue(e.getMessage().contains("90 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("100"), e.getMessage());
  }

  @Test
  void checkChunksPresentPassesWhenEveryChunkIsThereWithItsSize() throws Exception {
    Manifest.Chunk first = writeChunk("0001-shop.orders.00000.parquet");
    Manifest.Chunk second = writeChunk("0001-shop.orders.00001.parquet");
    writeManifestText(BackupSet.toJson(manifestWith(List.of(first, second))));

    BackupSet set = BackupSet.open(location());

    assertDoesNotThrow(set::checkChunksPresent);
  }

  @Test
  void checkChunksPresentPassesForASetWithoutChunks() throws Exception {
    writeManifestText(BackupSet.toJson(manifestWith(List.of())));
    assertDoesNotThrow(BackupSet.open(location())::checkChunksPresent);
  }

  @Test
  void writeManifestThenOpenGivesBackTheSameManifestAndLeavesNoPartialFile() throws Exception {
    Manifest original = manifestWith(List.of(writeChunk("0001-shop.orders.00000.parquet")));

    BackupSet.writeManifest(location(), original);
    BackupSet set = BackupSet.open(location());

    assertEquals(original, set.manifest());
    assertEquals(location(), set.location());
    assertTrue(Files.exists(dir.resolve(Manifest.FILE_NAME)));
    assertFalse(Files.exists(dir.resolve(Manifest.FILE_NAME + ".partial")));
  }

  @Test
  void writeManifestReplacesAnEarlierManifest() throws Exception {
    BackupSet.writeManifest(location(), manifestWith(List.of()));
    Manifest second = manifestWith(List.of(writeChunk("0001-shop.orders.00000.parquet")));

    BackupSet.writeManifest(location(), second);

    assertEquals(second, BackupSet.open(location()).manifest());
    assertFalse(Files.exists(dir.resolve(Manifest.FILE_NAME + ".partial")));
  }

  @Test
  void toJsonThenFromJsonGivesBackTheSameManifest() {
    Manifest original =
        manifestWith(List.of(new Manifest.Chunk("0001-shop.orders.00000.parquet", 3, 42, "ab")));
    assertEquals(original, BackupSet.fromJson(BackupSet.toJson(original)));
  }

  @Test
  void aMySqlSetCarriesNoSequencesField_andASetWithSequencesReadsThemBack() throws Exception {
    Manifest mysql = manifestWith(List.of());
    assertFalse(BackupSet.toJson(mysql).contains("sequences"));
    assertEquals(List.of(), mysql.databases().get(0).sequencesOrNone());

    Manifest.Database shop = mysql.databases().get(0);
    Manifest.Sequence orderNo = new Manifest.Sequence(
        "dbo.order_no", "bigint", "1", "1", "1", "9223372036854775807", false, true, null, "41");
    Manifest withSequence = new Manifest(mysql.formatVersion(), mysql.setId(), mysql.startTime(),
        mysql.endTime(), mysql.source(), mysql.consistentPoint(),
        List.of(new Manifest.Database(shop.name(), shop.characterSet(), shop.collation(),
            shop.tables(), shop.views(), shop.functions(), shop.procedures(), shop.triggers(),
            shop.events(), List.of(orderNo))));
    BackupSet.writeManifest(location(), withSequence);
    assertEquals(List.of(orderNo),
        BackupSet.open(location()).manifest().databases().get(0).sequencesOrNone());
  }
}
