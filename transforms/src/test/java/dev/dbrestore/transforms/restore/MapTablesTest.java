package dev.dbrestore.transforms.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/*
 * A plain Pipeline on the DirectRunner instead of TestPipeline, and PAssert.satisfies instead of
 * containsInAnyOrder: TestPipeline is a JUnit 4 rule and containsInAnyOrder uses Hamcrest, and
 * this module's test classpath has neither junit:junit nor Hamcrest.
 */
class MapTablesTest {
  private final transient Pipeline pipeline = directPipeline();

  static Pipeline directPipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    return Pipeline.create(options);
  }

  /** For PAssert.satisfies: the same elements as {@code expected}, in any order. */
  static <T> Void containsInAnyOrder(Iterable<T> actual, List<T> expected) {
    assertEquals(
        expected.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())),
        StreamSupport.stream(actual.spliterator(), false)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    return null;
  }

  private static final List<Manifest.Column> COLUMNS =
      List.of(new Manifest.Column("id", "int(11)", false, false, null, ColumnEncoding.LONG));

  /** A chunk as ListChunks makes it: its target is still its source. */
  static ChunkWrite chunk(String database, String table, int index) {
    return new ChunkWrite(
        "/backups/set-1",
        database,
        table,
        database,
        table,
        new Manifest.Chunk(
            String.format("0001-%s.%s.%05d.parquet", database, table, index), 10, 100, null),
        COLUMNS,
        DataConflictPolicy.STOP);
  }

  private static final TableMapping MAPPING =
      new TableMapping(Map.of("shop", "shop_restored"), Map.of("shop.orders", "orders_old"));

  private PCollection<ChunkWrite> chunks(ChunkWrite... chunks) {
    return pipeline.apply(
        "Chunks", Create.of(List.of(chunks)).withCoder(SerializableCoder.of(ChunkWrite.class)));
  }

  @Test
  void mapTablesRenamesTheDatabaseAndTheTablesTheMappingNames() {
    ChunkWrite orders0 = chunk("shop", "orders", 0);
    ChunkWrite orders1 = chunk("shop", "orders", 1);
    ChunkWrite customers = chunk("shop", "customers", 0);

    PCollection<ChunkWrite> mapped =
        chunks(orders0, orders1, customers).apply("MapTables", MapTables.using(MAPPING));

    List<ChunkWrite> expected =
        List.of(
            orders0.withTarget("shop_restored", "orders_old"),
            orders1.withTarget("shop_restored", "orders_old"),
            customers.withTarget("shop_restored", "customers"));
    PAssert.that(mapped).satisfies(actual -> containsInAnyOrder(actual, expected));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void mapTablesKeepsTheNamesOfDatabasesAndTablesTheMappingDoesNotName() {
    ChunkWrite other = chunk("crm", "orders", 0);

    PCollection<ChunkWrite> mapped = chunks(other).apply("MapTables", MapTables.using(MAPPING));

    List<ChunkWrite> expected = List.of(other);
    PAssert.that(mapped).satisfies(actual -> containsInAnyOrder(actual, expected));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void mapTablesKeepsTheSourceNamesAndEverythingElseOfTheChunk() {
    ChunkWrite orders = chunk("shop", "orders", 0);

    PCollection<ChunkWrite> mapped = chunks(orders).apply("MapTables", MapTables.using(MAPPING));

    PAssert.thatSingleton(mapped)
        .satisfies(
            c -> {
              assertEquals("shop", c.sourceDatabase());
              assertEquals("orders", c.sourceTable());
              assertEquals("shop_restored", c.targetDatabase());
              assertEquals("orders_old", c.targetTable());
              assertEquals(orders.chunk(), c.chunk());
              assertEquals(orders.storedColumns(), c.storedColumns());
              assertEquals(orders.setLocation(), c.setLocation());
              assertEquals(orders.conflictPolicy(), c.conflictPolicy());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void mapTablesWithTheIdentityMappingKeepsEveryName() {
    ChunkWrite orders = chunk("shop", "orders", 0);
    ChunkWrite customers = chunk("crm", "customers", 3);

    PCollection<ChunkWrite> mapped =
        chunks(orders, customers).apply("MapTables", MapTables.using(TableMapping.identity()));

    List<ChunkWrite> expected = List.of(orders, customers);
    PAssert.that(mapped).satisfies(actual -> containsInAnyOrder(actual, expected));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void identityMappingKeepsDatabaseAndTableNames() {
    TableMapping identity = TableMapping.identity();
    assertEquals("shop", identity.targetDatabase("shop"));
    assertEquals("orders", identity.targetTable("shop", "orders"));
  }

  @Test
  void aTableIsMappedByItsSourceDatabaseAndNameTogether() {
    assertEquals("orders_old", MAPPING.targetTable("shop", "orders"));
    assertEquals("orders", MAPPING.targetTable("crm", "orders"));
    assertEquals("shop_restored", MAPPING.targetDatabase("shop"));
    assertEquals("crm", MAPPING.targetDatabase("crm"));
  }

  @Test
  void mapTablesWithoutAMappingIsRefusedNamingUsing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> chunks(chunk("shop", "orders", 0)).apply("MapTables", MapTables.using(null)));
    assertEquals("MapTables needs a mapping: use MapTables.using(...)", e.getMessage());
  }
}
