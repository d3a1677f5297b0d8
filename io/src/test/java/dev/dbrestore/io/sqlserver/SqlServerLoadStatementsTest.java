package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlServerLoadStatementsTest {
  private static final SqlServerLoadStatements LOAD = new SqlServerLoadStatements();

  @Test
  void beforeTheLoadConstraintsAreNotCheckedTriggersDisabledAndIdentityValuesTakenAsStored() {
    assertEquals(
        List.of(
            "ALTER TABLE [d].[s]]x].[t] NOCHECK CONSTRAINT ALL",
            "ALTER TABLE [d].[s]]x].[t] DISABLE TRIGGER ALL",
            "SET IDENTITY_INSERT [d].[s]]x].[t] ON"),
        LOAD.beforeLoad("d", "s]x.t", true));
  }

  @Test
  void afterTheLoadIdentityInsertEndsConstraintsAreCheckedSoTrustedAndTriggersEnabled() {
    assertEquals(
        List.of(
            "SET IDENTITY_INSERT [d].[dbo].[t] OFF",
            "ALTER TABLE [d].[dbo].[t] WITH CHECK CHECK CONSTRAINT ALL",
            "ALTER TABLE [d].[dbo].[t] ENABLE TRIGGER ALL"),
        LOAD.afterLoad("d", "t", true));
  }

  @Test
  void aTableWithoutIdentityNeedsNoIdentityInsert() {
    assertEquals(2, LOAD.beforeLoad("d", "t", false).size());
    assertEquals(2, LOAD.afterLoad("d", "t", false).size());
  }

  @Test
  void bulkCopyKeepsIdentityAndNulls_locksOnlyANewTable_andHasNoTimeout() {
    assertEquals(new SqlServerLoadStatements.BulkCopySettings(true, true, true, 0, false, false),
        SqlServerLoadStatements.bulkCopySettings(true));
    assertEquals(new SqlServerLoadStatements.BulkCopySettings(true, true, false, 0, false, false),
        SqlServerLoadStatements.bulkCopySettings(false));
  }
}
