package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.jdbc.StatementChecker;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Column;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.ForeignKey;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Identity;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Index;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Key;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A table's definition as a backup set carries it (JSON) and the T-SQL a restore writes from it,
 * every part checked; modules checked against their entries.
 */
class SqlServerStatementsTest {
  private static final SqlServerStatements STATEMENTS = new SqlServerStatements();

  private static final SqlServerTableDefinition RENTAL = new SqlServerTableDefinition(
      "dbo", "rental",
      List.of(
          new Column("id", "int", false, new Identity(1, 1), null, false, null, null, null),
          Column.of("customer_id", "int", false),
          new Column("total", "int", true, null, "([id]*(2))", false, null, null, null),
          Column.of("rv", "rowversion", false)),
      new Key("PK_rental", List.of("id"), List.of(false), true), List.of(), List.of(),
      List.of(new ForeignKey("FK_rental_customer", List.of("customer_id"), "dbo.customer",
          List.of("id"), "NO_ACTION", "CASCADE")),
      List.of(new Index("IX_customer", false, List.of("customer_id"), List.of())));

  private static final String JSON = SqlServerDefinitions.toJson(RENTAL);

  @Test
  void aTablesEntryIsItsDefinitionWithServerMadeColumnsKeptOutOfTheChunks() {
    Manifest.Table table = SqlServerBackupCatalog.table(RENTAL);
    assertEquals("dbo.rental", table.name());
    assertEquals(JSON, table.createStatement());
    assertEquals(List.of("id"), table.primaryKey());
    assertEquals(List.of("id", "customer_id"),
        table.storedColumns().stream().map(Manifest.Column::name).toList());
    assertEquals(ColumnEncoding.LONG, table.columns().get(0).encoding());
  }

  @Test
  void aTableIsCreatedAsOneBatch_schemaTableIndexesAndForeignKeys() {
    CheckedStatement checked = STATEMENTS.checkTable(
        "table [shop].[dbo].[rental]", "set/manifest.json", JSON, "shop", "dbo.rental", null, null);
    assertEquals(
        "EXEC [shop].sys.sp_executesql N'IF SCHEMA_ID(N''dbo'') IS NULL"
            + " EXEC(N''CREATE SCHEMA [dbo]'')';\n"
            + "CREATE TABLE [shop].[dbo].[rental] (\n"
            + "    [id] int IDENTITY(1,1) NOT NULL,\n"
            + "    [customer_id] int NOT NULL,\n"
            + "    [total] AS ([id]*(2)),\n"
            + "    [rv] rowversion NOT NULL,\n"
            + "    CONSTRAINT [PK_rental] PRIMARY KEY CLUSTERED ([id])\n"
            + ");\n"
            + "CREATE NONCLUSTERED INDEX [IX_customer] ON [shop].[dbo].[rental] ([customer_id]);\n"
            + "ALTER TABLE [shop].[dbo].[rental] WITH CHECK ADD CONSTRAINT [FK_rental_customer]"
            + " FOREIGN KEY ([customer_id]) REFERENCES [shop].[dbo].[customer] ([id])"
            + " ON DELETE NO ACTION ON UPDATE CASCADE",
        checked.sql());
  }

  @Test
  void indexesAndForeignKeysAreDeferredAndWrittenForTheTableAfterItsRows() {
    StatementChecker.DeferredIndexes deferred = STATEMENTS.deferSecondaryIndexes(JSON);
    assertEquals(2, deferred.indexDefinitions().size());
    assertTrue(STATEMENTS.checkTable("table t", "m", deferred.createTable(), "shop",
        "dbo.rental", null, null).sql().endsWith("PRIMARY KEY CLUSTERED ([id])\n)"));
    List<String> statements = deferred.indexDefinitions().stream()
        .map(d -> STATEMENTS.checkIndex("table t", "m", d, null, null))
        .map(c -> SqlServerStructure.deferredStatement("shop2", "sales.rent", c.sql())[0])
        .toList();
    assertEquals(List.of(
        "CREATE NONCLUSTERED INDEX [IX_customer] ON [shop2].[sales].[rent] ([customer_id])",
        "ALTER TABLE [shop2].[sales].[rent] WITH CHECK ADD CONSTRAINT [FK_rental_customer]"
            + " FOREIGN KEY ([customer_id]) REFERENCES [shop2].[dbo].[customer] ([id])"
            + " ON DELETE NO ACTION ON UPDATE CASCADE"), statements);
  }

  @Test
  void aRenamedTableIsCreatedUnderItsNewSchemaAndName() {
    String renamed = STATEMENTS.renameInCreateTable(JSON, "dbo.rental", "archive.rental_2005");
    assertTrue(STATEMENTS.checkTable("table t", "m", renamed, "shop", "archive.rental_2005",
        null, null).sql().contains("CREATE TABLE [shop].[archive].[rental_2005] ("));
  }

  @Test
  void aForeignKeyReferencesItsParentUnderTheParentsMappedName() {
    String renamed = STATEMENTS.renameReferences(JSON, "shop", "shop2",
        from -> from.equals(new StatementChecker.Reference("shop", "dbo.customer", false))
            ? new StatementChecker.Reference("shop2", "sales.client", false)
            : null);
    StatementChecker.DeferredIndexes deferred = STATEMENTS.deferForeignKeys(renamed);
    String key = STATEMENTS.checkIndex("table t", "m", deferred.indexDefinitions().get(0), null,
        null).sql();
    assertEquals("ALTER TABLE [shop2].[dbo].[rental] WITH CHECK ADD CONSTRAINT"
        + " [FK_rental_customer] FOREIGN KEY ([customer_id]) REFERENCES [shop2].[sales].[client]"
        + " ([id]) ON DELETE NO ACTION ON UPDATE CASCADE",
        SqlServerStructure.deferredStatement("shop2", "dbo.rental", key)[0]);
    // A parent the mapping does not rename leaves the definition as it was.
    assertEquals(JSON, STATEMENTS.renameReferences(JSON, "shop", "shop2", from -> null));
  }

  @Test
  void aDefinitionOfAnotherTableThanItsEntryIsRefused() {
    StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class,
        () -> STATEMENTS.checkTable("table [shop].[dbo].[film]", "set/manifest.json", JSON, "shop",
            "dbo.film", null, null));
    assertEquals("The table [shop].[dbo].[film] in set/manifest.json defines the table"
        + " dbo.rental, not dbo.film; it was not restored.", e.getMessage());
  }

  @Test
  void aDefinitionWithAFieldThisVersionDoesNotKnowIsRefused() {
    String hostile = JSON.replaceFirst("\\{", "{\"sql\":\"DROP DATABASE shop\",");
    StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class,
        () -> STATEMENTS.checkTable("table t", "m", hostile, "shop", "dbo.rental", null, null));
    assertTrue(e.getMessage().startsWith("The table t in m is not a SQL Server table definition"
        + " this version reads (Unrecognized field \"sql\""), e.getMessage());
  }

  @Test
  void aHostileTypeOrExpressionInTheDefinitionIsRefusedBeforeAnyTsqlIsWritten() {
    String type = JSON.replace("\"type\":\"int\"", "\"type\":\"int) DROP TABLE x --\"");
    assertThrows(StatementCheck.Refused.class,
        () -> STATEMENTS.checkTable("table t", "m", type, "shop", "dbo.rental", null, null));
    String computed = JSON.replace("([id]*(2))", "(1)); DROP TABLE x; --(");
    assertThrows(StatementCheck.Refused.class,
        () -> STATEMENTS.checkTable("table t", "m", computed, "shop", "dbo.rental", null, null));
  }

  @Test
  void aDeferredEntryMustBeExactlyOneIndexOrOneForeignKey() {
    assertThrows(StatementCheck.Refused.class,
        () -> STATEMENTS.checkIndex("table t", "m", "{\"index\":null,\"foreignKey\":null}",
            null, null));
    // An action that is none of SQL Server's.
    assertThrows(dev.dbrestore.io.UserError.class, () -> STATEMENTS.checkIndex("table t", "m",
        "{\"index\":null,\"foreignKey\":{\"name\":\"f\",\"columns\":[\"a\"],\"referencedTable\":"
            + "\"dbo.t\",\"referencedColumns\":[\"a\"],\"onDelete\":\"DROP\",\"onUpdate\":null}}",
        null, null));
  }

  @Test
  void aForeignKeysReferencedTablesAreKnownForTheSelectionCheck() {
    assertEquals(Set.of(new StatementChecker.Reference("shop", "dbo.customer", false)),
        STATEMENTS.foreignKeyReferences("shop", JSON));
  }

  @Test
  void aTriggerIsCheckedAgainstItsEntry_andRunsUnderItsSettings() {
    Manifest.SchemaObject trigger = new Manifest.SchemaObject("dbo.rental_touch", "dbo.rental",
        "CREATE TRIGGER [dbo].[rental_touch] ON [dbo].[rental] AFTER UPDATE AS SET NOCOUNT ON;",
        null, "ANSI_NULLS ON, QUOTED_IDENTIFIER OFF", null, null);
    CheckedStatement checked = STATEMENTS.checkSchemaObject(StatementCheck.Kind.TRIGGER,
        "trigger [shop].[dbo].[rental_touch]", "m", trigger, "shop", null, null);
    assertEquals(List.of("SET ANSI_NULLS ON", "SET QUOTED_IDENTIFIER OFF",
        "EXEC [shop].sys.sp_executesql N'CREATE TRIGGER [dbo].[rental_touch] ON [dbo].[rental]"
            + " AFTER UPDATE AS SET NOCOUNT ON;'"),
        SqlServerStructure.moduleStatements("shop", checked));
  }

  @Test
  void aModuleWhoseSettingsAreNotAModulesIsRefused() {
    Manifest.SchemaObject view = new Manifest.SchemaObject("dbo.v", null,
        "CREATE VIEW [dbo].[v] AS SELECT 1 AS one", null, "ANSI_NULLS ON; DROP TABLE x", null,
        null);
    assertThrows(StatementCheck.Refused.class, () -> STATEMENTS.checkSchemaObject(
        StatementCheck.Kind.VIEW, "view v", "m", view, "shop", null, null));
  }

  @Test
  void anEventIsRefused_sqlServerHasNone() {
    Manifest.SchemaObject event = new Manifest.SchemaObject("e", null, "CREATE EVENT e", null,
        null, null, null);
    StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class, () ->
        STATEMENTS.checkSchemaObject(StatementCheck.Kind.EVENT, "event e", "m", event, "shop",
            null, null));
    assertEquals("The event e in m is an event, which SQL Server does not have; it was not"
        + " restored.", e.getMessage());
  }

  @Test
  void foreignKeysAreSplitOffToBeAddedOnceEveryTableExists_theIndexesStayInTheTablesBatch() {
    StatementChecker.DeferredIndexes split = STATEMENTS.deferForeignKeys(JSON);
    assertEquals(
        List.of("{\"index\":null,\"foreignKey\":{\"name\":\"FK_rental_customer\","
            + "\"columns\":[\"customer_id\"],\"referencedTable\":\"dbo.customer\","
            + "\"referencedColumns\":[\"id\"],\"onDelete\":\"NO_ACTION\","
            + "\"onUpdate\":\"CASCADE\"}}"),
        split.indexDefinitions());
    String batch = STATEMENTS.checkTable("table t", "m", split.createTable(), "shop",
        "dbo.rental", null, null).sql();
    assertTrue(batch.endsWith(
        "CREATE NONCLUSTERED INDEX [IX_customer] ON [shop].[dbo].[rental] ([customer_id])"),
        batch);
    assertEquals(
        "ALTER TABLE [shop].[dbo].[rental] WITH CHECK ADD CONSTRAINT [FK_rental_customer]"
            + " FOREIGN KEY ([customer_id]) REFERENCES [shop].[dbo].[customer] ([id])"
            + " ON DELETE NO ACTION ON UPDATE CASCADE",
        SqlServerStructure.deferredStatement("shop", "dbo.rental",
            STATEMENTS.checkIndex("table t", "m", split.indexDefinitions().get(0), null, null)
                .sql())[0]);
  }

  @Test
  void aTableWithoutForeignKeysIsCreatedAsItIs() {
    SqlServerTableDefinition plain = new SqlServerTableDefinition("dbo", "customer",
        List.of(Column.of("id", "int", false)),
        new Key("PK_customer", List.of("id"), List.of(false), true), List.of(), List.of(),
        List.of(), List.of());
    String json = SqlServerDefinitions.toJson(plain);
    StatementChecker.DeferredIndexes split = STATEMENTS.deferForeignKeys(json);
    assertEquals(json, split.createTable());
    assertEquals(List.of(), split.indexDefinitions());
  }

  @Test
  void aMySqlTableKeepsItsForeignKeysInItsCreateStatement() {
    String create = "CREATE TABLE `a` (`id` int, FOREIGN KEY (`id`) REFERENCES `b` (`id`))";
    StatementChecker.DeferredIndexes split =
        dev.dbrestore.io.jdbc.Dialect.forUrl("jdbc:mysql://h/").deferForeignKeys(create);
    assertEquals(create, split.createTable());
    assertEquals(List.of(), split.indexDefinitions());
  }
}
