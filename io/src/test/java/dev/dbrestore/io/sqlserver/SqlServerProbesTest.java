package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The T-SQL the pre-check asks a SQL Server target with. */
class SqlServerProbesTest {
  private static final SqlServerProbes PROBES = new SqlServerProbes();

  @Test
  void permissionsAreReadInTheDatabasesOwnContext() {
    assertEquals("EXEC [shop].sys.sp_executesql N'SELECT permission_name FROM"
        + " sys.fn_my_permissions(NULL, N''DATABASE'')'", SqlServerProbes.permissionsQuery("shop"));
    assertEquals("EXEC [a]]b].sys.sp_executesql N'SELECT permission_name FROM"
        + " sys.fn_my_permissions(NULL, N''DATABASE'')'", SqlServerProbes.permissionsQuery("a]b"));
  }

  @Test
  void aTablesColumnsAreReadByItsThreePartName() {
    assertEquals("SELECT c.name, ty.name, c.max_length, c.precision, c.scale, c.collation_name"
        + " FROM [shop].sys.columns c JOIN [shop].sys.types ty ON ty.user_type_id ="
        + " c.user_type_id WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id",
        SqlServerProbes.columnsQuery("shop"));
  }

  @Test
  void theVersionAndReadOnlyStateComeFromServerAndDatabaseProperties() {
    assertEquals("SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)),"
        + " CAST(@@SERVERNAME AS nvarchar(128)), CAST(SERVERPROPERTY('Collation') AS"
        + " nvarchar(128))", SqlServerBackupCatalog.SERVER_QUERY);
    assertEquals("SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS nvarchar(20))",
        SqlServerProbes.READ_ONLY);
  }

  @Test
  void whatSqlServerDoesNotHaveIsSaidPlainly() {
    assertTrue(PROBES.engines(null).isEmpty());
    assertTrue(PROBES.characterSets(null).isEmpty());
    assertFalse(PROBES.eventSchedulerRunning(null));
    assertEquals(Integer.MAX_VALUE, PROBES.maxAllowedPacket(null));
  }
}
