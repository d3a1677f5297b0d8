package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.StatementCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The T-SQL of a restore's databases, existing objects, modules, sequences and drills. */
class SqlServerStructureTest {
  private static Manifest.Database database(String name, String collation) {
    return new Manifest.Database(name, null, collation, List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of());
  }

  @Test
  void aDatabaseIsCreatedWithItsSourcesCollationWhenMissing() {
    assertEquals("IF DB_ID(N'shop') IS NULL CREATE DATABASE [shop] COLLATE"
        + " Latin1_General_100_CI_AS_SC_UTF8",
        SqlServerStructure.createDatabaseStatement(database("shop", "Latin1_General_100_CI_AS_SC_UTF8")));
    assertEquals("IF DB_ID(N'o''brien]') IS NULL CREATE DATABASE [o'brien]]]",
        SqlServerStructure.createDatabaseStatement(database("o'brien]", null)));
  }

  @Test
  void aHostileCollationIsRefused() {
    assertThrows(StatementCheck.Refused.class, () -> SqlServerStructure.createDatabaseStatement(
        database("shop", "Latin1_General_CI_AS; DROP DATABASE master")));
  }

  @Test
  void existingObjectsAreReadWithTheirKindsWord() {
    assertEquals("SELECT CASE o.type WHEN 'U' THEN 'table' WHEN 'V' THEN 'view' WHEN 'P' THEN"
        + " 'procedure' WHEN 'TR' THEN 'trigger' ELSE 'function' END, s.name, o.name"
        + " FROM [shop].sys.objects o JOIN [shop].sys.schemas s ON s.schema_id = o.schema_id"
        + " WHERE o.is_ms_shipped = 0 AND o.type IN ('U', 'V', 'P', 'TR', 'FN', 'IF', 'TF')"
        + " ORDER BY s.name, o.name", SqlServerStructure.objectsQuery("shop"));
  }

  @Test
  void triggersAreReadWithTheirTableAndDatabaseTriggersLeftOut() {
    assertEquals("SELECT s.name, o.name, m.definition, ps.name, po.name, m.uses_ansi_nulls,"
        + " m.uses_quoted_identifier FROM [shop].sys.sql_modules m"
        + " JOIN [shop].sys.objects o ON o.object_id = m.object_id"
        + " JOIN [shop].sys.schemas s ON s.schema_id = o.schema_id"
        + " LEFT JOIN [shop].sys.objects po ON po.object_id = o.parent_object_id"
        + " LEFT JOIN [shop].sys.schemas ps ON ps.schema_id = po.schema_id"
        + " WHERE o.is_ms_shipped = 0 AND o.type IN ('TR') AND o.parent_object_id <> 0"
        + " ORDER BY s.name, o.name",
        SqlServerModules.modulesQuery("shop", StatementCheck.Kind.TRIGGER));
    assertEquals("'FN', 'IF', 'TF'", SqlServerModules.types(StatementCheck.Kind.FUNCTION));
  }

  private static dev.dbrestore.io.format.Manifest.Sequence sequence(
      String type, String start, String increment, String min, String max, boolean cycling,
      String lastUsed) {
    return new dev.dbrestore.io.format.Manifest.Sequence(
        "dbo.order_no", type, start, increment, min, max, cycling, true, 50, lastUsed);
  }

  @Test
  void aSequenceIsCreatedAsTheSourceDefinedIt_thenRestartedAfterTheLastValueTheSourceUsed() {
    assertEquals(
        "EXEC [shop].sys.sp_executesql N'IF SCHEMA_ID(N''dbo'') IS NULL"
            + " EXEC(N''CREATE SCHEMA [dbo]'')';\n"
            + "EXEC [shop].sys.sp_executesql N'IF OBJECT_ID(N''[dbo].[order_no]'', N''SO'') IS NULL"
            + " BEGIN BEGIN TRANSACTION; CREATE SEQUENCE [dbo].[order_no] AS bigint START WITH 1"
            + " INCREMENT BY 10 MINVALUE 1 MAXVALUE 9223372036854775807 NO CYCLE CACHE 50;"
            + " ALTER SEQUENCE [dbo].[order_no] RESTART WITH 1010; COMMIT; END'",
        new SqlServerSchemaWriter().createSequence("shop",
            sequence("bigint", "1", "10", "1", "9223372036854775807", false, "1000")));
  }

  @Test
  void aSequenceNeverUsedStartsAtItsStart_noCacheAndDescendingAsDefined() {
    String batch = new SqlServerSchemaWriter().createSequence("shop",
        new dev.dbrestore.io.format.Manifest.Sequence(
            "s]x.down", "int", "-5", "-1", "-100", "-1", true, false, null, null));
    assertEquals(
        "EXEC [shop].sys.sp_executesql N'IF OBJECT_ID(N''[s]]x].[down]'', N''SO'') IS NULL BEGIN"
            + " BEGIN TRANSACTION; CREATE SEQUENCE [s]]x].[down] AS int START WITH -5"
            + " INCREMENT BY -1 MINVALUE -100 MAXVALUE -1 CYCLE NO CACHE; COMMIT; END'",
        batch.substring(batch.indexOf('\n') + 1));
  }

  @Test
  void aUsedUpCyclingSequenceRestartsAtItsMinimum_aUsedUpOtherOneStaysUsedUp() {
    String cycling = new SqlServerSchemaWriter().createSequence("d",
        sequence("int", "1", "1", "1", "10", true, "10"));
    assertTrue(cycling.contains("CYCLE CACHE 50; ALTER SEQUENCE [dbo].[order_no] RESTART WITH 1;"),
        cycling);
    String spent = new SqlServerSchemaWriter().createSequence("d",
        sequence("int", "1", "1", "1", "10", false, "10"));
    assertTrue(spent.contains("ALTER SEQUENCE [dbo].[order_no] RESTART WITH 10;"
        + " DECLARE @spent sql_variant = NEXT VALUE FOR [dbo].[order_no]; COMMIT;"), spent);
  }

  @Test
  void aDecimalSequenceKeepsItsPrecision() {
    assertEquals("decimal(38,0)", SqlServerModules.sequence("dbo", "n", "decimal", 38, "1", "1",
        "1", "99999999999999999999999999999999999999", false, true, null, null).type());
  }

  @Test
  void aSequenceWhoseValueIsNotANumberIsRefused() {
    StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class, () ->
        new SqlServerSchemaWriter().createSequence("d",
            sequence("int", "1; DROP TABLE x", "1", "1", "9", false, null)));
    assertEquals("The sequence dbo.order_no has the value 1; DROP TABLE x where a whole number"
        + " belongs; it was not restored.", e.getMessage());
  }

  @Test
  void aSequenceOfATypeNoSequenceHasOrWithImpossibleBoundsIsRefused() {
    assertThrows(StatementCheck.Refused.class, () -> new SqlServerSchemaWriter().createSequence(
        "d", sequence("nvarchar(10)", "1", "1", "1", "9", false, null)));
    assertThrows(StatementCheck.Refused.class, () -> new SqlServerSchemaWriter().createSequence(
        "d", sequence("int", "1", "0", "1", "9", false, null)));
    assertThrows(StatementCheck.Refused.class, () -> new SqlServerSchemaWriter().createSequence(
        "d", sequence("int", "1", "1", "1", "9", false, "12")));
  }

  @Test
  void theStatementCheckerPassesASqlServerSequenceAndAMySqlOneIsRefused() {
    dev.dbrestore.io.format.Manifest.Sequence q =
        sequence("bigint", "1", "1", "1", "100", false, "7");
    assertTrue(new SqlServerStatements().checkSequence("sequence [d].[dbo].[order_no]", "m", q,
        "d").sql().contains("RESTART WITH 8"));
    StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class, () ->
        dev.dbrestore.io.jdbc.Dialect.forUrl("jdbc:mysql://h/")
            .checkSequence("sequence `d`.`s`", "set/manifest.json", q, "d"));
    assertEquals("The sequence `d`.`s` in set/manifest.json is a sequence, which a backup set"
        + " of this kind does not carry; it was not restored.", e.getMessage());
  }

  @Test
  void sequencesAreReadWithTheirTypesPrecisionAndLastUsedValue() {
    assertEquals(
        "SELECT s.name, q.name, t.name, q.precision, CAST(q.start_value AS nvarchar(40)),"
            + " CAST(q.increment AS nvarchar(40)), CAST(q.minimum_value AS nvarchar(40)),"
            + " CAST(q.maximum_value AS nvarchar(40)), q.is_cycling, q.is_cached, q.cache_size,"
            + " CAST(q.last_used_value AS nvarchar(40)) FROM [shop].sys.sequences q"
            + " JOIN [shop].sys.schemas s ON s.schema_id = q.schema_id"
            + " JOIN [shop].sys.types t ON t.user_type_id = q.user_type_id ORDER BY s.name, q.name",
        SqlServerModules.sequencesQuery("shop"));
  }

  @Test
  void eachModulesReferencesAreReadFromTheServersDependencies_inItsOwnDatabaseOnly() {
    assertEquals(
        "SELECT DISTINCT s.name, o.name, rs.name, ro.name"
            + " FROM [shop].sys.sql_expression_dependencies d"
            + " JOIN [shop].sys.objects o ON o.object_id = d.referencing_id"
            + " JOIN [shop].sys.schemas s ON s.schema_id = o.schema_id"
            + " JOIN [shop].sys.objects ro ON ro.object_id = d.referenced_id"
            + " JOIN [shop].sys.schemas rs ON rs.schema_id = ro.schema_id"
            + " WHERE d.referencing_class = 1 AND d.referenced_class = 1"
            + " AND d.referenced_server_name IS NULL AND d.referenced_database_name IS NULL"
            + " AND ro.object_id <> o.object_id ORDER BY s.name, o.name, rs.name, ro.name",
        SqlServerModules.referencesQuery("shop"));
  }

  @Test
  void aModulesRecordedReferencesAreWhatItNeeds_whateverItsKind() {
    dev.dbrestore.io.format.Manifest.SchemaObject view =
        new dev.dbrestore.io.format.Manifest.SchemaObject("dbo.v_top", null,
            "CREATE VIEW dbo.v_top AS SELECT * FROM dbo.v_mid", null,
            "ANSI_NULLS ON, QUOTED_IDENTIFIER ON", null, null, List.of("dbo.v_mid", "s.f"));
    assertEquals(
        java.util.Set.of(
            new dev.dbrestore.io.jdbc.StatementChecker.Reference("shop", "dbo.v_mid", false),
            new dev.dbrestore.io.jdbc.StatementChecker.Reference("shop", "s.f", false)),
        new SqlServerStatements().referencesOf("shop", StatementCheck.Kind.FUNCTION, view));
    dev.dbrestore.io.format.Manifest.SchemaObject unrecorded =
        new dev.dbrestore.io.format.Manifest.SchemaObject("dbo.v", null, "CREATE VIEW dbo.v AS"
            + " SELECT 1 AS one", null, null, null, null);
    assertEquals(java.util.Set.of(),
        new SqlServerStatements().referencesOf("shop", StatementCheck.Kind.VIEW, unrecorded));
  }

  @Test
  void aDrillDropsItsScratchDatabaseAfterEndingItsOtherSessions() {
    assertEquals("IF DB_ID(N'drill_1') IS NOT NULL BEGIN ALTER DATABASE [drill_1] SET"
        + " SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [drill_1] END",
        SqlServerScratch.dropStatement("drill_1"));
  }

  @Test
  void chunkBoundsAreFoundByOffsetInKeyOrder() {
    List<Object> parameters = new java.util.ArrayList<>();
    assertEquals("SELECT [a], [b] FROM [shop].[dbo].[t] WHERE (([a] > ?) OR ([a] = ? AND"
        + " [b] > ?)) ORDER BY [a], [b] OFFSET 999 ROWS FETCH NEXT 1 ROWS ONLY",
        SqlServerBackupCatalog.boundaryQuery("shop", "dbo.t", List.of("a", "b"),
            new Object[] {1, 2}, 1000, parameters));
    assertEquals(List.of(1, 1, 2), parameters);
    assertEquals("SELECT [id] FROM [shop].[dbo].[t] ORDER BY [id] OFFSET 0 ROWS FETCH NEXT 1"
        + " ROWS ONLY", SqlServerBackupCatalog.boundaryQuery("shop", "dbo.t", List.of("id"),
            null, 1, new java.util.ArrayList<>()));
  }
}
