package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dialect made of one object per role: each method of {@link Dialect} is its role's. A kind of
 * database passes its roles once and adds what is its own (kinds, URLs, optional capabilities).
 * The roles are not serialized: a dialect is a singleton that {@link #readResolve resolves} to
 * its one instance.
 */
public abstract class ComposedDialect implements Dialect {
  private static final long serialVersionUID = 1L;

  private final transient ConnectionSettings connections;
  private final transient SqlSyntax syntax;
  private final transient CatalogReader catalog;
  private final transient SnapshotSource snapshot;
  private final transient ValueCodec values;
  private final transient RowWriter rows;
  private final transient StatementChecker statements;
  private final transient SchemaWriter schema;
  private final transient TargetProbe probes;
  private final transient JournalStatements journal;
  private final transient ErrorClassifier errors;
  private final transient ScratchStatements scratch;

  /** The roles, one object each (one object may play several). */
  protected ComposedDialect(
      ConnectionSettings connections,
      SqlSyntax syntax,
      CatalogReader catalog,
      SnapshotSource snapshot,
      ValueCodec values,
      RowWriter rows,
      StatementChecker statements,
      SchemaWriter schema,
      TargetProbe probes,
      JournalStatements journal,
      ErrorClassifier errors,
      ScratchStatements scratch) {
    this.connections = connections;
    this.syntax = syntax;
    this.catalog = catalog;
    this.snapshot = snapshot;
    this.values = values;
    this.rows = rows;
    this.statements = statements;
    this.schema = schema;
    this.probes = probes;
    this.journal = journal;
    this.errors = errors;
    this.scratch = scratch;
  }

  /** The one instance of this dialect, which a deserialized copy stands for. */
  protected abstract Dialect instance();

  protected final Object readResolve() {
    return instance();
  }

  // ---- Connections

  @Override
  public final java.sql.Driver driver() throws SQLException {
    return connections.driver();
  }

  @Override
  public final Map<String, String> connectionProperties() {
    return connections.connectionProperties();
  }

  @Override
  public final Map<String, String> pinnedProperties() {
    return connections.pinnedProperties();
  }

  @Override
  public final void checkUrl(String jdbcUrl) {
    connections.checkUrl(jdbcUrl);
  }

  @Override
  public final Map<String, String> snapshotReadProperties() {
    return connections.snapshotReadProperties();
  }

  @Override
  public final Map<String, String> writeProperties() {
    return connections.writeProperties();
  }

  @Override
  public final UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role) {
    return connections.explainConnectFailure(e, spec, role);
  }

  // ---- Syntax

  @Override
  public final String quote(String identifier) {
    return syntax.quote(identifier);
  }

  @Override
  public final String qualified(String database, String table) {
    return syntax.qualified(database, table);
  }

  @Override
  public final String keyAfter(List<String> key, Object[] values, List<Object> parameters) {
    return syntax.keyAfter(key, values, parameters);
  }

  @Override
  public final String keyAtMost(List<String> key, Object[] values, List<Object> parameters) {
    return syntax.keyAtMost(key, values, parameters);
  }

  @Override
  public final List<String> systemSchemas() {
    return syntax.systemSchemas();
  }

  // ---- Catalog

  @Override
  public final Manifest.Source describeServer(Connection connection) throws SQLException {
    return catalog.describeServer(connection);
  }

  @Override
  public final Manifest.Database readDatabase(Connection connection, String database)
      throws SQLException {
    return catalog.readDatabase(connection, database);
  }

  @Override
  public final boolean databaseExists(Connection connection, String database) throws SQLException {
    return catalog.databaseExists(connection, database);
  }

  @Override
  public final Object[] nextChunkBoundary(
      Connection connection, String database, String table, List<String> primaryKey,
      Object[] after, long chunkRows)
      throws SQLException {
    return catalog.nextChunkBoundary(connection, database, table, primaryKey, after, chunkRows);
  }

  @Override
  public final Set<String> tablesOfAtLeast(
      Connection connection, String database, List<String> tables, long rows)
      throws SQLException {
    return catalog.tablesOfAtLeast(connection, database, tables, rows);
  }

  @Override
  public final long estimatedRows(Connection connection, String database, String table)
      throws SQLException {
    return catalog.estimatedRows(connection, database, table);
  }

  @Override
  public final Map<String, Long> estimatedRows(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    return catalog.estimatedRows(connection, database, tables);
  }

  // ---- Snapshot

  @Override
  public final Consistency consistency(Connection connection, List<String> databases, int readers)
      throws SQLException {
    return snapshot.consistency(connection, databases, readers);
  }

  @Override
  public final void startSnapshotSession(Connection connection, List<String> databases)
      throws SQLException {
    snapshot.startSnapshotSession(connection, databases);
  }

  @Override
  public final Manifest.ConsistentPoint openPoint(Connection connection) throws SQLException {
    return snapshot.openPoint(connection);
  }

  @Override
  public final void closePoint(Connection connection) throws SQLException {
    snapshot.closePoint(connection);
  }

  @Override
  public final boolean takeNamedLock(Connection connection, String name) throws SQLException {
    return snapshot.takeNamedLock(connection, name);
  }

  @Override
  public final void releaseNamedLock(Connection connection, String name) throws SQLException {
    snapshot.releaseNamedLock(connection, name);
  }

  @Override
  public final boolean isNamedLockHeld(Connection connection, String name) throws SQLException {
    return snapshot.isNamedLockHeld(connection, name);
  }

  // ---- Values

  @Override
  public final String selectExpression(Manifest.Column column) {
    return values.selectExpression(column);
  }

  @Override
  public final Object readValue(ResultSet rows, int index, ColumnEncoding encoding)
      throws SQLException {
    return values.readValue(rows, index, encoding);
  }

  @Override
  public final void prepareReadSession(Connection connection) throws SQLException {
    values.prepareReadSession(connection);
  }

  @Override
  public final PreparedStatement prepareRead(
      Connection connection, String sql, ColumnEncoding[] encodings, long expectedRows)
      throws SQLException {
    return values.prepareRead(connection, sql, encodings, expectedRows);
  }

  @Override
  public final void streamRows(PreparedStatement query) throws SQLException {
    values.streamRows(query);
  }

  @Override
  public final void bindValue(
      PreparedStatement statement, int index, ColumnEncoding encoding, Object value)
      throws SQLException {
    values.bindValue(statement, index, encoding, value);
  }

  @Override
  public final int nullType(ColumnEncoding encoding) {
    return values.nullType(encoding);
  }

  @Override
  public final void bindFloat(PreparedStatement statement, int index, float value)
      throws SQLException {
    values.bindFloat(statement, index, value);
  }

  // ---- Writing rows

  @Override
  public final void prepareRestoreSession(Connection connection, Manifest.Source source)
      throws SQLException {
    rows.prepareRestoreSession(connection, source);
  }

  @Override
  public final void disableBinlog(Connection connection) throws SQLException {
    rows.disableBinlog(connection);
  }

  @Override
  public final String disableBinlogPrivilege() {
    return rows.disableBinlogPrivilege();
  }

  @Override
  public final String insertStatement(
      String database, String table, List<Manifest.Column> columns, DataConflictPolicy policy) {
    return rows.insertStatement(database, table, columns, policy);
  }

  @Override
  public final String insertStatement(
      String database, String table, List<Manifest.Column> columns, List<String> key,
      DataConflictPolicy policy) {
    return rows.insertStatement(database, table, columns, key, policy);
  }

  @Override
  public final List<String> beforeInsert(String database, String table) {
    return rows.beforeInsert(database, table);
  }

  @Override
  public final List<String> afterInsert(String database, String table) {
    return rows.afterInsert(database, table);
  }

  @Override
  public final boolean hasTableLoadStatements() {
    return rows.hasTableLoadStatements();
  }

  @Override
  public final void beforeTableLoad(Connection connection, String database, String table)
      throws SQLException {
    rows.beforeTableLoad(connection, database, table);
  }

  @Override
  public final void afterTableLoad(Connection connection, String database, String table)
      throws SQLException {
    rows.afterTableLoad(connection, database, table);
  }

  // ---- Statements

  @Override
  public final CheckedStatement checkTable(
      String entry, String where, String createStatement, String database, String table,
      String sqlMode, StatementCheck.Target target) {
    return statements.checkTable(entry, where, createStatement, database, table, sqlMode, target);
  }

  @Override
  public final CheckedStatement checkIndex(
      String entry, String where, String definition, String sqlMode,
      StatementCheck.Target target) {
    return statements.checkIndex(entry, where, definition, sqlMode, target);
  }

  @Override
  public final CheckedStatement checkSchemaObject(
      StatementCheck.Kind kind, String entry, String where, Manifest.SchemaObject object,
      String database, String sqlModeDefault, StatementCheck.Target target) {
    return statements.checkSchemaObject(
        kind, entry, where, object, database, sqlModeDefault, target);
  }

  @Override
  public final Set<Reference> referencesOf(String database, String createStatement) {
    return statements.referencesOf(database, createStatement);
  }

  @Override
  public final Set<Reference> referencesOf(
      String database, StatementCheck.Kind kind, Manifest.SchemaObject object) {
    return statements.referencesOf(database, kind, object);
  }

  @Override
  public final Set<Reference> foreignKeyReferences(String database, String createTable) {
    return statements.foreignKeyReferences(database, createTable);
  }

  @Override
  public final DeferredIndexes deferSecondaryIndexes(String createStatement) {
    return statements.deferSecondaryIndexes(createStatement);
  }

  @Override
  public final CheckedStatement checkSequence(
      String entry, String where, Manifest.Sequence sequence, String database) {
    return statements.checkSequence(entry, where, sequence, database);
  }

  @Override
  public final DeferredIndexes deferForeignKeys(String createStatement) {
    return statements.deferForeignKeys(createStatement);
  }

  @Override
  public final String renameInCreateTable(String createStatement, String sourceTable, String targetTable) {
    return statements.renameInCreateTable(createStatement, sourceTable, targetTable);
  }

  @Override
  public final String renameReferences(
      String statement, String database, String targetDatabase,
      java.util.function.Function<Reference, Reference> renamed) {
    return statements.renameReferences(statement, database, targetDatabase, renamed);
  }

  @Override
  public final boolean eventEnabled(String createEvent) {
    return statements.eventEnabled(createEvent);
  }

  @Override
  public final String eventDisabled(String createEvent) {
    return statements.eventDisabled(createEvent);
  }

  // ---- Structure and post-data objects

  @Override
  public final List<String> existingObjects(Connection connection, String database)
      throws SQLException {
    return schema.existingObjects(connection, database);
  }

  @Override
  public final void createDatabase(Connection connection, Manifest.Database database)
      throws SQLException {
    schema.createDatabase(connection, database);
  }

  @Override
  public final void createSequence(
      Connection connection, String database, CheckedStatement create) throws SQLException {
    schema.createSequence(connection, database, create);
  }

  @Override
  public final void createTable(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    schema.createTable(connection, database, create);
  }

  @Override
  public final void addIndexes(
      Connection connection, String database, String table, List<CheckedStatement> definitions)
      throws SQLException {
    schema.addIndexes(connection, database, table, definitions);
  }

  @Override
  public final void createSchemaObject(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    schema.createSchemaObject(connection, database, create);
  }

  @Override
  public final void disableEvent(Connection connection, String database, String event)
      throws SQLException {
    schema.disableEvent(connection, database, event);
  }

  // ---- Probes

  @Override
  public final String currentAccount(Connection connection) throws SQLException {
    return probes.currentAccount(connection);
  }

  @Override
  public final Set<String> privileges(Connection connection, String database) throws SQLException {
    return probes.privileges(connection, database);
  }

  @Override
  public final Set<String> engines(Connection connection) throws SQLException {
    return probes.engines(connection);
  }

  @Override
  public final Set<String> characterSets(Connection connection) throws SQLException {
    return probes.characterSets(connection);
  }

  @Override
  public final Set<String> collations(Connection connection) throws SQLException {
    return probes.collations(connection);
  }

  @Override
  public final long maxAllowedPacket(Connection connection) throws SQLException {
    return probes.maxAllowedPacket(connection);
  }

  @Override
  public final boolean isReadOnly(Connection connection) throws SQLException {
    return probes.isReadOnly(connection);
  }

  @Override
  public final boolean eventSchedulerRunning(Connection connection) throws SQLException {
    return probes.eventSchedulerRunning(connection);
  }

  @Override
  public final long countRows(Connection connection, String database, String table)
      throws SQLException {
    return probes.countRows(connection, database, table);
  }

  @Override
  public final Map<String, Long> countRows(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    return probes.countRows(connection, database, tables);
  }

  @Override
  public final Map<String, String> columnTypes(Connection connection, String database, String table)
      throws SQLException {
    return probes.columnTypes(connection, database, table);
  }

  @Override
  public final Map<String, String> columnCharsets(Connection connection, String database, String table)
      throws SQLException {
    return probes.columnCharsets(connection, database, table);
  }

  @Override
  public final String versionRefusal(String sourceVersion, String targetVersion) {
    return probes.versionRefusal(sourceVersion, targetVersion);
  }

  @Override
  public final Map<String, Map<String, String>> columnTypes(
      Connection connection, String database, Collection<String> tables)
      throws SQLException {
    return probes.columnTypes(connection, database, tables);
  }

  @Override
  public final Map<String, Map<String, String>> columnCharsets(
      Connection connection, String database, Collection<String> tables)
      throws SQLException {
    return probes.columnCharsets(connection, database, tables);
  }

  // ---- The restore journal

  @Override
  public final void createJournal(Connection connection, String schema) throws SQLException {
    journal.createJournal(connection, schema);
  }

  @Override
  public final boolean isChunkDone(Connection connection, String schema, String taskId, String chunkFile)
      throws SQLException {
    return journal.isChunkDone(connection, schema, taskId, chunkFile);
  }

  @Override
  public final void markChunkDone(
      Connection connection, String schema, String taskId, String chunkFile, String targetTable,
      long rows)
      throws SQLException {
    journal.markChunkDone(connection, schema, taskId, chunkFile, targetTable, rows);
  }

  @Override
  public final Set<String> chunksDone(
      Connection connection, String schema, String taskId, Collection<String> chunkFiles)
      throws SQLException {
    return journal.chunksDone(connection, schema, taskId, chunkFiles);
  }

  @Override
  public final void markChunksDone(
      Connection connection, String schema, String taskId, List<ChunkDone> entries)
      throws SQLException {
    journal.markChunksDone(connection, schema, taskId, entries);
  }

  @Override
  public final Set<String> chunksDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return journal.chunksDone(connection, schema, taskId);
  }

  @Override
  public final Map<String, Long> journaledRows(Connection connection, String schema, String taskId)
      throws SQLException {
    return journal.journaledRows(connection, schema, taskId);
  }

  @Override
  public final Set<String> objectsDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return journal.objectsDone(connection, schema, taskId);
  }

  @Override
  public final void markObjectDone(Connection connection, String schema, String taskId, String object)
      throws SQLException {
    journal.markObjectDone(connection, schema, taskId, object);
  }

  @Override
  public final void markObjectsDone(
      Connection connection, String schema, String taskId, List<String> objects)
      throws SQLException {
    journal.markObjectsDone(connection, schema, taskId, objects);
  }

  @Override
  public final void stop(Connection connection, String schema, String taskId) throws SQLException {
    journal.stop(connection, schema, taskId);
  }

  @Override
  public final void clearStop(Connection connection, String schema, String taskId)
      throws SQLException {
    journal.clearStop(connection, schema, taskId);
  }

  @Override
  public final boolean isStopped(Connection connection, String schema, String taskId)
      throws SQLException {
    return journal.isStopped(connection, schema, taskId);
  }

  @Override
  public final boolean dropJournal(Connection connection, String schema) throws SQLException {
    return journal.dropJournal(connection, schema);
  }

  @Override
  public final List<String> notJournal(Connection connection, String schema)
      throws SQLException {
    return journal.notJournal(connection, schema);
  }

  // ---- A drill's scratch target

  @Override
  public final boolean seesEveryDatabase(Connection connection) throws SQLException {
    return scratch.seesEveryDatabase(connection);
  }

  @Override
  public final List<String> databases(Connection connection) throws SQLException {
    return scratch.databases(connection);
  }

  @Override
  public final void dropDatabase(Connection connection, String database) throws SQLException {
    scratch.dropDatabase(connection, database);
  }

  // ---- Errors

  @Override
  public final boolean isTransient(SQLException e) {
    return errors.isTransient(e);
  }

  @Override
  public final boolean isDuplicateKey(SQLException e) {
    return errors.isDuplicateKey(e);
  }

  @Override
  public final boolean isLocalDataRefused(SQLException e) {
    return errors.isLocalDataRefused(e);
  }

  @Override
  public final String explainBrokenConstraint(SQLException e, String table) {
    return errors.explainBrokenConstraint(e, table);
  }
}
