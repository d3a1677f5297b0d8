package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.jdbc.StatementChecker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a SQL Server backup set's statements: a table's definition (JSON, {@link
 * SqlServerDefinitions}) is read strictly and written as T-SQL by {@link SqlServerSchemaWriter},
 * every part checked; a view, function, procedure or trigger must be one CREATE of its entry's
 * kind and name ({@link SqlServerStatementCheck#checkModule}). SQL Server has no events.
 */
public final class SqlServerStatements implements StatementChecker {
  private final SqlServerSchemaWriter writer = new SqlServerSchemaWriter();
  private final SqlServerStatementCheck check = new SqlServerStatementCheck();

  @Override
  public CheckedStatement checkTable(
      String entry, String where, String createStatement, String database, String table,
      String sqlMode, StatementCheck.Target target) {
    SqlServerTableDefinition definition =
        SqlServerDefinitions.read(entry, where, createStatement, SqlServerTableDefinition.class);
    String claimed = definition.schema() + "." + definition.name();
    String expected = SqlServerSyntax.schemaOf(table) + "." + SqlServerSyntax.nameOf(table);
    if (!claimed.equals(expected)) {
      throw new StatementCheck.Refused("The " + entry + " in " + where + " defines the table "
          + claimed + ", not " + expected + "; it was not restored.");
    }
    List<String> batch = new ArrayList<>();
    batch.add(writer.createSchema(database, definition.schema()));
    batch.add(writer.createTable(database, definition));
    for (SqlServerTableDefinition.Index index : definition.indexes()) {
      batch.add(writer.createIndex(database, definition, index));
    }
    for (SqlServerTableDefinition.ForeignKey fk : definition.foreignKeys()) {
      batch.add(writer.addForeignKey(database, definition, fk));
    }
    return CheckedStatement.of(String.join(";\n", batch), null, null, null);
  }

  /**
   * A deferred index or foreign key: read strictly and kept as its checked JSON, written as
   * T-SQL for its table by {@link SqlServerStructure#addIndexes}.
   */
  @Override
  public CheckedStatement checkIndex(
      String entry, String where, String definition, String sqlMode,
      StatementCheck.Target target) {
    SqlServerDefinitions.Deferred deferred =
        SqlServerDefinitions.read(entry, where, definition, SqlServerDefinitions.Deferred.class);
    if ((deferred.index() == null) == (deferred.foreignKey() == null)) {
      throw new StatementCheck.Refused("The " + entry + " in " + where + " defers something"
          + " that is not one index or one foreign key; it was not restored.");
    }
    // Written once here, so every name and expression is checked before the restore starts.
    SqlServerTableDefinition stub = new SqlServerTableDefinition(
        "dbo", "checked", List.of(), null, List.of(), List.of(), List.of(), List.of());
    if (deferred.index() != null) {
      writer.createIndex("checked", stub, deferred.index());
    } else {
      writer.addForeignKey("checked", stub, deferred.foreignKey());
    }
    return CheckedStatement.of(SqlServerDefinitions.toJson(deferred), null, null, null);
  }

  @Override
  public CheckedStatement checkSchemaObject(
      StatementCheck.Kind kind, String entry, String where, Manifest.SchemaObject object,
      String database, String sqlModeDefault, StatementCheck.Target target) {
    if (kind == StatementCheck.Kind.EVENT) {
      throw new StatementCheck.Refused("The " + entry + " in " + where + " is an event, which"
          + " SQL Server does not have; it was not restored.");
    }
    String settings = object.sqlMode() == null ? SqlServerModules.settings(true, true)
        : object.sqlMode();
    if (!settings.matches("ANSI_NULLS (ON|OFF), QUOTED_IDENTIFIER (ON|OFF)")) {
      throw new StatementCheck.Refused("The " + entry + " in " + where + " has the settings "
          + settings + ", which are not a module's; it was not restored.");
    }
    String definition = check.checkModule(kind, entry + " in " + where,
        SqlServerSyntax.schemaOf(object.name()), SqlServerSyntax.nameOf(object.name()),
        object.table(), object.createStatement());
    return CheckedStatement.of(definition, settings, null, null);
  }

  /**
   * Nothing is read from a definition's text: a SQL Server set records each module's
   * references as the server knows them ({@link #referencesOf(String, StatementCheck.Kind,
   * Manifest.SchemaObject)}).
   */
  @Override
  public Set<Reference> referencesOf(String database, String createStatement) {
    return Set.of();
  }

  /**
   * The objects of its own database a module names, as sys.sql_expression_dependencies
   * recorded them at the backup ("schema.name"), whatever its kind.
   */
  @Override
  public Set<Reference> referencesOf(
      String database, StatementCheck.Kind kind, Manifest.SchemaObject object) {
    Set<Reference> references = new LinkedHashSet<>();
    if (object.references() != null) {
      object.references().forEach(name -> references.add(new Reference(database, name, false)));
    }
    return references;
  }

  @Override
  public Set<Reference> foreignKeyReferences(String database, String createTable) {
    Set<Reference> references = new LinkedHashSet<>();
    SqlServerTableDefinition definition = SqlServerDefinitions.read(
        "table", "the backup set", createTable, SqlServerTableDefinition.class);
    for (SqlServerTableDefinition.ForeignKey fk : definition.foreignKeys()) {
      references.add(new Reference(database, fk.referencedTable(), false));
    }
    return references;
  }

  /** The table without its secondary indexes and foreign keys, which follow the rows. */
  @Override
  public DeferredIndexes deferSecondaryIndexes(String createStatement) {
    SqlServerTableDefinition d = SqlServerDefinitions.read(
        "table", "the backup set", createStatement, SqlServerTableDefinition.class);
    List<String> deferred = new ArrayList<>();
    d.indexes().forEach(i -> deferred.add(
        SqlServerDefinitions.toJson(new SqlServerDefinitions.Deferred(i, null))));
    d.foreignKeys().forEach(fk -> deferred.add(
        SqlServerDefinitions.toJson(new SqlServerDefinitions.Deferred(null, fk))));
    SqlServerTableDefinition bare = new SqlServerTableDefinition(d.schema(), d.name(),
        d.columns(), d.primaryKey(), d.uniqueKeys(), d.checks(), List.of(), List.of());
    return new DeferredIndexes(SqlServerDefinitions.toJson(bare), deferred);
  }

  /**
   * The table without its foreign keys, which are added WITH CHECK once every table exists: a
   * foreign key to a table not yet created is refused, and tables are created two at a time.
   */
  /** A sequence of the set, its every part checked as its T-SQL is written. */
  @Override
  public CheckedStatement checkSequence(
      String entry, String where, Manifest.Sequence sequence, String database) {
    try {
      return CheckedStatement.of(writer.createSequence(database, sequence), null, null, null);
    } catch (StatementCheck.Refused e) {
      throw e;
    } catch (dev.dbrestore.io.UserError e) {
      throw new StatementCheck.Refused("The " + entry + " in " + where + " has a name SQL Server"
          + " cannot hold (" + e.getMessage() + "); it was not restored.");
    }
  }

  @Override
  public DeferredIndexes deferForeignKeys(String createStatement) {
    SqlServerTableDefinition d = SqlServerDefinitions.read(
        "table", "the backup set", createStatement, SqlServerTableDefinition.class);
    if (d.foreignKeys().isEmpty()) {
      return new DeferredIndexes(createStatement, List.of());
    }
    List<String> deferred = new ArrayList<>();
    d.foreignKeys().forEach(fk -> deferred.add(
        SqlServerDefinitions.toJson(new SqlServerDefinitions.Deferred(null, fk))));
    SqlServerTableDefinition bare = new SqlServerTableDefinition(d.schema(), d.name(),
        d.columns(), d.primaryKey(), d.uniqueKeys(), d.checks(), List.of(), d.indexes());
    return new DeferredIndexes(SqlServerDefinitions.toJson(bare), deferred);
  }

  @Override
  public String renameInCreateTable(String createStatement, String sourceTable, String targetTable) {
    SqlServerTableDefinition d = SqlServerDefinitions.read(
        "table " + sourceTable, "the backup set", createStatement, SqlServerTableDefinition.class);
    return SqlServerDefinitions.toJson(new SqlServerTableDefinition(
        SqlServerSyntax.schemaOf(targetTable), SqlServerSyntax.nameOf(targetTable), d.columns(),
        d.primaryKey(), d.uniqueKeys(), d.checks(), d.foreignKeys(), d.indexes()));
  }

  /**
   * Each foreign key's referenced table under the name {@code renamed} gives it. A SQL Server
   * key references a table of its own database, so only the table's "schema.table" changes.
   */
  @Override
  public String renameReferences(
      String statement, String database, String targetDatabase,
      java.util.function.Function<Reference, Reference> renamed) {
    SqlServerTableDefinition d = SqlServerDefinitions.read(
        "table", "the backup set", statement, SqlServerTableDefinition.class);
    List<SqlServerTableDefinition.ForeignKey> keys = new ArrayList<>();
    boolean changed = false;
    for (SqlServerTableDefinition.ForeignKey fk : d.foreignKeys()) {
      Reference to = renamed.apply(new Reference(database, fk.referencedTable(), false));
      if (to == null || to.name().equals(fk.referencedTable())) {
        keys.add(fk);
        continue;
      }
      changed = true;
      keys.add(new SqlServerTableDefinition.ForeignKey(fk.name(), fk.columns(), to.name(),
          fk.referencedColumns(), fk.onDelete(), fk.onUpdate()));
    }
    if (!changed) {
      return statement;
    }
    return SqlServerDefinitions.toJson(new SqlServerTableDefinition(d.schema(), d.name(),
        d.columns(), d.primaryKey(), d.uniqueKeys(), d.checks(), keys, d.indexes()));
  }

  /** SQL Server has no events. */
  @Override
  public boolean eventEnabled(String createEvent) {
    return false;
  }

  @Override
  public String eventDisabled(String createEvent) {
    return createEvent;
  }
}
