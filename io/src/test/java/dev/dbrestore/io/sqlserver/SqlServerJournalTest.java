package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The T-SQL of the restore journal, in a schema of its own. */
class SqlServerJournalTest {
  @Test
  void theJournalIsASchemaOfItsOwnWithTwoTablesCreatedOnlyWhenMissing() {
    assertEquals(List.of(
        "IF SCHEMA_ID(N'dbrestore_journal') IS NULL"
            + " EXEC(N'CREATE SCHEMA [dbrestore_journal]')",
        "IF OBJECT_ID(N'[dbrestore_journal].[chunks_done]', N'U') IS NULL CREATE TABLE"
            + " [dbrestore_journal].[chunks_done] (task_id nvarchar(64) NOT NULL,"
            + " chunk_file nvarchar(255) NOT NULL, target_table nvarchar(400) NOT NULL,"
            + " row_count bigint NOT NULL, done_at datetime2(6) NOT NULL DEFAULT SYSUTCDATETIME(),"
            + " PRIMARY KEY CLUSTERED (task_id, chunk_file))",
        "IF OBJECT_ID(N'[dbrestore_journal].[objects_done]', N'U') IS NULL CREATE TABLE"
            + " [dbrestore_journal].[objects_done] (task_id nvarchar(64) NOT NULL,"
            + " object nvarchar(400) NOT NULL, done_at datetime2(6) NOT NULL DEFAULT"
            + " SYSUTCDATETIME(), PRIMARY KEY NONCLUSTERED (task_id, object))"),
        SqlServerJournal.createStatements("dbrestore_journal"));
  }

  @Test
  void aHostileJournalNameIsQuotedAtEveryLevelOfItsDynamicSql() {
    List<String> statements = SqlServerJournal.createStatements("j'];DROP TABLE x--");
    assertEquals("IF SCHEMA_ID(N'j''];DROP TABLE x--') IS NULL"
        + " EXEC(N'CREATE SCHEMA [j'']];DROP TABLE x--]')", statements.get(0));
    assertEquals("IF OBJECT_ID(N'[j'']];DROP TABLE x--].[chunks_done]', N'U') IS NULL",
        statements.get(1).substring(0, statements.get(1).indexOf(" CREATE TABLE")));
  }

  @Test
  void anObjectIsRecordedOnceUnderARangeLock() {
    assertEquals("INSERT INTO [dbrestore_journal].[objects_done] (task_id, object) SELECT ?, ?"
        + " WHERE NOT EXISTS (SELECT 1 FROM [dbrestore_journal].[objects_done]"
        + " WITH (UPDLOCK, HOLDLOCK) WHERE task_id = ? AND object = ?)",
        SqlServerJournal.markObjectStatement("dbrestore_journal"));
  }

  @Test
  void whatElseASchemaHoldsIsListedWithItsTriggersButNotItsTablesConstraints() {
    assertEquals("SELECT o.name, o.type, o.type_desc FROM sys.objects o WHERE o.schema_id ="
        + " SCHEMA_ID(?) AND (o.parent_object_id = 0 OR o.type = 'TR') ORDER BY o.name",
        SqlServerJournal.SCHEMA_OBJECTS);
  }
}
