package dev.dbrestore.pipelines.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.pipelines.task.RestorePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the pre-check puts a table's foreign keys: for SQL Server after every table exists
 * (held back from the CREATE whether or not rows follow and whatever the table's size), for
 * MySQL in the CREATE as before.
 */
class SqlServerForeignKeysLastTest {
  private static final Dialect SQL_SERVER = Dialect.forUrl("jdbc:sqlserver://h:1433");
  private static final Dialect MYSQL = Dialect.forUrl("jdbc:mysql://h/");

  /** A small SQL Server table (one 1 KiB chunk) with an index and a foreign key. */
  private static final String RENTAL =
      "{\"schema\":\"dbo\",\"name\":\"rental\",\"columns\":[{\"name\":\"id\",\"type\":\"int\","
          + "\"nullable\":false,\"identity\":null,\"computedExpression\":null,\"persisted\":false,"
          + "\"defaultName\":null,\"defaultExpression\":null,\"collation\":null},"
          + "{\"name\":\"customer_id\",\"type\":\"int\",\"nullable\":false,\"identity\":null,"
          + "\"computedExpression\":null,\"persisted\":false,\"defaultName\":null,"
          + "\"defaultExpression\":null,\"collation\":null}],"
          + "\"primaryKey\":{\"name\":\"PK_rental\",\"columns\":[\"id\"],\"descending\":[false],"
          + "\"clustered\":true},\"uniqueKeys\":[],\"checks\":[],"
          + "\"foreignKeys\":[{\"name\":\"FK_rental_customer\",\"columns\":[\"customer_id\"],"
          + "\"referencedTable\":\"dbo.customer\",\"referencedColumns\":[\"id\"],"
          + "\"onDelete\":\"NO_ACTION\",\"onUpdate\":\"NO_ACTION\"}],"
          + "\"indexes\":[{\"name\":\"IX_customer\",\"unique\":false,"
          + "\"columns\":[\"customer_id\"],\"included\":[]}]}";

  private static RestorePlan.Table table(String name, String create) {
    return new RestorePlan.Table(
        new Manifest.Table(name, create, List.of(), List.of("id"), 3,
            List.of(new Manifest.Chunk("c1.parquet", 3, 1024, "00"))),
        name);
  }

  private static RestorePlan.Table large(String name, String create) {
    return new RestorePlan.Table(
        new Manifest.Table(name, create, List.of(), List.of("id"), 3,
            List.of(new Manifest.Chunk("c1.parquet", 3, PreCheck.DEFER_INDEXES_FROM_BYTES, "00"))),
        name);
  }

  @Test
  void aSmallSqlServerTablesForeignKeyWaitsForEveryTable_itsIndexStaysInItsCreate() {
    PreCheck.TableSplit split =
        PreCheck.tableSplit(SQL_SERVER, table("dbo.rental", RENTAL), true);
    assertFalse(split.create().contains("FK_rental_customer"));
    assertTrue(split.create().contains("IX_customer"));
    assertEquals(List.of(), split.laterIndexes());
    assertEquals(1, split.laterForeignKeys().size());
    assertTrue(split.laterForeignKeys().get(0).contains("FK_rental_customer"));
    assertEquals(1, split.checkedOnly().size());
    assertTrue(split.checkedOnly().get(0).contains("IX_customer"));
  }

  @Test
  void aLargeSqlServerTablesIndexFollowsItsRows_andItsForeignKeyStillWaitsForEveryTable() {
    PreCheck.TableSplit split =
        PreCheck.tableSplit(SQL_SERVER, large("dbo.rental", RENTAL), true);
    assertFalse(split.create().contains("FK_rental_customer"));
    assertFalse(split.create().contains("IX_customer"));
    assertEquals(1, split.laterIndexes().size());
    assertTrue(split.laterIndexes().get(0).contains("IX_customer"));
    assertEquals(1, split.laterForeignKeys().size());
    assertTrue(split.laterForeignKeys().get(0).contains("FK_rental_customer"));
    assertEquals(List.of(), split.checkedOnly());
  }

  @Test
  void aSqlServerStructureOnlyTaskAlsoHoldsBackTheForeignKey() {
    PreCheck.TableSplit split =
        PreCheck.tableSplit(SQL_SERVER, table("dbo.rental", RENTAL), false);
    assertFalse(split.create().contains("FK_rental_customer"));
    assertTrue(split.create().contains("IX_customer"));
    assertEquals(1, split.laterForeignKeys().size());
    assertEquals(List.of(), split.checkedOnly());
  }

  @Test
  void aSmallMySqlTableKeepsItsForeignKeyAndIndexesInItsCreate() {
    String create =
        "CREATE TABLE `rental` (\n  `id` int NOT NULL,\n  `customer_id` int NOT NULL,\n"
            + "  PRIMARY KEY (`id`),\n  KEY `ix_customer` (`customer_id`),\n"
            + "  CONSTRAINT `fk_c` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`)\n"
            + ") ENGINE=InnoDB";
    PreCheck.TableSplit split = PreCheck.tableSplit(MYSQL, table("rental", create), true);
    assertEquals(create, split.create());
    assertEquals(List.of(), split.laterIndexes());
    assertEquals(List.of(), split.laterForeignKeys());
  }
}
