package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

  @Test
  void aSequenceGoesOnAfterTheLastValueTheSourceUsed() {
    assertEquals("CREATE SEQUENCE [dbo].[order_no] AS bigint START WITH 1010 INCREMENT BY 10"
        + " MINVALUE 1 MAXVALUE 9223372036854775807 NO CYCLE CACHE 50",
        SqlServerModules.createSequence("dbo", "order_no", "bigint", "1", "10", "1",
            "9223372036854775807", false, true, 50, "1000"));
    assertEquals("CREATE SEQUENCE [dbo].[s] AS int START WITH -5 INCREMENT BY -1"
        + " MINVALUE -100 MAXVALUE -1 CYCLE NO CACHE",
        SqlServerModules.createSequence("dbo", "s", "int", "-5", "-1", "-100", "-1", true,
            false, null, null));
  }

  @Test
  void aSequenceWhoseValueIsNotANumberIsRefused() {
    StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class, () ->
        SqlServerModules.createSequence("dbo", "s", "int", "1; DROP TABLE x", "1", "1", "9",
            false, false, null, null));
    assertEquals("The sequence dbo.s has the value 1; DROP TABLE x where a whole number"
        + " belongs; it was not restored.", e.getMessage());
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
