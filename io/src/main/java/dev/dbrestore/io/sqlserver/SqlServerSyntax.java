package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.SqlSyntax;
import java.util.List;

/**
 * SQL Server names: {@code [...]} quoting with {@code ]} doubled, names over 128 characters
 * refused, three-part names (database, schema, table) and the server's own databases.
 *
 * <p>A SQL Server table's name in a backup set is "schema.table": the part before the first dot
 * is the schema (so a schema whose name holds a dot is refused at backup); a name without a dot
 * is in {@code dbo}.
 */
public final class SqlServerSyntax implements SqlSyntax {
  /** The longest name SQL Server allows (sysname is nvarchar(128)). */
  public static final int MAX_NAME_LENGTH = 128;

  /** The schema a name without one is in. */
  public static final String DEFAULT_SCHEMA = "dbo";

  public static final SqlServerSyntax INSTANCE = new SqlServerSyntax();

  private SqlServerSyntax() {}

  /** {@code [name]} with every {@code ]} doubled; refuses an empty name or one over 128. */
  @Override
  public String quote(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new UserError("An empty name cannot be a SQL Server name.");
    }
    // sysname counts UTF-16 code units, as String.length() does.
    if (identifier.length() > MAX_NAME_LENGTH) {
      throw new UserError(
          "The name " + identifier.substring(0, 20) + "... has " + identifier.length()
              + " characters; SQL Server allows at most " + MAX_NAME_LENGTH + ".");
    }
    return "[" + identifier.replace("]", "]]") + "]";
  }

  /** {@code [database].[schema].[table]} for a backup set's "schema.table" name. */
  @Override
  public String qualified(String database, String table) {
    return quote(database) + "." + schemaQualified(table);
  }

  /** {@code [schema].[table]} for a backup set's "schema.table" name. */
  public String schemaQualified(String table) {
    return quote(schemaOf(table)) + "." + quote(nameOf(table));
  }

  /** The schema of a backup set's table name ("dbo" when it names none). */
  public static String schemaOf(String table) {
    int dot = table.indexOf('.');
    return dot < 0 ? DEFAULT_SCHEMA : table.substring(0, dot);
  }

  /** The table's own name, without its schema. */
  public static String nameOf(String table) {
    int dot = table.indexOf('.');
    return dot < 0 ? table : table.substring(dot + 1);
  }

  /** The backup set's name of a table in a schema; refuses a schema whose name holds a dot. */
  public static String tableName(String schema, String table) {
    if (schema.indexOf('.') >= 0) {
      throw new UserError(
          "The SQL Server schema " + schema + " has a dot in its name, which this version"
              + " cannot back up.");
    }
    return schema + "." + table;
  }

  private static final List<String> SYSTEM_DATABASES =
      List.of("master", "model", "msdb", "tempdb", "mssqlsystemresource");

  @Override
  public List<String> systemSchemas() {
    return SYSTEM_DATABASES;
  }
}
