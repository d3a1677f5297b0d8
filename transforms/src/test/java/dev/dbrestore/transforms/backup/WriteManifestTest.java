package dev.dbrestore.transforms.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteManifestTest {
  private static final List<Manifest.Column> COLUMNS =
      List.of(new Manifest.Column("id", "int(11)", false, false, null, ColumnEncoding.LONG));

  private static Manifest.Table draftTable(String name) {
    return new Manifest.Table(
        name, "CREATE TABLE `" + name + "` (`id` int)", COLUMNS, List.of("id"), 0, List.of());
  }

  private static Manifest.Database draftDatabase(String name, Manifest.Table... tables) {
    Manifest.SchemaObject view =
        new Manifest.SchemaObject("v", null, "CREATE VIEW `v` AS select 1", "root@%", null,
            "utf8mb4", "utf8mb4_general_ci");
    return new Manifest.Database(
        name, "utf8mb4", "utf8mb4_general_ci", List.of(tables), List.of(view), List.of(),
        List.of(), List.of(), List.of());
  }

  private static final Manifest DRAFT =
      new Manifest(
          Manifest.FORMAT_VERSION,
          "set-1",
          "2024-05-01T10:00:00Z",
          null,
          new Manifest.Source(
              "mysql", "8.4.0", "1", "uuid", "STRICT_TRANS_TABLES", "+00:00", "utf8mb4", 0),
          new Manifest.ConsistentPoint("bin.000003", 42L, null, "2024-05-01T10:00:01Z"),
          List.of(
              draftDatabase("shop", draftTable("orders"), draftTable("customers")),
              draftDatabase("crm", draftTable("orders"))));

  private static ExportedChunk exported(String db, String table, String file, long rows) {
    return new ExportedChunk(db, table, new Manifest.Chunk(file, rows, rows * 10, "h-" + file));
  }

  private static Manifest.Table table(Manifest manifest, String db, String table) {
    return manifest.databases().stream()
        .filter(d -> d.name().equals(db))
        .flatMap(d -> d.tables().stream())
        .filter(t -> t.name().equals(table))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void completeFillsEachTablesChunksAndRowCountFromTheExportedChunks() {
    ExportedChunk orders0 = exported("shop", "orders", "0001-shop.orders.00000.parquet", 5);
    ExportedChunk orders1 = exported("shop", "orders", "0001-shop.orders.00001.parquet", 7);
    ExportedChunk crmOrders = exported("crm", "orders", "0003-crm.orders.00000.parquet", 3);

    Manifest done =
        WriteManifest.complete(DRAFT, List.of(orders1, crmOrders, orders0), "2024-05-01T11:00Z");

    Manifest.Table shopOrders = table(done, "shop", "orders");
    assertEquals(List.of(orders0.chunk(), orders1.chunk()), shopOrders.chunks());
    assertEquals(12, shopOrders.rowCount());
    Manifest.Table crm = table(done, "crm", "orders");
    assertEquals(List.of(crmOrders.chunk()), crm.chunks());
    assertEquals(3, crm.rowCount());
  }

  @Test
  void completePutsShorterChunkNumbersFirst_soChunk2ComesBeforeChunk100000() {
    ExportedChunk c100000 = exported("shop", "orders", "0001-shop.orders.100000.parquet", 1);
    ExportedChunk c99999 = exported("shop", "orders", "0001-shop.orders.99999.parquet", 1);
    ExportedChunk c00010 = exported("shop", "orders", "0001-shop.orders.00010.parquet", 1);
    ExportedChunk c00002 = exported("shop", "orders", "0001-shop.orders.00002.parquet", 1);

    Manifest done =
        WriteManifest.complete(DRAFT, List.of(c100000, c00010, c99999, c00002), "end");

    assertEquals(
        List.of(
            "0001-shop.orders.00002.parquet",
            "0001-shop.orders.00010.parquet",
            "0001-shop.orders.99999.parquet",
            "0001-shop.orders.100000.parquet"),
        table(done, "shop", "orders").chunks().stream().map(Manifest.Chunk::file).toList());
  }

  @Test
  void completeGivesATableWithoutChunksNoChunksAndZeroRows() {
    Manifest done =
        WriteManifest.complete(
            DRAFT, List.of(exported("shop", "orders", "0001-shop.orders.00000.parquet", 4)),
            "end");

    Manifest.Table customers = table(done, "shop", "customers");
    assertEquals(List.of(), customers.chunks());
    assertEquals(0, customers.rowCount());
    assertEquals(0, table(done, "crm", "orders").rowCount());
  }

  @Test
  void completeDoesNotMixUpTablesOfTheSameNameInDifferentDatabases() {
    Manifest done =
        WriteManifest.complete(
            DRAFT, List.of(exported("crm", "orders", "0003-crm.orders.00000.parquet", 9)), "end");

    assertEquals(0, table(done, "shop", "orders").rowCount());
    assertEquals(9, table(done, "crm", "orders").rowCount());
  }

  @Test
  void completeSetsTheEndTimeAndKeepsEverythingElseOfTheDraft() {
    assertNull(DRAFT.endTime());

    Manifest done = WriteManifest.complete(DRAFT, List.of(), "2024-05-01T11:22:33Z");

    assertEquals("2024-05-01T11:22:33Z", done.endTime());
    assertEquals(DRAFT.formatVersion(), done.formatVersion());
    assertEquals(DRAFT.setId(), done.setId());
    assertEquals(DRAFT.startTime(), done.startTime());
    assertEquals(DRAFT.source(), done.source());
    assertEquals(DRAFT.consistentPoint(), done.consistentPoint());
    // With no chunks exported, every table is the draft's table, in the draft's order, with
    // the digest of no rows at all.
    assertEquals(
        DRAFT.databases().stream().map(d -> d.name()).toList(),
        done.databases().stream().map(d -> d.name()).toList());
    for (int i = 0; i < DRAFT.databases().size(); i++) {
      assertEquals(DRAFT.databases().get(i).views(), done.databases().get(i).views());
      List<Manifest.Table> draftTables = DRAFT.databases().get(i).tables();
      List<Manifest.Table> doneTables = done.databases().get(i).tables();
      assertEquals(draftTables.size(), doneTables.size());
      for (int t = 0; t < draftTables.size(); t++) {
        assertEquals(draftTables.get(t).name(), doneTables.get(t).name());
        assertEquals(draftTables.get(t).columns(), doneTables.get(t).columns());
        assertEquals("0".repeat(64), doneTables.get(t).digest());
      }
    }
  }

  @Test
  void completeKeepsTableDefinitionsAndSchemaObjects() {
    Manifest done =
        WriteManifest.complete(
            DRAFT, List.of(exported("shop", "orders", "0001-shop.orders.00000.parquet", 2)),
            "end");

    Manifest.Table orders = table(done, "shop", "orders");
    Manifest.Table draftOrders = table(DRAFT, "shop", "orders");
    assertEquals(draftOrders.createStatement(), orders.createStatement());
    assertEquals(draftOrders.columns(), orders.columns());
    assertEquals(draftOrders.primaryKey(), orders.primaryKey());
    assertEquals(DRAFT.databases().get(0).views(), done.databases().get(0).views());
    assertEquals(
        List.of("orders", "customers"),
        done.databases().get(0).tables().stream().map(Manifest.Table::name).toList());
  }
}
