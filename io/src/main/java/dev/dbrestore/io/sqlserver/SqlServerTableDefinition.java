package dev.dbrestore.io.sqlserver;

import java.util.List;

/**
 * A SQL Server table as its catalog (sys.tables, sys.columns, sys.key_constraints, ...) defines
 * it: what the schema writer turns into T-SQL. Expressions (defaults, computed columns, checks)
 * are the server's own text from sys.*, checked before any is written into a statement.
 */
public record SqlServerTableDefinition(
    String schema,
    String name,
    List<Column> columns,
    Key primaryKey,
    List<Key> uniqueKeys,
    List<Check> checks,
    List<ForeignKey> foreignKeys,
    List<Index> indexes) {

  /**
   * A column: its type as the catalog spells it ("nvarchar(max)", "decimal(38,10)"), identity
   * seed and increment (null when not an identity), computed expression (null when stored),
   * default and its constraint's name, collation (null for non-text types).
   */
  public record Column(
      String name,
      String type,
      boolean nullable,
      Identity identity,
      String computedExpression,
      boolean persisted,
      String defaultName,
      String defaultExpression,
      String collation) {

    /** A plain stored column. */
    public static Column of(String name, String type, boolean nullable) {
      return new Column(name, type, nullable, null, null, false, null, null, null);
    }

    /** Whether the server makes this column's values (rowversion or computed): never written. */
    public boolean serverMade() {
      return computedExpression != null
          || SqlServerValues.SERVER_MADE_TYPES.contains(SqlServerValues.baseType(type));
    }
  }

  /** IDENTITY(seed, increment). */
  public record Identity(long seed, long increment) {}

  /** A primary or unique key: its constraint name, columns (with DESC where so) and clustering. */
  public record Key(String name, List<String> columns, List<Boolean> descending,
      boolean clustered) {}

  /** A CHECK constraint. */
  public record Check(String name, String expression) {}

  /** A foreign key and its actions ("NO ACTION", "CASCADE", "SET NULL", "SET DEFAULT"). */
  public record ForeignKey(
      String name, List<String> columns, String referencedTable, List<String> referencedColumns,
      String onDelete, String onUpdate) {}

  /** A secondary index (not a key's): unique or not, its key and included columns. */
  public record Index(String name, boolean unique, List<String> columns, List<String> included) {}
}
