package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlServerRowWriterTest {
  private static final SqlServerRowWriter WRITER = new SqlServerRowWriter();

  private static final List<Manifest.Column> COLUMNS = List.of(
      new Manifest.Column("id", "int", false, false, null, ColumnEncoding.LONG),
      new Manifest.Column("na]me", "nvarchar(50)", true, false, null, ColumnEncoding.TEXT),
      new Manifest.Column("at", "datetime2(7)", true, false, null, ColumnEncoding.SERVER_TEXT));

  @Test
  void stopIsAPlainInsertWithEachTypesConversion() {
    assertEquals(
        "INSERT INTO [d].[s].[t] ([id], [na]]me], [at]) VALUES (?, ?, CONVERT(datetime2(7), ?, 121))",
        WRITER.insertStatement("d", "s.t", COLUMNS, List.of("id"), DataConflictPolicy.STOP));
  }

  @Test
  void ignoreIsAMergeThatOnlyInsertsRowsWhoseKeyIsMissing() {
    assertEquals(
        "MERGE INTO [d].[s].[t] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CONVERT(datetime2(7), ?,"
            + " 121))) AS s ([id], [na]]me], [at]) ON t.[id] = s.[id] WHEN NOT MATCHED THEN INSERT"
            + " ([id], [na]]me], [at]) VALUES (s.[id], s.[na]]me], s.[at]);",
        WRITER.insertStatement("d", "s.t", COLUMNS, List.of("id"), DataConflictPolicy.IGNORE));
  }

  @Test
  void overwriteIsAMergeThatRewritesEveryNonKeyColumnOfAnExistingRow() {
    assertEquals(
        "MERGE INTO [d].[s].[t] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CONVERT(datetime2(7), ?,"
            + " 121))) AS s ([id], [na]]me], [at]) ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET"
            + " t.[na]]me] = s.[na]]me], t.[at] = s.[at] WHEN NOT MATCHED THEN INSERT ([id],"
            + " [na]]me], [at]) VALUES (s.[id], s.[na]]me], s.[at]);",
        WRITER.insertStatement("d", "s.t", COLUMNS, List.of("id"), DataConflictPolicy.OVERWRITE));
  }

  @Test
  void aCompositeKeyIsMatchedOnEveryColumn_andATableOfOnlyKeyColumnsHasNoUpdate() {
    List<Manifest.Column> keyOnly = COLUMNS.subList(0, 2);
    assertEquals(
        "MERGE INTO [d].[dbo].[t] WITH (HOLDLOCK) AS t USING (VALUES (?, ?)) AS s ([id], [na]]me])"
            + " ON t.[id] = s.[id] AND t.[na]]me] = s.[na]]me] WHEN NOT MATCHED THEN INSERT ([id],"
            + " [na]]me]) VALUES (s.[id], s.[na]]me]);",
        WRITER.insertStatement("d", "t", keyOnly, List.of("id", "na]me"),
            DataConflictPolicy.OVERWRITE));
  }

  @Test
  void aTableWithoutAKeyHasNoDuplicates_everyPolicyInserts() {
    assertEquals(
        "INSERT INTO [d].[dbo].[t] ([id], [na]]me], [at]) VALUES (?, ?, CONVERT(datetime2(7), ?, 121))",
        WRITER.insertStatement("d", "t", COLUMNS, List.of(), DataConflictPolicy.IGNORE));
  }

  @Test
  void withoutTheKeyOnlyStopHasAStatement() {
    assertEquals(
        WRITER.insertStatement("d", "t", COLUMNS, List.of("id"), DataConflictPolicy.STOP),
        WRITER.insertStatement("d", "t", COLUMNS, DataConflictPolicy.STOP));
    assertThrows(UnsupportedOperationException.class,
        () -> WRITER.insertStatement("d", "t", COLUMNS, DataConflictPolicy.OVERWRITE));
  }

  @Test
  void theRestoreSessionReadsDatesYearMonthDayAndAbortsOnAnyError() {
    assertEquals("SET XACT_ABORT ON", SqlServerRowWriter.SESSION_SETTINGS.get(0));
    assertEquals("SET DATEFORMAT ymd",
        SqlServerRowWriter.SESSION_SETTINGS.get(SqlServerRowWriter.SESSION_SETTINGS.size() - 1));
  }

  @Test
  void identityValuesAreInsertedAsStored_withIdentityInsertOnlyWhereTheTableHasAnIdentity() {
    SqlServerRowWriter writer = new SqlServerRowWriter();
    assertEquals(java.util.List.of("IF OBJECTPROPERTY(OBJECT_ID(N'[shop].[sales].[order'']]s]'),"
        + " 'TableHasIdentity') = 1 SET IDENTITY_INSERT [shop].[sales].[order']]s] ON"),
        writer.beforeInsert("shop", "sales.order']s"));
    assertEquals(java.util.List.of("IF OBJECTPROPERTY(OBJECT_ID(N'[shop].[dbo].[t]'),"
        + " 'TableHasIdentity') = 1 SET IDENTITY_INSERT [shop].[dbo].[t] OFF"),
        writer.afterInsert("shop", "dbo.t"));
  }

  @Test
  void beforeATablesChunksItsConstraintsAreNotCheckedAndItsTriggersDisabled() {
    assertEquals(
        List.of(
            "ALTER TABLE [d].[s]]x].[t] NOCHECK CONSTRAINT ALL",
            "ALTER TABLE [d].[s]]x].[t] DISABLE TRIGGER ALL"),
        SqlServerRowWriter.beforeTableLoadStatements("d", "s]x.t"));
  }

  @Test
  void afterATablesChunksEveryRowIsCheckedSoItsConstraintsAreTrusted_andTriggersEnabled() {
    assertEquals(
        List.of(
            "ALTER TABLE [d].[dbo].[t] WITH CHECK CHECK CONSTRAINT ALL",
            "ALTER TABLE [d].[dbo].[t] ENABLE TRIGGER ALL"),
        SqlServerRowWriter.afterTableLoadStatements("d", "t"));
  }

  @Test
  void aSqlServerTargetHasTableLoadStatementsAndAMySqlTargetNone() {
    assertEquals(true, SqlServerDialect.INSTANCE.hasTableLoadStatements());
    assertEquals(
        false, dev.dbrestore.io.jdbc.Dialect.forUrl("jdbc:mysql://h/").hasTableLoadStatements());
  }
}
