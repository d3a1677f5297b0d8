package dev.dbrestore.io.jdbc;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The statements a replay of captured changes writes into a target: rows by key, rows matched by
 * their whole image, and the log's structure statements, checked first. One implementation per
 * kind of database that has a change log ({@link ChangeWriters} finds it); values are bound
 * through the {@link Dialect}'s {@code bindValue}, as chunks are.
 */
public interface ChangeWriter extends Serializable {

  /** Which tables and databases a replay touches, and their names in the target. */
  interface Scope extends Serializable {
    boolean selectsDatabase(String database);

    boolean selectsTable(String database, String table);

    String targetDatabase(String database);

    String targetTable(String database, String table);

    /**
     * Whether a view or routine is selected: {@code kind} is "VIEW", "FUNCTION" or "PROCEDURE".
     */
    boolean selectsObject(String kind, String database, String name);

    /** Whether the task maps any database or table to another name. */
    boolean mapsNames();
  }

  /** What a structure statement does to a table or a database. */
  enum Effect {
    CREATE_TABLE,
    ALTER_TABLE,
    DROP_TABLE,
    RENAME_TABLE,
    TRUNCATE_TABLE,
    CREATE_DATABASE,
    ALTER_DATABASE,
    DROP_DATABASE
  }

  /**
   * One effect of a structure statement, in source names; {@code table} is null for a database,
   * {@code newDatabase}/{@code newTable} are set for a rename.
   */
  record TableEffect(
      Effect effect, String database, String table, String newDatabase, String newTable)
      implements Serializable {}

  /**
   * A structure statement of the log, checked: {@code apply} with the statement to run (names
   * mapped to the target, all qualified) and its effects on selected objects, or not applied
   * with the reason the report gives ({@code kind} says what the statement is, e.g. "CREATE
   * TRIGGER"). A view or routine statement is {@code afterPostData}: it runs after the set's
   * views and routines are created, in log order, in {@code database} when that is not null (its
   * unqualified names are that database's), with the restoring account as definer.
   */
  record CheckedDdl(
      boolean apply, String kind, String sql, String reason, List<TableEffect> effects,
      boolean afterPostData, String database)
      implements Serializable {
    /** A statement of tables or databases, run where it stands in the log. */
    public CheckedDdl(
        boolean apply, String kind, String sql, String reason, List<TableEffect> effects) {
      this(apply, kind, sql, reason, effects, false, null);
    }
  }

  /**
   * Checks a structure statement of the log (untrusted input) that ran in
   * {@code sessionDatabase}: exactly one statement, of the kind it claims, on the objects it
   * names. Returns it to apply (names mapped by {@code scope}) when it creates, alters, drops,
   * renames or truncates selected tables or databases; not to apply, with the reason, when it is
   * a trigger, event, view, routine or account statement or touches nothing selected. Throws a
   * {@link dev.dbrestore.io.UserError} naming the statement when it cannot be replayed exactly.
   */
  CheckedDdl checkStructureStatement(
      String sessionDatabase, String statement, String sqlMode, Scope scope);

  /** Runs a checked structure statement in a restore session. */
  void runStructureStatement(Connection connection, CheckedDdl ddl) throws SQLException;

  /**
   * The structure, in the target, of every table and database a checked statement changes (in
   * their target names, "absent" for one that does not exist), as one SHA-256: equal before and
   * after the statement only when it changed nothing the server shows. The server commits a
   * structure statement on its own, so a replay that stops between it and its journal entry
   * tells by this whether it ran.
   */
  String structureFingerprint(Connection connection, CheckedDdl ddl, Scope scope)
      throws SQLException;

  /**
   * Deletes the rows of {@code keys} keys in one statement: parameters are each key's values in
   * key order, key after key.
   */
  String deleteByKeys(String database, String table, List<String> keyColumns, int keys);

  /** Inserts a row: parameters are the values in {@code columns} order. */
  String insertRow(String database, String table, List<String> columns);

  /**
   * Inserts a row, or sets every column of the row holding its primary key: parameters are the
   * values in {@code columns} order. Exact only in a table whose one unique key is its primary
   * key (another unique key could match a different row).
   */
  String upsertRow(String database, String table, List<String> columns);

  /**
   * Whether a table of the target has a unique key besides its primary key: writing final images
   * out of commit order can then collide on it for a moment (two rows that swapped a value).
   */
  boolean hasUniqueSecondaryKey(Connection connection, String database, String table)
      throws SQLException;

  /**
   * Deletes one row equal to an image in every column (a table without a primary key):
   * parameters are bound by {@link #bindRowMatch}.
   */
  String deleteOneRow(String database, String table, List<ChangeLogReader.Column> columns);

  /**
   * Sets one row equal to the before image to the after image: parameters are the after image in
   * column order, then the before image bound by {@link #bindRowMatch}.
   */
  String updateOneRow(String database, String table, List<ChangeLogReader.Column> columns);

  /**
   * Binds an image to the match condition of {@link #deleteOneRow} / {@link #updateOneRow} from
   * parameter {@code index}; returns the next free parameter index.
   */
  int bindRowMatch(
      Dialect dialect,
      PreparedStatement statement,
      int index,
      List<ChangeLogReader.Column> columns,
      Object[] image)
      throws SQLException;
}
