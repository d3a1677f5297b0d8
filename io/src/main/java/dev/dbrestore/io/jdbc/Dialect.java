package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that differs between database kinds: quoting, session set-up, catalog queries,
 * and how each column's values are read and bound. One implementation per kind of database.
 */
public interface Dialect extends Serializable {

  /** The dialect for a JDBC URL. */
  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:mysql:")) {
      return MySqlDialect.INSTANCE;
    }
    throw new UserError(
        "The JDBC URL "
            + jdbcUrl.replaceAll("\\?.*", "")
            + " is for a database this version cannot use yet; give a jdbc:mysql:// URL"
            + " (MySQL or MariaDB).");
  }

  /** The JDBC driver for this kind of database, from this tool's own class loader. */
  java.sql.Driver driver() throws SQLException;

  /** Connection properties every connection of this tool uses. */
  Map<String, String> connectionProperties();

  /**
   * Properties set last on every connection, over the URL's and every other: no multiple
   * statements in one call, no silent reconnecting, no local files sent.
   */
  Map<String, String> pinnedProperties();

  /**
   * Refuses a JDBC URL that would change a property this tool sets itself (a pinned protection
   * or a setting values depend on), in any of the URL's forms, naming the property.
   */
  void checkUrl(String jdbcUrl);

  /** Properties for connections that read a snapshot (exact binary values, streamed rows). */
  Map<String, String> snapshotReadProperties();

  /**
   * Properties for connections that stream rows with the bulk loader, or null when this kind of
   * database has none. The connection must be armed ({@link #armBulkLoad}) before use.
   */
  Map<String, String> bulkLoadProperties();

  /** Makes a bulk-load connection safe and ready: it sends no file but the streams it is given. */
  void armBulkLoad(Connection connection) throws SQLException;

  /**
   * Whether the bulk loader writes these columns exactly into a target table whose columns have
   * these character sets (column name to character set, null for non-text columns).
   */
  boolean canBulkLoad(List<Manifest.Column> columns, Map<String, String> targetCharsets);

  /** A table's columns and their character sets (null for columns that hold no text). */
  Map<String, String> columnCharsets(Connection connection, String database, String table)
      throws SQLException;

  /**
   * Streams rows into a table through the bulk loader in the caller's transaction. Returns true
   * when every row went in as given (no warning, no duplicate skipped where the policy forbids
   * it); false means the caller must roll back and write the chunk another way.
   */
  boolean bulkLoad(
      Connection connection,
      String database,
      String table,
      List<Manifest.Column> columns,
      DataConflictPolicy policy,
      java.io.InputStream rows,
      long expectedRows)
      throws SQLException;

  /** Properties for connections that write rows (batched). */
  Map<String, String> writeProperties();

  /** The identifier quoted for this database. */
  String quote(String identifier);

  /** A table name qualified by its database, both quoted. */
  default String qualified(String database, String table) {
    return quote(database) + "." + quote(table);
  }

  /** A plain sentence for a failure to connect. */
  UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role);

  /** What the server is: kind, version and the settings a restore must reproduce. */
  Manifest.Source describeServer(Connection connection) throws SQLException;

  /** Reads the definition of one database: tables, columns, keys and schema objects. */
  Manifest.Database readDatabase(Connection connection, String database) throws SQLException;

  /** The expression that selects a column's value in the form its encoding stores. */
  String selectExpression(Manifest.Column column);

  /**
   * Reads a column's value from a result set in the form its encoding stores; text comes as its
   * UTF-8 bytes.
   */
  Object readValue(ResultSet rows, int index, ColumnEncoding encoding) throws SQLException;

  /** Binds a stored value to an insert parameter. */
  void bindValue(PreparedStatement statement, int index, ColumnEncoding encoding, Object value)
      throws SQLException;

  /** Sets up a session that reads one consistent snapshot (call before the lock is released). */
  void startSnapshotSession(Connection connection) throws SQLException;

  /** Turns off the binary log for this session; fails if the account may not. */
  void disableBinlog(Connection connection) throws SQLException;

  /** Sets up a restore session as a careful dump loader does. */
  void prepareRestoreSession(Connection connection, Manifest.Source source) throws SQLException;

  /**
   * The statement that writes a row of a table's stored columns under a data conflict policy:
   * a plain insert (stop), an insert that skips a row whose primary or unique key exists
   * (ignore), or one that deletes the existing row first (overwrite).
   */
  String insertStatement(
      String database, String table, List<Manifest.Column> columns, DataConflictPolicy policy);

  /** Whether the database exists on the server. */
  boolean databaseExists(Connection connection, String database) throws SQLException;

  /** Takes the global read lock and records the binlog coordinates of this point. */
  Manifest.ConsistentPoint lockAndRecordPoint(Connection connection) throws SQLException;

  /** Releases the global read lock taken by {@link #lockAndRecordPoint}. */
  void releaseGlobalReadLock(Connection connection) throws SQLException;

  /** Takes a named session lock without waiting; true when this session now holds it. */
  boolean takeNamedLock(Connection connection, String name) throws SQLException;

  /** Releases a named session lock. */
  void releaseNamedLock(Connection connection, String name) throws SQLException;

  /** Whether any session holds the named lock. */
  boolean isNamedLockHeld(Connection connection, String name) throws SQLException;

  /** The key of the row {@code chunkRows} rows after {@code after}, or null when fewer remain. */
  Object[] nextChunkBoundary(
      Connection connection,
      String database,
      String table,
      List<String> primaryKey,
      Object[] after,
      long chunkRows)
      throws SQLException;

  /** A condition: the key is above {@code values}; adds the parameters it needs. */
  String keyAfter(List<String> key, Object[] values, List<Object> parameters);

  /** A condition: the key is at most {@code values}; adds the parameters it needs. */
  String keyAtMost(List<String> key, Object[] values, List<Object> parameters);

  /**
   * The qualified name of an object entry ("kind `db`.`name`", as {@link #existingObjects} and
   * the journal give them), in lower case for comparing.
   */
  static String objectName(String entry) {
    return entry.substring(entry.indexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** Names of the objects a database already has, as "kind `db`.`name`". */
  List<String> existingObjects(Connection connection, String database) throws SQLException;

  /** Creates the database with the backup's character set and collation if it is missing. */
  void createDatabase(Connection connection, Manifest.Database database) throws SQLException;

  /** Runs a table's checked CREATE statement in the given database. */
  void createTable(Connection connection, String database, CheckedStatement create)
      throws SQLException;

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
  java.util.Set<Reference> referencesOf(String database, String createStatement);

  /**
   * Creates a view, routine, trigger or event from its checked statement (DEFINER removed, so
   * the restoring account becomes its definer) under the settings it was checked with.
   */
  void createSchemaObject(Connection connection, String database, CheckedStatement create)
      throws SQLException;

  /** Whether a backed-up event's CREATE statement leaves it enabled (also when unsure). */
  boolean eventEnabled(String createEvent);

  /** An event's CREATE statement with its status set to disabled (restored, not running). */
  String eventDisabled(String createEvent);

  /** Disables an event that exists; does nothing if the server dropped it already. */
  void disableEvent(Connection connection, String database, String event) throws SQLException;

  /** Whether the server's event scheduler runs events now (event_scheduler ON). */
  boolean eventSchedulerRunning(Connection connection) throws SQLException;

  /** Whether a database name is one of the server's own schemas, never restored into. */
  boolean isSystemSchema(String database);

  /** The storage engines the server can create tables with, in lower case. */
  Set<String> engines(Connection connection) throws SQLException;

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
   * A CREATE TABLE statement split into the table without its secondary indexes and those
   * index definitions, to be added after the data in one ALTER. Tables whose indexes back a
   * foreign key keep them all (the split has no definitions then).
   */
  record DeferredIndexes(String createTable, List<String> indexDefinitions) {}

  /** Splits off the secondary indexes of a CREATE TABLE statement, where that is safe. */
  DeferredIndexes deferSecondaryIndexes(String createStatement);

  /** Adds checked index definitions to a table in one statement; skips those that exist. */
  void addIndexes(
      Connection connection, String database, String table, List<CheckedStatement> definitions)
      throws SQLException;

  /** The CREATE TABLE statement of a table under another name. */
  String renameInCreateTable(String createStatement, String sourceTable, String targetTable);

  /** Privileges (upper case, e.g. INSERT) the session's account has on a database. */
  Set<String> privileges(Connection connection, String database) throws SQLException;

  /** Character sets the server knows. */
  Set<String> characterSets(Connection connection) throws SQLException;

  /** Collations the server knows. */
  Set<String> collations(Connection connection) throws SQLException;

  /** The largest packet the server accepts, in bytes. */
  long maxAllowedPacket(Connection connection) throws SQLException;

  /** Whether the server refuses writes (read_only and its variants). */
  boolean isReadOnly(Connection connection) throws SQLException;

  /** The number of rows in a table. */
  long countRows(Connection connection, String database, String table) throws SQLException;

  /** A table's columns, name to type as the server prints it; empty if there is no such table. */
  Map<String, String> columnTypes(Connection connection, String database, String table)
      throws SQLException;

  // ---- The restore journal: what a task has finished, committed with the work itself.

  /** Creates the journal schema and tables if missing. */
  void createJournal(Connection connection, String schema) throws SQLException;

  /**
   * Whether the task has recorded this chunk done. A plain read, taking no lock: a locking read
   * of a missing key takes a gap lock, and two chunks' gap locks deadlock each other's journal
   * inserts. Two attempts of the same chunk are told apart by the journal's primary key instead.
   */
  boolean isChunkDone(Connection connection, String schema, String taskId, String chunkFile)
      throws SQLException;

  /**
   * Records a chunk done, in the caller's transaction; fails with a duplicate-key error when
   * another attempt of the same chunk recorded it first.
   */
  void markChunkDone(
      Connection connection,
      String schema,
      String taskId,
      String chunkFile,
      String targetTable,
      long rows)
      throws SQLException;

  /** The chunks a task has recorded done. */
  Set<String> chunksDone(Connection connection, String schema, String taskId)
      throws SQLException;

  /** Rows a task has recorded written, per target table ("`db`.`table`"). */
  Map<String, Long> journaledRows(Connection connection, String schema, String taskId)
      throws SQLException;

  /** The objects ("kind `db`.`name`") a task has recorded created. */
  Set<String> objectsDone(Connection connection, String schema, String taskId)
      throws SQLException;

  /** Records an object created. */
  void markObjectDone(Connection connection, String schema, String taskId, String object)
      throws SQLException;

  /**
   * Stops the task's data writers, in every process that runs them: each reads the mark before
   * it starts a chunk ({@link #isStopped}). Kept until {@link #clearStop}.
   */
  void stop(Connection connection, String schema, String taskId) throws SQLException;

  /** Lets the task's data writers start chunks again. */
  void clearStop(Connection connection, String schema, String taskId) throws SQLException;

  /**
   * Whether the task's data writers are stopped: one read by primary key, taking no lock (see
   * {@link #isChunkDone}).
   */
  boolean isStopped(Connection connection, String schema, String taskId) throws SQLException;

  /**
   * Drops the journal schema, after checking it holds exactly the journal's tables, with the
   * journal's columns, and nothing else; refuses (UserError, schema untouched) otherwise.
   * Returns false when there is no such schema.
   */
  boolean dropJournal(Connection connection, String schema) throws SQLException;

  /**
   * Whether an error is transient: deadlock, lock wait timeout, lost connection, server gone
   * away, too many connections. Those are retried; anything else fails at once.
   */
  boolean isTransient(SQLException e);

  /** Whether an error is a duplicate primary or unique key. */
  boolean isDuplicateKey(SQLException e);

  /** Whether an error says the server does not take local data for the bulk loader. */
  boolean isLocalDataRefused(SQLException e);

  /** The account the session is authenticated as, as the server names it ("user@host"). */
  String currentAccount(Connection connection) throws SQLException;
}
