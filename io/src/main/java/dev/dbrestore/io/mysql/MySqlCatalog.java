package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CatalogReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a backup reads from a MySQL or MariaDB source: the server, each database's definition from
 * information_schema and SHOW CREATE, and chunk boundaries.
 */
final class MySqlCatalog implements CatalogReader {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  private static final Logger LOG = LoggerFactory.getLogger(MySqlCatalog.class);

  @Override
  public Manifest.Source describeServer(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT VERSION(), @@server_id, @@GLOBAL.sql_mode, @@GLOBAL.time_zone,"
                    + " @@system_time_zone, @@character_set_server, @@lower_case_table_names")) {
      r.next();
      String version = r.getString(1);
      String kind = version.toLowerCase(Locale.ROOT).contains("mariadb") ? "mariadb" : "mysql";
      String timeZone = r.getString(4);
      if ("SYSTEM".equalsIgnoreCase(timeZone)) {
        timeZone = "SYSTEM (" + r.getString(5) + ")";
      }
      return new Manifest.Source(
          kind,
          version,
          r.getString(2),
          "mysql".equals(kind) ? serverUuid(connection) : null,
          r.getString(3),
          timeZone,
          r.getString(6),
          r.getInt(7));
    }
  }

  private static String serverUuid(Connection connection) {
    try {
      return MySqlQueries.value(connection, "SELECT @@server_uuid");
    } catch (SQLException e) {
      return null;
    }
  }

  /** Whether the database exists on the server. */
  @Override
  public boolean databaseExists(Connection connection, String database) throws SQLException {
    return MySqlQueries.schemaExists(connection, database);
  }

  @Override
  public Manifest.Database readDatabase(Connection connection, String database)
      throws SQLException {
    String charset;
    String collation;
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
                + " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new UserError(
              "The database "
                  + SQL.quote(database)
                  + " does not exist on the source server; check the --database names.");
        }
        charset = r.getString(1);
        collation = r.getString(2);
      }
    }
    List<String> tableNames = new ArrayList<>();
    List<String> viewNames = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String type = r.getString(2);
          if ("VIEW".equals(type)) {
            viewNames.add(r.getString(1));
          } else if ("BASE TABLE".equals(type)) {
            tableNames.add(r.getString(1));
          } else {
            LOG.warn(
                "Not backed up: {} {} (this version backs up base tables and views only)",
                type.toLowerCase(Locale.ROOT),
                SQL.qualified(database, r.getString(1)));
          }
        }
      }
    }
    // Columns, primary keys and foreign keys of every table in one query each: per table,
    // information_schema's foreign key views cost a tenth of a second (measured with 1,000
    // tables), which made a schema of many small tables take minutes before any row.
    Map<String, List<Manifest.Column>> columns = readColumns(connection, database);
    Map<String, List<String>> primaryKeys = readPrimaryKeys(connection, database);
    Map<String, List<String[]>> foreignKeys = readForeignKeyParts(connection, database);
    List<Manifest.Table> tables = new ArrayList<>();
    for (String table : tableNames) {
      tables.add(
          readTable(
              connection, database, table, columns.getOrDefault(table, List.of()),
              primaryKeys.getOrDefault(table, List.of()),
              foreignKeys.getOrDefault(table, List.of())));
    }
    List<Manifest.SchemaObject> views = new ArrayList<>();
    for (String view : viewNames) {
      views.add(readView(connection, database, view));
    }
    return new Manifest.Database(
        database,
        charset,
        collation,
        tables,
        views,
        readRoutines(connection, database, "FUNCTION"),
        readRoutines(connection, database, "PROCEDURE"),
        readTriggers(connection, database),
        readEvents(connection, database));
  }

  private Manifest.Table readTable(
      Connection connection, String database, String table, List<Manifest.Column> columns,
      List<String> primaryKey, List<String[]> foreignKeyParts)
      throws SQLException {
    String create;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SHOW CREATE TABLE " + SQL.qualified(database, table))) {
      r.next();
      create = r.getString(2);
    }
    return new Manifest.Table(
        table, repairForeignKeys(database, create, foreignKeyParts), columns, primaryKey, 0,
        List.of());
  }

  /** Every table's columns in the database, in column order, by table name. */
  private static Map<String, List<Manifest.Column>> readColumns(
      Connection connection, String database) throws SQLException {
    Map<String, List<Manifest.Column>> byTable = new LinkedHashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, EXTRA,"
                + " CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String columnType = r.getString(3);
          String dataType = r.getString(4).toLowerCase(Locale.ROOT);
          String extra = r.getString(6) == null ? "" : r.getString(6).toUpperCase(Locale.ROOT);
          // Not DEFAULT_GENERATED: MySQL's mark for an expression default, a stored column.
          boolean generated =
              extra.contains("VIRTUAL") || extra.contains("STORED") || extra.contains("PERSISTENT");
          String columnCharset = r.getString(7);
          byTable
              .computeIfAbsent(r.getString(1), t -> new ArrayList<>())
              .add(
                  new Manifest.Column(
                      r.getString(2),
                      columnType,
                      "YES".equals(r.getString(5)),
                      generated,
                      columnCharset,
                      MySqlValues.encodingOf(dataType, columnType, columnCharset)));
        }
      }
    }
    return byTable;
  }

  /** Every table's primary key columns in the database, in key order, by table name. */
  private static Map<String, List<String>> readPrimaryKeys(Connection connection, String database)
      throws SQLException {
    Map<String, List<String>> byTable = new LinkedHashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND INDEX_NAME = 'PRIMARY'"
                + " ORDER BY TABLE_NAME, SEQ_IN_INDEX")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          byTable.computeIfAbsent(r.getString(1), t -> new ArrayList<>()).add(r.getString(2));
        }
      }
    }
    return byTable;
  }

  /**
   * Every foreign key column of the database's tables, by table name: constraint, column,
   * referenced schema, table and column, update rule, delete rule.
   */
  private static Map<String, List<String[]>> readForeignKeyParts(
      Connection connection, String database) throws SQLException {
    Map<String, List<String[]>> byTable = new LinkedHashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,"
                + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE"
                + " FROM information_schema.KEY_COLUMN_USAGE k"
                + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                + " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                + " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME"
                + " WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          byTable
              .computeIfAbsent(r.getString(1), t -> new ArrayList<>())
              .add(
                  new String[] {
                    r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                    r.getString(6), r.getString(7), r.getString(8)
                  });
        }
      }
    }
    return byTable;
  }

  /**
   * MariaDB prints a foreign key clause without doubling the backticks inside names, so the
   * statement does not parse back where a name holds one. Such clauses are rebuilt from
   * information_schema, quoted properly; other statements are kept as the server printed them.
   */
  private static String repairForeignKeys(
      String database, String create, List<String[]> parts) {
    boolean backtick =
        parts.stream().anyMatch(p -> String.join("", p).contains("`"));
    if (!backtick) {
      return create;
    }
    Map<String, List<String[]>> byConstraint = new LinkedHashMap<>();
    parts.forEach(p -> byConstraint.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p));
    List<String> clauses = new ArrayList<>();
    for (Map.Entry<String, List<String[]>> fk : byConstraint.entrySet()) {
      List<String[]> cols = fk.getValue();
      String[] first = cols.get(0);
      String referenced =
          first[2].equals(database) ? SQL.quote(first[3]) : SQL.qualified(first[2], first[3]);
      clauses.add(
          "  CONSTRAINT " + SQL.quote(fk.getKey()) + " FOREIGN KEY ("
              + cols.stream().map(c -> SQL.quote(c[1])).collect(Collectors.joining(", "))
              + ") REFERENCES " + referenced + " ("
              + cols.stream().map(c -> SQL.quote(c[4])).collect(Collectors.joining(", "))
              + ") ON DELETE " + first[6] + " ON UPDATE " + first[5]);
    }
    List<String> kept = new ArrayList<>();
    for (String line : create.split("\n", -1)) {
      if (!(line.startsWith("  CONSTRAINT ") && line.contains(" FOREIGN KEY "))) {
        kept.add(line);
      }
    }
    // Insert before the closing ") ENGINE=..." line, fixing the commas.
    int close = kept.size() - 1;
    while (close > 0 && !kept.get(close).startsWith(")")) {
      close--;
    }
    String before = kept.get(close - 1);
    if (!before.endsWith(",")) {
      kept.set(close - 1, before + ",");
    }
    kept.addAll(close, List.of(String.join(",\n", clauses)));
    return String.join("\n", kept);
  }

  private Manifest.SchemaObject readView(Connection connection, String database, String view)
      throws SQLException {
    String definer = null;
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      s.setString(1, database);
      s.setString(2, view);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          definer = r.getString(1);
        }
      }
    }
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SHOW CREATE VIEW " + SQL.qualified(database, view))) {
      r.next();
      return new Manifest.SchemaObject(
          view, null, r.getString(2), definer, null, r.getString(3), r.getString(4));
    }
  }

  private List<Manifest.SchemaObject> readRoutines(
      Connection connection, String database, String type) throws SQLException {
    List<String[]> found = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT ROUTINE_NAME, DEFINER FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = ? AND ROUTINE_TYPE = ? ORDER BY ROUTINE_NAME")) {
      s.setString(1, database);
      s.setString(2, type);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(new String[] {r.getString(1), r.getString(2)});
        }
      }
    }
    List<Manifest.SchemaObject> routines = new ArrayList<>();
    for (String[] routine : found) {
      try (Statement s = connection.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SHOW CREATE " + type + " " + SQL.qualified(database, routine[0]))) {
        r.next();
        String create = r.getString(3);
        if (create == null) {
          throw new UserError(
              "The source account may not read the body of "
                  + type.toLowerCase(Locale.ROOT)
                  + " "
                  + SQL.qualified(database, routine[0])
                  + "; grant it SELECT on mysql.proc (MariaDB) or SHOW_ROUTINE (MySQL).");
        }
        routines.add(
            new Manifest.SchemaObject(
                routine[0], null, create, routine[1], r.getString(2), r.getString(4),
                r.getString(5)));
      }
    }
    return routines;
  }

  private List<Manifest.SchemaObject> readTriggers(Connection connection, String database)
      throws SQLException {
    List<String[]> found = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, DEFINER FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = ?"
                + " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
        }
      }
    }
    List<Manifest.SchemaObject> triggers = new ArrayList<>();
    for (String[] trigger : found) {
      try (Statement s = connection.createStatement();
          ResultSet r =
              s.executeQuery("SHOW CREATE TRIGGER " + SQL.qualified(database, trigger[0]))) {
        r.next();
        triggers.add(
            new Manifest.SchemaObject(
                trigger[0],
                trigger[1],
                r.getString("SQL Original Statement"),
                trigger[2],
                r.getString("sql_mode"),
                r.getString("character_set_client"),
                r.getString("collation_connection")));
      }
    }
    return triggers;
  }

  private List<Manifest.SchemaObject> readEvents(Connection connection, String database)
      throws SQLException {
    List<String[]> found = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT EVENT_NAME, DEFINER FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(new String[] {r.getString(1), r.getString(2)});
        }
      }
    } catch (SQLException e) {
      if (!MySqlErrors.isEventSchedulerDisabled(e)) {
        throw e;
      }
      LOG.warn(
          "Events of {} not backed up: the source's event scheduler is DISABLED, so the server"
              + " cannot list them",
          SQL.quote(database));
    }
    List<Manifest.SchemaObject> events = new ArrayList<>();
    for (String[] event : found) {
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery("SHOW CREATE EVENT " + SQL.qualified(database, event[0]))) {
        r.next();
        events.add(
            new Manifest.SchemaObject(
                event[0],
                null,
                r.getString("Create Event"),
                event[1],
                r.getString("sql_mode"),
                r.getString("character_set_client"),
                r.getString("collation_connection")));
      }
    }
    return events;
  }

  // ---- Chunk planning -----------------------------------------------------------------------

  /** Tables asked about in one statement by {@link #tablesOfAtLeast}. */
  private static final int TABLES_PER_SIZE_QUERY = 200;

  /**
   * Asks, in one statement per 200 tables, whether each has a row at offset {@code rows - 1}:
   * exact, whatever the statistics say, and a schema of 1,000 small tables no longer sends a
   * key-walking query for each.
   */
  @Override
  public Set<String> tablesOfAtLeast(
      Connection connection, String database, List<String> tables, long rows)
      throws SQLException {
    Set<String> large = new HashSet<>();
    for (int from = 0; from < tables.size(); from += TABLES_PER_SIZE_QUERY) {
      List<String> batch =
          tables.subList(from, Math.min(tables.size(), from + TABLES_PER_SIZE_QUERY));
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < batch.size(); i++) {
        sql.append(i == 0 ? "" : ", ")
            .append("(SELECT 1 FROM ")
            .append(SQL.qualified(database, batch.get(i)))
            .append(" LIMIT 1 OFFSET ")
            .append(rows - 1)
            .append(") IS NOT NULL");
      }
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery(sql.toString())) {
        r.next();
        for (int i = 0; i < batch.size(); i++) {
          if (r.getBoolean(i + 1)) {
            large.add(batch.get(i));
          }
        }
      }
    }
    return large;
  }

  /** Every table's TABLE_ROWS in one query (one per table took a round trip each). */
  @Override
  public Map<String, Long> estimatedRows(
      Connection connection, String database, Collection<String> tables) throws SQLException {
    Map<String, Long> all = new HashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long rows = r.getLong(2);
          all.put(r.getString(1), r.wasNull() ? -1 : rows);
        }
      }
    }
    Map<String, Long> estimates = new HashMap<>();
    for (String table : tables) {
      estimates.put(table, all.getOrDefault(table, -1L));
    }
    return estimates;
  }

  /** The table's TABLE_ROWS: exact for MyISAM and Aria, InnoDB's sampled estimate otherwise. */
  @Override
  public long estimatedRows(Connection connection, String database, String table)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return -1;
        }
        long rows = r.getLong(1);
        return r.wasNull() ? -1 : rows;
      }
    }
  }

  /**
   * The primary-key value of the row {@code chunkRows} rows after {@code after} (exclusive) in
   * key order, or null when fewer rows remain: the upper bound of the next chunk.
   */
  @Override
  public Object[] nextChunkBoundary(
      Connection connection,
      String database,
      String table,
      List<String> primaryKey,
      Object[] after,
      long chunkRows)
      throws SQLException {
    String columns = primaryKey.stream().map(SQL::quote).collect(Collectors.joining(", "));
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(columns)
            .append(" FROM ")
            .append(SQL.qualified(database, table));
    List<Object> parameters = new ArrayList<>();
    if (after != null) {
      sql.append(" WHERE ").append(SQL.keyAfter(primaryKey, after, parameters));
    }
    sql.append(" ORDER BY ").append(columns).append(" LIMIT 1 OFFSET ").append(chunkRows - 1);
    try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        s.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        Object[] key = new Object[primaryKey.size()];
        for (int i = 0; i < key.length; i++) {
          key[i] = r.getObject(i + 1);
        }
        return key;
      }
    }
  }
}
