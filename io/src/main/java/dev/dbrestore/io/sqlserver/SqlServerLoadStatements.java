package dev.dbrestore.io.sqlserver;

import java.util.List;

/**
 * What a SQL Server restore runs around a table's load: identity values written as stored
 * (SET IDENTITY_INSERT, one table per session at a time), constraints not checked and triggers
 * not fired during the load, then constraints checked against every row (so the server trusts
 * them) and triggers enabled again; and the bulk copy settings.
 */
public final class SqlServerLoadStatements {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  /**
   * SQLServerBulkCopyOptions for a load: identity values and NULLs kept as stored (not replaced
   * by new identities or defaults), a table lock only for a table the restore created, and no
   * timeout (a large chunk may take longer than any fixed limit).
   */
  public record BulkCopySettings(
      boolean keepIdentity, boolean keepNulls, boolean tableLock, int timeoutSeconds,
      boolean checkConstraints, boolean fireTriggers) {}

  /** The bulk copy settings for a table, depending on whether this restore created it. */
  public static BulkCopySettings bulkCopySettings(boolean newTable) {
    return new BulkCopySettings(true, true, newTable, 0, false, false);
  }

  /**
   * Statements before a table's rows are written. Triggers go through ALTER TABLE, documented
   * to take a name with its database (DISABLE TRIGGER ... ON documents only an object name).
   */
  public List<String> beforeLoad(String database, String table, boolean hasIdentity) {
    String name = SQL.qualified(database, table);
    List<String> statements = new java.util.ArrayList<>(List.of(
        "ALTER TABLE " + name + " NOCHECK CONSTRAINT ALL",
        "ALTER TABLE " + name + " DISABLE TRIGGER ALL"));
    if (hasIdentity) {
      statements.add("SET IDENTITY_INSERT " + name + " ON");
    }
    return statements;
  }

  /**
   * Statements after a table's rows are written: WITH CHECK CHECK re-validates every row, so
   * the constraints are trusted again (is_not_trusted = 0), which the optimizer relies on.
   */
  public List<String> afterLoad(String database, String table, boolean hasIdentity) {
    String name = SQL.qualified(database, table);
    List<String> statements = new java.util.ArrayList<>();
    if (hasIdentity) {
      statements.add("SET IDENTITY_INSERT " + name + " OFF");
    }
    statements.add("ALTER TABLE " + name + " WITH CHECK CHECK CONSTRAINT ALL");
    statements.add("ALTER TABLE " + name + " ENABLE TRIGGER ALL");
    return statements;
  }
}
