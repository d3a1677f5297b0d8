package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.BulkLoader;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.EmbeddedDatabase;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDbKit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL and MariaDB, through MySQL Connector/J: the roles of {@link Dialect}, each played by a
 * class of this package, composed.
 */
public final class MySqlDialect implements Dialect {
  private static final long serialVersionUID = 1L;

  /** The kind of a MySQL server, as manifests and data-source files name it. */
  public static final String MYSQL = "mysql";

  /** The kind of a MariaDB server. */
  public static final String MARIADB = "mariadb";

  public static final MySqlDialect INSTANCE = new MySqlDialect();

  private static final String URL_PREFIX = "jdbc:mysql:";

  private static final MySqlConnections CONNECTIONS = new MySqlConnections();
  private static final MySqlSyntax SYNTAX = MySqlSyntax.INSTANCE;
  private static final MySqlCatalog CATALOG = new MySqlCatalog();
  private static final MySqlSnapshot SNAPSHOT = new MySqlSnapshot();
  private static final MySqlValues VALUES = new MySqlValues();
  private static final MySqlRowWriter ROWS = new MySqlRowWriter();
  private static final MySqlBulkLoader BULK_LOADER = new MySqlBulkLoader(CONNECTIONS);
  private static final MySqlStatements STATEMENTS = new MySqlStatements();
  private static final MySqlSchemaWriter SCHEMA = new MySqlSchemaWriter();
  private static final MySqlProbes PROBES = new MySqlProbes();
  private static final MySqlJournal JOURNAL = new MySqlJournal();
  private static final MySqlErrors ERRORS = new MySqlErrors();

  private MySqlDialect() {}

  private Object readResolve() {
    return INSTANCE;
  }

  @Override
  public Set<String> kinds() {
    return new java.util.LinkedHashSet<>(List.of(MYSQL, MARIADB));
  }

  @Override
  public boolean acceptsUrl(String jdbcUrl) {
    return jdbcUrl.startsWith(URL_PREFIX);
  }

  @Override
  public String exampleUrl(String host) {
    return URL_PREFIX + "//" + host + ":3306/";
  }

  @Override
  public Optional<BulkLoader> bulkLoader() {
    return Optional.of(BULK_LOADER);
  }

  @Override
  public Optional<EmbeddedDatabase> embedded() {
    return Optional.of(new EmbeddedMariaDbKit());
  }

  // ---- Connections

  @Override
  public java.sql.Driver driver() throws SQLException {
    return CONNECTIONS.driver();
  }

  @Override
  public Map<String, String> connectionProperties() {
    return CONNECTIONS.connectionProperties();
  }

  @Override
  public Map<String, String> pinnedProperties() {
    return CONNECTIONS.pinnedProperties();
  }

  @Override
  public void checkUrl(String jdbcUrl) {
    CONNECTIONS.checkUrl(jdbcUrl);
  }

  @Override
  public Map<String, String> snapshotReadProperties() {
    return CONNECTIONS.snapshotReadProperties();
  }

  @Override
  public Map<String, String> writeProperties() {
    return CONNECTIONS.writeProperties();
  }

  @Override
  public UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role) {
    return CONNECTIONS.explainConnectFailure(e, spec, role);
  }

  // ---- Syntax

  @Override
  public String quote(String identifier) {
    return SYNTAX.quote(identifier);
  }

  @Override
  public String keyAfter(List<String> key, Object[] values, List<Object> parameters) {
    return SYNTAX.keyAfter(key, values, parameters);
  }

  @Override
  public String keyAtMost(List<String> key, Object[] values, List<Object> parameters) {
    return SYNTAX.keyAtMost(key, values, parameters);
  }

  @Override
  public List<String> systemSchemas() {
    return SYNTAX.systemSchemas();
  }

  // ---- Catalog

  @Override
  public Manifest.Source describeServer(Connection connection) throws SQLException {
    return CATALOG.describeServer(connection);
  }

  @Override
  public Manifest.Database readDatabase(Connection connection, String database)
      throws SQLException {
    return CATALOG.readDatabase(connection, database);
  }

  @Override
  public boolean databaseExists(Connection connection, String database) throws SQLException {
    return CATALOG.databaseExists(connection, database);
  }

  @Override
  public Object[] nextChunkBoundary(
      Connection connection, String database, String table, List<String> primaryKey,
      Object[] after, long chunkRows)
      throws SQLException {
    return CATALOG.nextChunkBoundary(connection, database, table, primaryKey, after, chunkRows);
  }

  // ---- Snapshot

  @Override
  public void startSnapshotSession(Connection connection) throws SQLException {
    SNAPSHOT.startSnapshotSession(connection);
  }

  @Override
  public Manifest.ConsistentPoint lockAndRecordPoint(Connection connection) throws SQLException {
    return SNAPSHOT.lockAndRecordPoint(connection);
  }

  @Override
  public void releaseGlobalReadLock(Connection connection) throws SQLException {
    SNAPSHOT.releaseGlobalReadLock(connection);
  }

  @Override
  public boolean takeNamedLock(Connection connection, String name) throws SQLException {
    return SNAPSHOT.takeNamedLock(connection, name);
  }

  @Override
  public void releaseNamedLock(Connection connection, String name) throws SQLException {
    SNAPSHOT.releaseNamedLock(connection, name);
  }

  @Override
  public boolean isNamedLockHeld(Connection connection, String name) throws SQLException {
    return SNAPSHOT.isNamedLockHeld(connection, name);
  }

  // ---- Values

  @Override
  public String selectExpression(Manifest.Column column) {
    return VALUES.selectExpression(column);
  }

  @Override
  public Object readValue(ResultSet rows, int index, ColumnEncoding encoding)
      throws SQLException {
    return VALUES.readValue(rows, index, encoding);
  }

  @Override
  public void prepareReadSession(Connection connection) throws SQLException {
    VALUES.prepareReadSession(connection);
  }

  @Override
  public void streamRows(PreparedStatement query) throws SQLException {
    VALUES.streamRows(query);
  }

  @Override
  public void bindValue(
      PreparedStatement statement, int index, ColumnEncoding encoding, Object value)
      throws SQLException {
    VALUES.bindValue(statement, index, encoding, value);
  }

  // ---- Writing rows

  @Override
  public void prepareRestoreSession(Connection connection, Manifest.Source source)
      throws SQLException {
    ROWS.prepareRestoreSession(connection, source);
  }

  @Override
  public void disableBinlog(Connection connection) throws SQLException {
    ROWS.disableBinlog(connection);
  }

  @Override
  public String disableBinlogPrivilege() {
    return ROWS.disableBinlogPrivilege();
  }

  @Override
  public String insertStatement(
      String database, String table, List<Manifest.Column> columns, DataConflictPolicy policy) {
    return ROWS.insertStatement(database, table, columns, policy);
  }

  // ---- Statements

  @Override
  public CheckedStatement checkTable(
      String entry, String where, String createStatement, String database, String table,
      String sqlMode, StatementCheck.Target target) {
    return STATEMENTS.checkTable(entry, where, createStatement, database, table, sqlMode, target);
  }

  @Override
  public CheckedStatement checkIndex(
      String entry, String where, String definition, String sqlMode,
      StatementCheck.Target target) {
    return STATEMENTS.checkIndex(entry, where, definition, sqlMode, target);
  }

  @Override
  public CheckedStatement checkSchemaObject(
      StatementCheck.Kind kind, String entry, String where, Manifest.SchemaObject object,
      String database, String sqlModeDefault, StatementCheck.Target target) {
    return STATEMENTS.checkSchemaObject(
        kind, entry, where, object, database, sqlModeDefault, target);
  }

  @Override
  public Set<Reference> referencesOf(String database, String createStatement) {
    return STATEMENTS.referencesOf(database, createStatement);
  }

  @Override
  public DeferredIndexes deferSecondaryIndexes(String createStatement) {
    return STATEMENTS.deferSecondaryIndexes(createStatement);
  }

  @Override
  public String renameInCreateTable(String createStatement, String sourceTable, String targetTable) {
    return STATEMENTS.renameInCreateTable(createStatement, sourceTable, targetTable);
  }

  @Override
  public boolean eventEnabled(String createEvent) {
    return STATEMENTS.eventEnabled(createEvent);
  }

  @Override
  public String eventDisabled(String createEvent) {
    return STATEMENTS.eventDisabled(createEvent);
  }

  // ---- Structure and post-data objects

  @Override
  public List<String> existingObjects(Connection connection, String database)
      throws SQLException {
    return SCHEMA.existingObjects(connection, database);
  }

  @Override
  public void createDatabase(Connection connection, Manifest.Database database)
      throws SQLException {
    SCHEMA.createDatabase(connection, database);
  }

  @Override
  public void createTable(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    SCHEMA.createTable(connection, database, create);
  }

  @Override
  public void addIndexes(
      Connection connection, String database, String table, List<CheckedStatement> definitions)
      throws SQLException {
    SCHEMA.addIndexes(connection, database, table, definitions);
  }

  @Override
  public void createSchemaObject(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    SCHEMA.createSchemaObject(connection, database, create);
  }

  @Override
  public void disableEvent(Connection connection, String database, String event)
      throws SQLException {
    SCHEMA.disableEvent(connection, database, event);
  }

  // ---- Probes

  @Override
  public String currentAccount(Connection connection) throws SQLException {
    return PROBES.currentAccount(connection);
  }

  @Override
  public Set<String> privileges(Connection connection, String database) throws SQLException {
    return PROBES.privileges(connection, database);
  }

  @Override
  public Set<String> engines(Connection connection) throws SQLException {
    return PROBES.engines(connection);
  }

  @Override
  public Set<String> characterSets(Connection connection) throws SQLException {
    return PROBES.characterSets(connection);
  }

  @Override
  public Set<String> collations(Connection connection) throws SQLException {
    return PROBES.collations(connection);
  }

  @Override
  public long maxAllowedPacket(Connection connection) throws SQLException {
    return PROBES.maxAllowedPacket(connection);
  }

  @Override
  public boolean isReadOnly(Connection connection) throws SQLException {
    return PROBES.isReadOnly(connection);
  }

  @Override
  public boolean eventSchedulerRunning(Connection connection) throws SQLException {
    return PROBES.eventSchedulerRunning(connection);
  }

  @Override
  public long countRows(Connection connection, String database, String table)
      throws SQLException {
    return PROBES.countRows(connection, database, table);
  }

  @Override
  public Map<String, String> columnTypes(Connection connection, String database, String table)
      throws SQLException {
    return PROBES.columnTypes(connection, database, table);
  }

  @Override
  public Map<String, String> columnCharsets(Connection connection, String database, String table)
      throws SQLException {
    return PROBES.columnCharsets(connection, database, table);
  }

  // ---- The restore journal

  @Override
  public void createJournal(Connection connection, String schema) throws SQLException {
    JOURNAL.createJournal(connection, schema);
  }

  @Override
  public boolean isChunkDone(Connection connection, String schema, String taskId, String chunkFile)
      throws SQLException {
    return JOURNAL.isChunkDone(connection, schema, taskId, chunkFile);
  }

  @Override
  public void markChunkDone(
      Connection connection, String schema, String taskId, String chunkFile, String targetTable,
      long rows)
      throws SQLException {
    JOURNAL.markChunkDone(connection, schema, taskId, chunkFile, targetTable, rows);
  }

  @Override
  public Set<String> chunksDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return JOURNAL.chunksDone(connection, schema, taskId);
  }

  @Override
  public Map<String, Long> journaledRows(Connection connection, String schema, String taskId)
      throws SQLException {
    return JOURNAL.journaledRows(connection, schema, taskId);
  }

  @Override
  public Set<String> objectsDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return JOURNAL.objectsDone(connection, schema, taskId);
  }

  @Override
  public void markObjectDone(Connection connection, String schema, String taskId, String object)
      throws SQLException {
    JOURNAL.markObjectDone(connection, schema, taskId, object);
  }

  @Override
  public void stop(Connection connection, String schema, String taskId) throws SQLException {
    JOURNAL.stop(connection, schema, taskId);
  }

  @Override
  public void clearStop(Connection connection, String schema, String taskId)
      throws SQLException {
    JOURNAL.clearStop(connection, schema, taskId);
  }

  @Override
  public boolean isStopped(Connection connection, String schema, String taskId)
      throws SQLException {
    return JOURNAL.isStopped(connection, schema, taskId);
  }

  @Override
  public boolean dropJournal(Connection connection, String schema) throws SQLException {
    return JOURNAL.dropJournal(connection, schema);
  }

  // ---- Errors

  @Override
  public boolean isTransient(SQLException e) {
    return ERRORS.isTransient(e);
  }

  @Override
  public boolean isDuplicateKey(SQLException e) {
    return ERRORS.isDuplicateKey(e);
  }

  @Override
  public boolean isLocalDataRefused(SQLException e) {
    return ERRORS.isLocalDataRefused(e);
  }
}
