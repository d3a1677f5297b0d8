package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The T-SQL a SQL Server restore creates structure with: the schema, the table (columns, identity,
 * computed and rowversion columns, defaults, primary and unique keys, checks), and after the load
 * its secondary indexes and foreign keys, WITH CHECK so the server trusts them; and a sequence,
 * going on where the source's would.
 */
public final class SqlServerSchemaWriter {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  private static final Set<String> FOREIGN_KEY_ACTIONS =
      Set.of("NO ACTION", "CASCADE", "SET NULL", "SET DEFAULT");

  private final SqlServerStatementCheck check = new SqlServerStatementCheck();

  /**
   * Creates a schema if it is missing, in the given database. CREATE SCHEMA must be alone in its
   * batch, hence the nested dynamic SQL, each level's quotes doubled.
   */
  public String createSchema(String database, String schema) {
    String inner = "IF SCHEMA_ID(" + literal(schema) + ") IS NULL EXEC("
        + literal("CREATE SCHEMA " + SQL.quote(schema)) + ")";
    return "EXEC " + SQL.quote(database) + ".sys.sp_executesql " + literal(inner);
  }

  /** {@code CREATE TABLE} with its columns, primary and unique keys and checks. */
  public String createTable(String database, SqlServerTableDefinition table) {
    String where = "table " + table.schema() + "." + table.name();
    List<String> lines = new ArrayList<>();
    for (SqlServerTableDefinition.Column column : table.columns()) {
      lines.add(columnDefinition(where, column));
    }
    if (table.primaryKey() != null) {
      lines.add(keyDefinition("PRIMARY KEY", table.primaryKey()));
    }
    for (SqlServerTableDefinition.Key unique : table.uniqueKeys()) {
      lines.add(keyDefinition("UNIQUE", unique));
    }
    for (SqlServerTableDefinition.Check c : table.checks()) {
      lines.add("CONSTRAINT " + SQL.quote(c.name()) + " CHECK "
          + check.checkExpression(where + ", check " + c.name(), c.expression()));
    }
    return "CREATE TABLE " + SQL.quote(database) + "." + SQL.quote(table.schema()) + "."
        + SQL.quote(table.name()) + " (\n    " + String.join(",\n    ", lines) + "\n)";
  }

  private String columnDefinition(String where, SqlServerTableDefinition.Column column) {
    String name = SQL.quote(column.name());
    if (column.computedExpression() != null) {
      return name + " AS " + check.checkExpression(where + ", column " + column.name(),
          column.computedExpression()) + (column.persisted() ? " PERSISTED" : "");
    }
    StringBuilder line = new StringBuilder(name).append(' ')
        .append(check.checkType(where + ", column " + column.name(), column.type()));
    if (column.collation() != null) {
      line.append(" COLLATE ").append(check.checkCollation(where, column.collation()));
    }
    if (column.identity() != null) {
      line.append(" IDENTITY(").append(column.identity().seed()).append(',')
          .append(column.identity().increment()).append(')');
    }
    line.append(column.nullable() ? " NULL" : " NOT NULL");
    if (column.defaultExpression() != null) {
      if (column.defaultName() != null) {
        line.append(" CONSTRAINT ").append(SQL.quote(column.defaultName()));
      }
      line.append(" DEFAULT ").append(check.checkExpression(
          where + ", default of " + column.name(), column.defaultExpression()));
    }
    return line.toString();
  }

  private static String keyDefinition(String kind, SqlServerTableDefinition.Key key) {
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < key.columns().size(); i++) {
      boolean desc = i < key.descending().size() && key.descending().get(i);
      columns.add(SQL.quote(key.columns().get(i)) + (desc ? " DESC" : ""));
    }
    return "CONSTRAINT " + SQL.quote(key.name()) + " " + kind
        + (key.clustered() ? " CLUSTERED" : " NONCLUSTERED")
        + " (" + String.join(", ", columns) + ")";
  }

  /** A secondary index, created after the load. */
  public String createIndex(
      String database, SqlServerTableDefinition table, SqlServerTableDefinition.Index index) {
    String statement = "CREATE " + (index.unique() ? "UNIQUE " : "") + "NONCLUSTERED INDEX "
        + SQL.quote(index.name()) + " ON " + tableName(database, table) + " ("
        + quoteAll(index.columns()) + ")";
    if (!index.included().isEmpty()) {
      statement += " INCLUDE (" + quoteAll(index.included()) + ")";
    }
    return statement;
  }

  /** A foreign key, added after the load WITH CHECK: the server checks every row and trusts it. */
  public String addForeignKey(
      String database, SqlServerTableDefinition table, SqlServerTableDefinition.ForeignKey fk) {
    return "ALTER TABLE " + tableName(database, table) + " WITH CHECK ADD CONSTRAINT "
        + SQL.quote(fk.name()) + " FOREIGN KEY (" + quoteAll(fk.columns()) + ") REFERENCES "
        + SQL.qualified(database, fk.referencedTable()) + " ("
        + quoteAll(fk.referencedColumns()) + ")"
        + " ON DELETE " + action(fk, fk.onDelete()) + " ON UPDATE " + action(fk, fk.onUpdate());
  }

  private static String action(SqlServerTableDefinition.ForeignKey fk, String action) {
    String spelled = action == null ? "NO ACTION" : action.replace('_', ' ').strip();
    if (!FOREIGN_KEY_ACTIONS.contains(spelled)) {
      throw new UserError("The foreign key " + fk.name() + " has the action " + action
          + ", which is none of " + FOREIGN_KEY_ACTIONS.stream().sorted().toList() + ".");
    }
    return spelled;
  }

  private static final java.util.regex.Pattern SEQUENCE_TYPE =
      java.util.regex.Pattern.compile("tinyint|smallint|int|bigint|(decimal|numeric)\\(\\d{1,2},0\\)");

  /**
   * A sequence, in its database: its schema if missing, then, only if there is no sequence of
   * its name, in one transaction CREATE SEQUENCE as the source defined it (its own START WITH)
   * and RESTART WITH the value after the last one the source gave out, so the next value is the
   * one the source's would have been. An existing sequence is kept as it is. Every number is
   * checked to be one, in the sequence's bounds.
   */
  public String createSequence(String database, dev.dbrestore.io.format.Manifest.Sequence q) {
    String where = "sequence " + q.name();
    String schema = SqlServerSyntax.schemaOf(q.name());
    String name = SQL.quote(schema) + "." + SQL.quote(SqlServerSyntax.nameOf(q.name()));
    String type = check.checkType(where, q.type());
    if (!SEQUENCE_TYPE.matcher(type).matches()) {
      throw new dev.dbrestore.io.jdbc.StatementCheck.Refused("The " + where + " has the type "
          + q.type() + ", which is no sequence's type; it was not restored.");
    }
    java.math.BigDecimal start = number(where, q.startValue());
    java.math.BigDecimal increment = number(where, q.increment());
    java.math.BigDecimal min = number(where, q.minimumValue());
    java.math.BigDecimal max = number(where, q.maximumValue());
    java.math.BigDecimal last = q.lastUsedValue() == null ? null : number(where, q.lastUsedValue());
    if (increment.signum() == 0 || min.compareTo(max) >= 0 || outside(start, min, max)
        || (last != null && outside(last, min, max))
        || (q.cacheSize() != null && q.cacheSize() < 1)) {
      throw new dev.dbrestore.io.jdbc.StatementCheck.Refused("The " + where + " has bounds,"
          + " step or values that no sequence has; it was not restored.");
    }
    List<String> body = new ArrayList<>();
    body.add("CREATE SEQUENCE " + name + " AS " + type + " START WITH " + start.toPlainString()
        + " INCREMENT BY " + increment.toPlainString() + " MINVALUE " + min.toPlainString()
        + " MAXVALUE " + max.toPlainString() + (q.cycling() ? " CYCLE" : " NO CYCLE")
        + (!q.cached() ? " NO CACHE" : q.cacheSize() == null ? " CACHE" : " CACHE " + q.cacheSize()));
    if (last != null) {
      java.math.BigDecimal next = last.add(increment);
      if (!outside(next, min, max)) {
        body.add("ALTER SEQUENCE " + name + " RESTART WITH " + next.toPlainString());
      } else if (q.cycling()) {
        body.add("ALTER SEQUENCE " + name + " RESTART WITH "
            + (increment.signum() > 0 ? min : max).toPlainString());
      } else {
        // Used up at the source: its last value is taken once more here, so the next fails too.
        body.add("ALTER SEQUENCE " + name + " RESTART WITH " + last.toPlainString());
        body.add("DECLARE @spent sql_variant = NEXT VALUE FOR " + name);
      }
    }
    String inner = "IF OBJECT_ID(" + literal(name) + ", N'SO') IS NULL BEGIN BEGIN TRANSACTION; "
        + String.join("; ", body) + "; COMMIT; END";
    return createSchema(database, schema) + ";\n"
        + "EXEC " + SQL.quote(database) + ".sys.sp_executesql " + literal(inner);
  }

  private static boolean outside(
      java.math.BigDecimal value, java.math.BigDecimal min, java.math.BigDecimal max) {
    return value.compareTo(min) < 0 || value.compareTo(max) > 0;
  }

  private static java.math.BigDecimal number(String where, String value) {
    if (value == null || !value.strip().matches("-?[0-9]{1,38}")) {
      throw new dev.dbrestore.io.jdbc.StatementCheck.Refused("The " + where + " has the value "
          + value + " where a whole number belongs; it was not restored.");
    }
    return new java.math.BigDecimal(value.strip());
  }

  static String tableName(String database, SqlServerTableDefinition table) {
    return SQL.quote(database) + "." + SQL.quote(table.schema()) + "." + SQL.quote(table.name());
  }

  private static String quoteAll(List<String> names) {
    return names.stream().map(SQL::quote).collect(Collectors.joining(", "));
  }

  /** A Unicode string literal, quotes doubled. */
  static String literal(String text) {
    return "N'" + text.replace("'", "''") + "'";
  }
}
