package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Check;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Column;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.ForeignKey;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Identity;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Index;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Key;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The T-SQL a restore creates structure with, for a catalog of tricky tables. */
class SqlServerSchemaWriterTest {
  private static final SqlServerSchemaWriter WRITER = new SqlServerSchemaWriter();

  private static final String LONG_NAME = "c".repeat(127) + "]";

  /** Identity, computed and rowversion columns, defaults, keys, a check, a hostile name. */
  private static final SqlServerTableDefinition ORDERS = new SqlServerTableDefinition(
      "sales", "order]s",
      List.of(
          new Column("id", "int", false, new Identity(1, 1), null, false, null, null, null),
          new Column("qty", "smallint", false, null, null, false, "DF_qty", "((1))", null),
          new Column("price", "money", false, null, null, false, null, null, null),
          new Column("total", "money", true, null, "([qty]*[price])", true, null, null, null),
          new Column("note", "nvarchar(max)", true, null, null, false, null, null,
              "Latin1_General_100_CI_AS_SC_UTF8"),
          Column.of("rv", "rowversion", false),
          new Column("placed", "datetime2(7)", false, null, null, false, "DF_placed",
              "(sysutcdatetime())", null),
          Column.of(LONG_NAME, "uniqueidentifier", true)),
      new Key("PK_orders", List.of("id"), List.of(false), true),
      List.of(new Key("UQ_orders_placed", List.of("placed", "id"), List.of(true, false), false)),
      List.of(new Check("CK_qty", "([qty]>(0))")),
      List.of(new ForeignKey("FK_orders_customer", List.of("qty"), "sales.customer",
          List.of("id"), "CASCADE", "NO_ACTION")),
      List.of(new Index("IX_price", false, List.of("price"), List.of("note"))));

  @Test
  void aTableIsCreatedWithIdentityComputedRowversionDefaultsKeysAndChecks() {
    assertEquals(
        "CREATE TABLE [shop].[sales].[order]]s] (\n"
            + "    [id] int IDENTITY(1,1) NOT NULL,\n"
            + "    [qty] smallint NOT NULL CONSTRAINT [DF_qty] DEFAULT ((1)),\n"
            + "    [price] money NOT NULL,\n"
            + "    [total] AS ([qty]*[price]) PERSISTED,\n"
            + "    [note] nvarchar(max) COLLATE Latin1_General_100_CI_AS_SC_UTF8 NULL,\n"
            + "    [rv] rowversion NOT NULL,\n"
            + "    [placed] datetime2(7) NOT NULL CONSTRAINT [DF_placed] DEFAULT (sysutcdatetime()),\n"
            + "    [" + "c".repeat(127) + "]]] uniqueidentifier NULL,\n"
            + "    CONSTRAINT [PK_orders] PRIMARY KEY CLUSTERED ([id]),\n"
            + "    CONSTRAINT [UQ_orders_placed] UNIQUE NONCLUSTERED ([placed] DESC, [id]),\n"
            + "    CONSTRAINT [CK_qty] CHECK ([qty]>(0))\n"
            + ")",
        WRITER.createTable("shop", ORDERS));
  }

  @Test
  void computedAndRowversionColumnsAreServerMade_theOthersAreWritten() {
    List<String> written = ORDERS.columns().stream()
        .filter(c -> !c.serverMade()).map(Column::name).toList();
    assertEquals(List.of("id", "qty", "price", "note", "placed", LONG_NAME), written);
  }

  @Test
  void aForeignKeyIsAddedAfterTheLoadWithCheckSoTheServerTrustsIt() {
    assertEquals(
        "ALTER TABLE [shop].[sales].[order]]s] WITH CHECK ADD CONSTRAINT [FK_orders_customer]"
            + " FOREIGN KEY ([qty]) REFERENCES [shop].[sales].[customer] ([id])"
            + " ON DELETE CASCADE ON UPDATE NO ACTION",
        WRITER.addForeignKey("shop", ORDERS, ORDERS.foreignKeys().get(0)));
  }

  @Test
  void aForeignKeyActionOutsideTheFourIsRefused() {
    ForeignKey bad = new ForeignKey("FK", List.of("qty"), "sales.customer", List.of("id"),
        "CASCADE; DROP TABLE x", "NO_ACTION");
    assertThrows(UserError.class, () -> WRITER.addForeignKey("shop", ORDERS, bad));
  }

  @Test
  void aSecondaryIndexIsCreatedAfterTheLoadWithItsIncludedColumns() {
    assertEquals(
        "CREATE NONCLUSTERED INDEX [IX_price] ON [shop].[sales].[order]]s] ([price])"
            + " INCLUDE ([note])",
        WRITER.createIndex("shop", ORDERS, ORDERS.indexes().get(0)));
  }

  @Test
  void aUniqueIndexWithoutIncludedColumns() {
    assertEquals(
        "CREATE UNIQUE NONCLUSTERED INDEX [UX] ON [d].[dbo].[t] ([a], [b]]])",
        WRITER.createIndex("d",
            new SqlServerTableDefinition("dbo", "t", List.of(), null, List.of(), List.of(),
                List.of(), List.of()),
            new Index("UX", true, List.of("a", "b]"), List.of())));
  }

  @Test
  void aSchemaIsCreatedInItsDatabaseOnlyIfMissing_eachLevelsQuotesDoubled() {
    assertEquals(
        "EXEC [shop].sys.sp_executesql N'IF SCHEMA_ID(N''o''''brien]'') IS NULL"
            + " EXEC(N''CREATE SCHEMA [o''''brien]]]'')'",
        WRITER.createSchema("shop", "o'brien]"));
  }

  @Test
  void aTableWithoutKeysOrChecksHasOnlyItsColumns() {
    SqlServerTableDefinition heap = new SqlServerTableDefinition("dbo", "log",
        List.of(Column.of("line", "varchar(8000)", true), Column.of("at", "datetime", false)),
        null, List.of(), List.of(), List.of(), List.of());
    assertEquals(
        "CREATE TABLE [d].[dbo].[log] (\n    [line] varchar(8000) NULL,\n"
            + "    [at] datetime NOT NULL\n)",
        WRITER.createTable("d", heap));
  }

  @Test
  void aHostileDefaultIsRefusedAndNothingIsWritten() {
    SqlServerTableDefinition t = new SqlServerTableDefinition("dbo", "t",
        List.of(new Column("a", "int", false, null, null, false, null,
            "(0)); DROP TABLE [x]; --", null)),
        null, List.of(), List.of(), List.of(), List.of());
    StatementCheck.Refused e =
        assertThrows(StatementCheck.Refused.class, () -> WRITER.createTable("d", t));
    assertTrue(e.getMessage().contains("default of a"), e.getMessage());
    assertTrue(e.getMessage().endsWith("nothing was run."), e.getMessage());
  }

  @Test
  void aTypeThatIsNoSqlServerTypeIsRefused() {
    SqlServerTableDefinition t = new SqlServerTableDefinition("dbo", "t",
        List.of(Column.of("a", "int) ; EXEC xp_cmdshell 'x' --", false)),
        null, List.of(), List.of(), List.of(), List.of());
    assertThrows(StatementCheck.Refused.class, () -> WRITER.createTable("d", t));
  }

  @Test
  void aHostileCollationIsRefused() {
    SqlServerTableDefinition t = new SqlServerTableDefinition("dbo", "t",
        List.of(new Column("a", "varchar(10)", true, null, null, false, null, null,
            "Latin1_General_CI_AS NULL, [b] AS (1)")),
        null, List.of(), List.of(), List.of(), List.of());
    assertThrows(StatementCheck.Refused.class, () -> WRITER.createTable("d", t));
  }

  @Test
  void aNameOver128CharactersIsRefusedBeforeAnyStatementIsMade() {
    SqlServerTableDefinition t = new SqlServerTableDefinition("dbo", "x".repeat(129),
        List.of(Column.of("a", "int", false)), null, List.of(), List.of(), List.of(), List.of());
    UserError e = assertThrows(UserError.class, () -> WRITER.createTable("d", t));
    assertFalse(e instanceof StatementCheck.Refused);
  }
}
