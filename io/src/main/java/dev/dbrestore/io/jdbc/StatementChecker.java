package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.util.List;
import java.util.Set;

/**
 * Reads backup-set statements in the database's own grammar: checks each against its entry
 * (nothing unchecked runs) and makes the edits a restore needs on the text.
 */
public interface StatementChecker {
  /**
   * Checks a table's CREATE statement, in the form it will run, against its entry; throws
   * {@link StatementCheck.Refused} naming the entry ({@code entry}) and the manifest
   * ({@code where}).
   */
  CheckedStatement checkTable(
      String entry, String where, String createStatement, String database, String table,
      String sqlMode, StatementCheck.Target target);

  /** Checks one index definition of a table's deferred ALTER. */
  CheckedStatement checkIndex(
      String entry, String where, String definition, String sqlMode, StatementCheck.Target target);

  /** Checks a view, routine, trigger or event and removes its DEFINER clauses. */
  CheckedStatement checkSchemaObject(
      StatementCheck.Kind kind, String entry, String where, Manifest.SchemaObject object,
      String database, String sqlModeDefault, StatementCheck.Target target);

  /**
   * An object a statement names: a table or view it reads, or a stored function it calls
   * ({@code call}). {@code database} is the statement's own database where the name is not
   * qualified.
   */
  record Reference(String database, String name, boolean call) {}

  /**
   * The objects a view's CREATE statement, as the server printed it, may name. Only quoted
   * identifiers count and string literals are skipped, so a name may show up that is not an
   * object (a column of an alias spelled like a database, say): callers match these against
   * the objects they know.
   */
  Set<Reference> referencesOf(String database, String createStatement);

  /**
   * The objects a view, function or procedure of {@code database} needs to exist before it is
   * created, for the order they are created in. By default a view's by {@link
   * #referencesOf(String, String)}, and none for a routine (MySQL resolves a routine's body
   * only when it runs).
   */
  default Set<Reference> referencesOf(
      String database, StatementCheck.Kind kind, Manifest.SchemaObject object) {
    return kind == StatementCheck.Kind.VIEW
        ? referencesOf(database, object.createStatement())
        : Set.of();
  }

  /**
   * The tables a CREATE TABLE statement's foreign keys reference, as the server printed it;
   * {@code database} is the table's own where a name is not qualified.
   */
  Set<Reference> foreignKeyReferences(String database, String createTable);

  /**
   * A CREATE TABLE statement split into the table without its secondary indexes and those
   * index definitions, to be added after the data in one ALTER. Tables whose indexes back a
   * foreign key keep them all (the split has no definitions then).
   */
  record DeferredIndexes(String createTable, List<String> indexDefinitions) {}

  /** Splits off the secondary indexes of a CREATE TABLE statement, where that is safe. */
  DeferredIndexes deferSecondaryIndexes(String createStatement);

  /**
   * A CREATE TABLE statement split into the table without its foreign keys and those, for a
   * database where a table cannot be created with a foreign key to a table not yet created:
   * the restore adds them once every table exists. By default nothing is split off (MySQL
   * creates foreign keys unchecked).
   */
  default DeferredIndexes deferForeignKeys(String createStatement) {
    return new DeferredIndexes(createStatement, List.of());
  }

  /**
   * Checks a sequence of the set and writes what creates it in {@code database}; by default
   * refused, for a kind whose sets carry no sequences.
   */
  default CheckedStatement checkSequence(
      String entry, String where, Manifest.Sequence sequence, String database) {
    throw new StatementCheck.Refused("The " + entry + " in " + where + " is a sequence, which"
        + " a backup set of this kind does not carry; it was not restored.");
  }

  /** The CREATE TABLE statement of a table under another name. */
  String renameInCreateTable(String createStatement, String sourceTable, String targetTable);

  /**
   * A table's CREATE statement, as the set has it, of database {@code database}, with the
   * table each REFERENCES names replaced by the name {@code renamed} gives it: {@code renamed}
   * takes the referenced table as the set names it and gives its database and name in the
   * target, or null where the name stays as written. A new name is qualified with its database
   * unless that is {@code targetDatabase}, the database the statement runs in. The default
   * changes nothing: a kind whose mapping keeps the names its foreign keys reference.
   */
  default String renameReferences(
      String statement, String database, String targetDatabase,
      java.util.function.Function<Reference, Reference> renamed) {
    return statement;
  }

  /** Whether a backed-up event's CREATE statement leaves it enabled (also when unsure). */
  boolean eventEnabled(String createEvent);

  /** An event's CREATE statement with its status set to disabled (restored, not running). */
  String eventDisabled(String createEvent);
}
