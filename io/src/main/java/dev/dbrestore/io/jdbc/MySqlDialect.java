package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MySQL and MariaDB, through MySQL Connector/J. */
public final class MySqlDialect implements Dialect {
  private static final long serialVersionUID = 1L;

  public static final MySqlDialect INSTANCE = new MySqlDialect();

  /** The server's error number for a duplicate primary or unique key. */
  private static final int DUPLICATE_KEY = 1062;

  private static final Logger LOG = LoggerFactory.getLogger(MySqlDialect.class);

  private static final Set<String> INTEGER_TYPES =
      Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");
  private static final Set<String> TEXT_TYPES =
      Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
  private static final Set<String> SERVER_TEXT_TYPES =
      Set.of("decimal", "numeric", "date", "datetime", "timestamp", "time", "year");
  private static final Set<String> BINARY_TYPES =
      Set.of(
          "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit", "geometry",
          "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
          "geometrycollection");
  private static final Set<String> UTF8_CHARSETS = Set.of("utf8mb4", "utf8mb3", "utf8", "ascii");

  private MySqlDialect() {}

  private Object readResolve() {
    return INSTANCE;
  }

  @Override
  public java.sql.Driver driver() throws SQLException {
    return new com.mysql.cj.jdbc.Driver();
  }

  @Override
  public Map<String, String> connectionProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("characterEncoding", "UTF-8");
    p.put("connectTimeout", "10000");
    // Never send a local file the server asks for.
    p.put("allowLoadLocalInfile", "false");
    p.put("allowUrlInLocalInfile", "false");
    // Keep values as the server has them: no BIT/TINYINT(1) booleans, no YEAR dates.
    p.put("tinyInt1isBit", "false");
    p.put("transformedBitIsBoolean", "false");
    p.put("yearIsDateType", "false");
    return p;
  }

  /** What every connection has, whatever the URL says. */
  private static final Map<String, String> PINNED =
      Map.of(
          "allowMultiQueries", "false",
          "autoReconnect", "false",
          "autoReconnectForPools", "false",
          "allowLoadLocalInfile", "false",
          "allowUrlInLocalInfile", "false");

  /**
   * Properties a URL may not give at all: each makes the driver load a class, read a file or
   * send one, or changes how this tool's statements and values travel.
   */
  private static final Set<String> NOT_IN_URL =
      Set.of(
          "allowloadlocalinfileinpath", "queryinterceptors", "exceptioninterceptors",
          "connectionlifecycleinterceptors", "socketfactory", "propertiestransform",
          "authenticationplugins", "defaultauthenticationplugin", "clientinfoprovider",
          "useconfigs", "useserverprepstmts", "cacheprepstmts", "rewritebatchedstatements",
          "localsocketaddress");

  @Override
  public Map<String, String> pinnedProperties() {
    return PINNED;
  }

  @Override
  public void checkUrl(String jdbcUrl) {
    // Looked for in the text first: the driver's own URL parser already loads the class a
    // propertiesTransform names and reads the files useConfigs names.
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(jdbcUrl, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = jdbcUrl;
    }
    Matcher named = URL_PROPERTY.matcher(decoded);
    while (named.find()) {
      if (NOT_IN_URL.contains(named.group(1).toLowerCase(Locale.ROOT))) {
        throw refusedInUrl(named.group(1));
      }
    }
    com.mysql.cj.conf.ConnectionUrl url;
    try {
      url = com.mysql.cj.conf.ConnectionUrl.getConnectionUrlInstance(jdbcUrl, new java.util.Properties());
    } catch (RuntimeException e) {
      // Not echoed: a mistyped address may carry a secret.
      throw new UserError(
          "The JDBC URL cannot be read (" + firstLine(e.getMessage()).replaceAll("'.*'", "...")
              + "); give one like jdbc:mysql://host:3306/.");
    }
    Map<String, String> given = new LinkedHashMap<>();
    // Host properties (address=(host=..)(key=value), or (host=..,key=value)) win over the
    // URL's and over the driver's Properties, so every host's own are looked at too.
    for (com.mysql.cj.conf.HostInfo host : url.getHostsList()) {
      host.getHostProperties().forEach((k, v) -> given.put(k, v));
    }
    url.getOriginalProperties().forEach((k, v) -> given.putIfAbsent(k, v));
    Map<String, String> managed = new LinkedHashMap<>();
    connectionProperties().forEach((k, v) -> managed.put(k.toLowerCase(Locale.ROOT), v));
    managed.remove("connecttimeout");
    PINNED.forEach((k, v) -> managed.put(k.toLowerCase(Locale.ROOT), v));
    for (Map.Entry<String, String> property : given.entrySet()) {
      String key = property.getKey().toLowerCase(Locale.ROOT);
      String value = property.getValue() == null ? "" : property.getValue();
      boolean refused =
          NOT_IN_URL.contains(key)
              || (managed.containsKey(key) && !managed.get(key).equalsIgnoreCase(value.strip()));
      if (refused) {
        throw refusedInUrl(property.getKey());
      }
    }
  }

  /** A property as a URL gives it: after ?, &, ( or a comma, before =. */
  private static final Pattern URL_PROPERTY = Pattern.compile("[?&(,;]\\s*([A-Za-z0-9_.]+)\\s*=");

  private static UserError refusedInUrl(String property) {
    return new UserError(
        "The JDBC URL sets " + property + ", which dbrestore sets itself for every connection"
            + " (it may not be changed or loosened); remove it from the URL.");
  }

  @Override
  public Map<String, String> snapshotReadProperties() {
    // The binary protocol carries FLOAT and DOUBLE bit for bit; text would round them.
    return Map.of("useServerPrepStmts", "true", "cachePrepStmts", "false");
  }

  /**
   * LOAD DATA LOCAL needs the client to offer local files at the handshake. Offered through
   * allowLoadLocalInfileInPath pointing at an empty private folder, so that while the connection
   * is set up a server can read nothing; {@link #armBulkLoad} then attaches an empty stream for
   * good and only afterwards allows streams, so no statement can ever make the driver open a
   * file the server names.
   */
  @Override
  public Map<String, String> bulkLoadProperties() {
    Map<String, String> p = new LinkedHashMap<>(writeProperties());
    p.put("allowLoadLocalInfile", "false");
    p.put("allowLoadLocalInfileInPath", NoLocalFiles.folder());
    return p;
  }

  @Override
  public void armBulkLoad(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(NoLocalFiles.EMPTY);
    }
    connection
        .unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
        .getPropertySet()
        .getBooleanProperty(com.mysql.cj.conf.PropertyKey.allowLoadLocalInfile)
        .setValue(true);
  }

  @Override
  public boolean canBulkLoad(List<Manifest.Column> columns, Map<String, String> targetCharsets) {
    // The file is read as CHARACTER SET binary: every value's bytes go into the column as they
    // are, unconverted and unchecked. That is exact only where those bytes are already in the
    // target column's character set: UTF-8 text into utf8mb4 columns, raw bytes of a character
    // set into a column of the same one, bytes into binary columns. BIT and spatial values
    // LOAD DATA takes only through SET expressions. Anything else goes by INSERT, where the
    // server converts and checks.
    if (columns.isEmpty()) {
      return false;
    }
    for (Manifest.Column column : columns) {
      String type = column.type().toLowerCase(Locale.ROOT);
      String base = type.replaceAll("[ (].*", "");
      String target = targetCharsets.get(column.name());
      boolean ok =
          switch (column.encoding()) {
            case LONG, FLOAT, DOUBLE, SERVER_TEXT -> true;
            case TEXT -> "utf8mb4".equalsIgnoreCase(target);
            case BYTES ->
                column.characterSet() != null
                    ? column.characterSet().equalsIgnoreCase(target)
                    : base.contains("binary") || base.contains("blob");
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Map<String, String> columnCharsets(Connection connection, String database, String table)
      throws SQLException {
    return columnAttribute(connection, database, table, "CHARACTER_SET_NAME");
  }

  @Override
  public boolean bulkLoad(
      Connection connection,
      String database,
      String table,
      List<Manifest.Column> columns,
      DataConflictPolicy policy,
      java.io.InputStream rows,
      long expectedRows)
      throws SQLException {
    String names = columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    String sql =
        "LOAD DATA LOCAL INFILE 'dbrestore-chunk' "
            + switch (policy) {
              case STOP -> "";
              case IGNORE -> "IGNORE ";
              case OVERWRITE -> "REPLACE ";
            }
            + "INTO TABLE "
            + qualified(database, table)
            + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'"
            + " LINES TERMINATED BY '\\n' ("
            + names
            + ")";
    try (Statement s = connection.createStatement()) {
      com.mysql.cj.jdbc.JdbcStatement load = s.unwrap(com.mysql.cj.jdbc.JdbcStatement.class);
      load.setLocalInfileInputStream(rows);
      long affected;
      try {
        affected = s.executeLargeUpdate(sql);
      } finally {
        try {
          load.setLocalInfileInputStream(NoLocalFiles.EMPTY);
        } catch (RuntimeException connectionGone) {
          // The session died with the load (its error follows); nothing can be sent on it.
        }
      }
      // LOCAL turns errors into warnings (the server cannot stop the stream): a truncated
      // value, or a duplicate the policy must not skip, shows only here.
      for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
        if (!(policy == DataConflictPolicy.IGNORE && w.getErrorCode() == DUPLICATE_KEY)) {
          return false;
        }
      }
      return policy != DataConflictPolicy.STOP || affected == expectedRows;
    }
  }

  /** An empty folder of this process's own, and a stream with nothing in it. */
  static final class NoLocalFiles {
    static final java.io.InputStream EMPTY =
        new java.io.InputStream() {
          @Override
          public int read() {
            return -1;
          }
        };
    private static String folder;

    static synchronized String folder() {
      if (folder == null) {
        try {
          folder =
              java.nio.file.Files.createTempDirectory(
                      "dbrestore-no-local-files",
                      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")))
                  .toString();
          // It stays empty, so the JVM can remove it when it exits.
          new java.io.File(folder).deleteOnExit();
        } catch (java.io.IOException e) {
          throw new IllegalStateException("Cannot create an empty private folder", e);
        }
      }
      return folder;
    }

    private NoLocalFiles() {}
  }

  @Override
  public Map<String, String> writeProperties() {
    return Map.of("rewriteBatchedStatements", "true", "useServerPrepStmts", "false");
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role) {
    int code = e.getErrorCode();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (code == 1045 || state.equals("28000")) {
      return new UserError(
          "The "
              + role
              + " server at "
              + spec.address()
              + " refused user "
              + spec.user()
              + " (wrong password or no such account); check the user and the password source.",
          e);
    }
    if (code == 1049) {
      return new UserError(
          "The "
              + role
              + " server at "
              + spec.address()
              + " has no database named in the URL; fix the URL or create the database.",
          e);
    }
    if (state.startsWith("08")) {
      return new UserError(
          "Cannot reach the "
              + role
              + " server at "
              + spec.address()
              + "; check the host and port and that the server is running.",
          e);
    }
    return new UserError(
        "Cannot connect to the "
            + role
            + " server at "
            + spec.address()
            + ": "
            + firstLine(e.getMessage()),
        e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

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
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT @@server_uuid")) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException e) {
      return null;
    }
  }

  /** Whether the database exists on the server. */
  @Override
  public boolean databaseExists(Connection connection, String database) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
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
                  + quote(database)
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
                qualified(database, r.getString(1)));
          }
        }
      }
    }
    List<Manifest.Table> tables = new ArrayList<>();
    for (String table : tableNames) {
      tables.add(readTable(connection, database, table));
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

  private Manifest.Table readTable(Connection connection, String database, String table)
      throws SQLException {
    String create;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SHOW CREATE TABLE " + qualified(database, table))) {
      r.next();
      create = r.getString(2);
    }
    List<Manifest.Column> columns = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, EXTRA, CHARACTER_SET_NAME"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String columnType = r.getString(2);
          String dataType = r.getString(3).toLowerCase(Locale.ROOT);
          String extra = r.getString(5) == null ? "" : r.getString(5).toUpperCase(Locale.ROOT);
          // Not DEFAULT_GENERATED: MySQL's mark for an expression default, a stored column.
          boolean generated =
              extra.contains("VIRTUAL") || extra.contains("STORED") || extra.contains("PERSISTENT");
          String columnCharset = r.getString(6);
          columns.add(
              new Manifest.Column(
                  r.getString(1),
                  columnType,
                  "YES".equals(r.getString(4)),
                  generated,
                  columnCharset,
                  encodingOf(dataType, columnType, columnCharset)));
        }
      }
    }
    List<String> primaryKey = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY'"
                + " ORDER BY SEQ_IN_INDEX")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          primaryKey.add(r.getString(1));
        }
      }
    }
    return new Manifest.Table(
        table, repairForeignKeys(connection, database, table, create), columns, primaryKey, 0,
        List.of());
  }

  /**
   * MariaDB prints a foreign key clause without doubling the backticks inside names, so the
   * statement does not parse back where a name holds one. Such clauses are rebuilt from
   * information_schema, quoted properly; other statements are kept as the server printed them.
   */
  private String repairForeignKeys(
      Connection connection, String database, String table, String create) throws SQLException {
    List<String[]> parts = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,"
                + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE"
                + " FROM information_schema.KEY_COLUMN_USAGE k"
                + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                + " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                + " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME"
                + " WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ?"
                + " AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          parts.add(
              new String[] {
                r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7)
              });
        }
      }
    }
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
          first[2].equals(database) ? quote(first[3]) : qualified(first[2], first[3]);
      clauses.add(
          "  CONSTRAINT " + quote(fk.getKey()) + " FOREIGN KEY ("
              + cols.stream().map(c -> quote(c[1])).collect(Collectors.joining(", "))
              + ") REFERENCES " + referenced + " ("
              + cols.stream().map(c -> quote(c[4])).collect(Collectors.joining(", "))
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

  /** The encoding that keeps every value of such a column exactly. */
  static ColumnEncoding encodingOf(String dataType, String columnType, String charset) {
    if (INTEGER_TYPES.contains(dataType)) {
      boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
      return dataType.equals("bigint") && unsigned
          ? ColumnEncoding.SERVER_TEXT
          : ColumnEncoding.LONG;
    }
    if (dataType.equals("float")) {
      return ColumnEncoding.FLOAT;
    }
    if (dataType.equals("double") || dataType.equals("real")) {
      return ColumnEncoding.DOUBLE;
    }
    if (SERVER_TEXT_TYPES.contains(dataType)) {
      return ColumnEncoding.SERVER_TEXT;
    }
    if (BINARY_TYPES.contains(dataType)) {
      return ColumnEncoding.BYTES;
    }
    if (TEXT_TYPES.contains(dataType)) {
      return charset == null || UTF8_CHARSETS.contains(charset.toLowerCase(Locale.ROOT))
          ? ColumnEncoding.TEXT
          : ColumnEncoding.BYTES;
    }
    if (dataType.equals("enum") || dataType.equals("set") || dataType.equals("json")) {
      return ColumnEncoding.TEXT;
    }
    // Other types (INET6, UUID, ...) are kept as the server prints them.
    return ColumnEncoding.SERVER_TEXT;
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
        ResultSet r = s.executeQuery("SHOW CREATE VIEW " + qualified(database, view))) {
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
                  "SHOW CREATE " + type + " " + qualified(database, routine[0]))) {
        r.next();
        String create = r.getString(3);
        if (create == null) {
          throw new UserError(
              "The source account may not read the body of "
                  + type.toLowerCase(Locale.ROOT)
                  + " "
                  + qualified(database, routine[0])
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
              s.executeQuery("SHOW CREATE TRIGGER " + qualified(database, trigger[0]))) {
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
      if (!isEventSchedulerDisabled(e)) {
        throw e;
      }
      LOG.warn(
          "Events of {} not backed up: the source's event scheduler is DISABLED, so the server"
              + " cannot list them",
          quote(database));
    }
    List<Manifest.SchemaObject> events = new ArrayList<>();
    for (String[] event : found) {
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery("SHOW CREATE EVENT " + qualified(database, event[0]))) {
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

  @Override
  public String selectExpression(Manifest.Column column) {
    String name = quote(column.name());
    return switch (column.encoding()) {
      case SERVER_TEXT -> "CAST(" + name + " AS CHAR)";
      case BYTES ->
          column.characterSet() != null ? "CAST(" + name + " AS BINARY)" : name;
      default -> name;
    };
  }

  @Override
  public Object readValue(ResultSet rows, int index, ColumnEncoding encoding)
      throws SQLException {
    Object value =
        switch (encoding) {
          case LONG -> rows.getLong(index);
          case FLOAT -> rows.getFloat(index);
          case DOUBLE -> rows.getDouble(index);
          // The connection's results are utf8mb4: the bytes as they came are the UTF-8 text,
          // without a String decoded from them only to be encoded again.
          case TEXT, SERVER_TEXT, BYTES -> rows.getBytes(index);
        };
    return rows.wasNull() ? null : value;
  }

  @Override
  public void bindValue(
      PreparedStatement statement, int index, ColumnEncoding encoding, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, java.sql.Types.NULL);
      return;
    }
    switch (encoding) {
      case LONG -> statement.setLong(index, (Long) value);
      // Widened to double, the text the driver sends parses back to the same float.
      case FLOAT -> statement.setDouble(index, (Float) value);
      case DOUBLE -> statement.setDouble(index, (Double) value);
      case TEXT, SERVER_TEXT -> statement.setString(index, (String) value);
      case BYTES -> statement.setBytes(index, (byte[]) value);
    }
  }

  @Override
  public void startSnapshotSession(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00'");
      s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    }
  }

  @Override
  public void disableBinlog(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION sql_log_bin = 0");
    }
  }

  @Override
  public void prepareRestoreSession(Connection connection, Manifest.Source source)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET NAMES utf8mb4");
      s.execute("SET SESSION time_zone = '+00:00'");
      s.execute("SET SESSION foreign_key_checks = 0");
    }
    try (PreparedStatement s = connection.prepareStatement("SET SESSION sql_mode = ?")) {
      s.setString(1, restoreSqlMode(source.sqlMode()));
      s.execute();
    }
  }

  /**
   * Modes that change how this tool's own statements are read (the bulk loader's separators and
   * escapes are written with backslashes) or how values read back: never on a restore session.
   */
  private static final Set<String> DATA_PATH_MODES =
      Set.of("NO_BACKSLASH_ESCAPES", "PAD_CHAR_TO_FULL_LENGTH");

  /**
   * The source's sql_mode without the modes that change how the data path's text is read, plus
   * NO_AUTO_VALUE_ON_ZERO, so a stored 0 stays 0.
   */
  static String restoreSqlMode(String sourceMode) {
    List<String> modes = new ArrayList<>();
    for (String mode : (sourceMode == null ? "" : sourceMode).split(",")) {
      String name = mode.strip();
      if (!name.isEmpty() && !DATA_PATH_MODES.contains(name.toUpperCase(Locale.ROOT))) {
        modes.add(name);
      }
    }
    if (!modes.contains("NO_AUTO_VALUE_ON_ZERO")) {
      modes.add("NO_AUTO_VALUE_ON_ZERO");
    }
    return String.join(",", modes);
  }

  @Override
  public String insertStatement(
      String database, String table, List<Manifest.Column> columns, DataConflictPolicy policy) {
    String names = columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    String values = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String into = qualified(database, table) + " (" + names + ") VALUES (" + values + ")";
    return switch (policy) {
      case STOP -> "INSERT INTO " + into;
      // Not INSERT IGNORE: that also hides truncation and other errors. A no-op update on a
      // duplicate key skips exactly the rows whose key exists.
      case IGNORE -> {
        String first = quote(columns.get(0).name());
        yield "INSERT INTO " + into + " ON DUPLICATE KEY UPDATE " + first + " = " + first;
      }
      // REPLACE deletes the row holding the key, then inserts: "delete first, then rewrite".
      case OVERWRITE -> "REPLACE INTO " + into;
    };
  }

  private static final Pattern SECONDARY_INDEX =
      Pattern.compile("^\\s+(?:UNIQUE |FULLTEXT |SPATIAL )?KEY `((?:[^`]|``)*)`.*$");

  @Override
  public DeferredIndexes deferSecondaryIndexes(String createStatement) {
    if (createStatement.toUpperCase(Locale.ROOT).contains("FOREIGN KEY")) {
      return new DeferredIndexes(createStatement, List.of());
    }
    String[] lines = createStatement.split("\n", -1);
    List<String> kept = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    for (String line : lines) {
      if (SECONDARY_INDEX.matcher(line).matches()) {
        String definition = line.strip();
        indexes.add(definition.endsWith(",") ? definition.substring(0, definition.length() - 1)
            : definition);
      } else {
        kept.add(line);
      }
    }
    if (indexes.isEmpty()) {
      return new DeferredIndexes(createStatement, List.of());
    }
    // The definition before the closing ") ENGINE=..." line must not end with a comma.
    for (int i = kept.size() - 1; i > 0; i--) {
      if (kept.get(i).startsWith(")")) {
        String before = kept.get(i - 1);
        if (before.endsWith(",")) {
          kept.set(i - 1, before.substring(0, before.length() - 1));
        }
        break;
      }
    }
    return new DeferredIndexes(String.join("\n", kept), indexes);
  }

  @Override
  public void addIndexes(
      Connection connection, String database, String table, List<CheckedStatement> definitions)
      throws SQLException {
    Set<String> existing = new HashSet<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          existing.add(r.getString(1));
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (CheckedStatement checked : definitions) {
      String definition = checked.sql();
      Matcher m = SECONDARY_INDEX.matcher("  " + definition);
      String name = m.matches() ? m.group(1).replace("``", "`") : null;
      if (name == null || !existing.contains(name)) {
        missing.add("ADD " + definition);
      }
    }
    if (!missing.isEmpty()) {
      try (Statement s = connection.createStatement()) {
        s.setEscapeProcessing(false);
        s.execute("ALTER TABLE " + qualified(database, table) + " " + String.join(", ", missing));
      }
    }
  }

  @Override
  public String renameInCreateTable(String createStatement, String sourceTable, String targetTable) {
    String prefix = "CREATE TABLE " + quote(sourceTable);
    if (!createStatement.startsWith(prefix)) {
      throw new UserError(
          "The CREATE statement of table "
              + quote(sourceTable)
              + " in the backup set does not start as the server prints it; it cannot be renamed.");
    }
    return "CREATE TABLE " + quote(targetTable) + createStatement.substring(prefix.length());
  }

  @Override
  public Set<String> privileges(Connection connection, String database) throws SQLException {
    Set<String> privileges = new HashSet<>();
    String account = currentAccount(connection);
    int at = account.lastIndexOf('@');
    String grantee = "'" + account.substring(0, at) + "'@'" + account.substring(at + 1) + "'";
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?")) {
      s.setString(1, grantee);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          privileges.add(r.getString(1).toUpperCase(Locale.ROOT));
        }
      }
    }
    // Schema grants may name the database with LIKE wildcards (shop\_%).
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
                + " WHERE GRANTEE = ? AND ? LIKE TABLE_SCHEMA")) {
      s.setString(1, grantee);
      s.setString(2, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          privileges.add(r.getString(1).toUpperCase(Locale.ROOT));
        }
      }
    }
    return privileges;
  }

  @Override
  public Set<String> characterSets(Connection connection) throws SQLException {
    return names(connection, "SELECT CHARACTER_SET_NAME FROM information_schema.CHARACTER_SETS");
  }

  @Override
  public Set<String> collations(Connection connection) throws SQLException {
    return names(connection, "SELECT COLLATION_NAME FROM information_schema.COLLATIONS");
  }

  private static Set<String> names(Connection connection, String sql) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        names.add(r.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  @Override
  public long maxAllowedPacket(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT @@GLOBAL.max_allowed_packet")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public boolean isReadOnly(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT @@GLOBAL.read_only")) {
        r.next();
        if (r.getInt(1) != 0) {
          return true;
        }
      }
      try (ResultSet r = s.executeQuery("SELECT @@GLOBAL.super_read_only")) {
        return r.next() && r.getInt(1) != 0;
      } catch (SQLException notMySql) {
        return false;
      }
    }
  }

  @Override
  public long countRows(Connection connection, String database, String table)
      throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + qualified(database, table))) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public Map<String, String> columnTypes(Connection connection, String database, String table)
      throws SQLException {
    return columnAttribute(connection, database, table, "COLUMN_TYPE");
  }

  /** One information_schema.COLUMNS attribute of a table's columns, by name, in column order. */
  private static Map<String, String> columnAttribute(
      Connection connection, String database, String table, String attribute)
      throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT COLUMN_NAME, " + attribute + " FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          values.put(r.getString(1), r.getString(2));
        }
      }
    }
    return values;
  }

  /** MariaDB refuses to read events while its event scheduler is DISABLED (error 1577). */
  private static boolean isEventSchedulerDisabled(SQLException e) {
    return e.getErrorCode() == 1577
        || (e.getMessage() != null && e.getMessage().contains("event scheduler is disabled"));
  }

  // ---- Consistent snapshot ------------------------------------------------------------------

  /**
   * Takes the global read lock and records the binlog coordinates and time of this point. The
   * lock holds until {@link #releaseGlobalReadLock} on the same connection.
   */
  @Override
  public Manifest.ConsistentPoint lockAndRecordPoint(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try {
        s.execute("FLUSH TABLES WITH READ LOCK");
      } catch (SQLException e) {
        if (e.getErrorCode() == 1227) {
          throw new UserError(
              "The source account may not take the global read lock that a consistent backup"
                  + " needs; grant it the RELOAD privilege.",
              e);
        }
        throw e;
      }
      String file = null;
      Long position = null;
      // MySQL 8.4 renamed SHOW MASTER STATUS; MariaDB and older MySQL know only the old name.
      ResultSet status;
      try {
        status = s.executeQuery("SHOW BINARY LOG STATUS");
      } catch (SQLException oldName) {
        status = s.executeQuery("SHOW MASTER STATUS");
      }
      try (ResultSet r = status) {
        if (r.next()) {
          file = r.getString(1);
          position = r.getLong(2);
        }
      }
      String gtid = null;
      try (ResultSet r = s.executeQuery("SELECT @@GLOBAL.gtid_current_pos")) {
        if (r.next()) {
          gtid = r.getString(1);
        }
      } catch (SQLException notMariaDb) {
        try (ResultSet r = s.executeQuery("SELECT @@GLOBAL.gtid_executed")) {
          if (r.next()) {
            gtid = r.getString(1);
          }
        }
      }
      if (gtid != null && gtid.isEmpty()) {
        gtid = null;
      }
      return new Manifest.ConsistentPoint(file, position, gtid, Instant.now().toString());
    }
  }

  @Override
  public void releaseGlobalReadLock(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("UNLOCK TABLES");
    }
  }

  /** Takes a named user-level lock without waiting; true when this session now holds it. */
  @Override
  public boolean takeNamedLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    }
  }

  @Override
  public void releaseNamedLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      s.setString(1, name);
      s.executeQuery().close();
    }
  }

  /** Whether some session holds the named lock. */
  @Override
  public boolean isNamedLockHeld(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        r.getLong(1);
        return !r.wasNull();
      }
    }
  }

  // ---- Chunk planning -----------------------------------------------------------------------

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
    String columns = primaryKey.stream().map(this::quote).collect(Collectors.joining(", "));
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(columns)
            .append(" FROM ")
            .append(qualified(database, table));
    List<Object> parameters = new ArrayList<>();
    if (after != null) {
      sql.append(" WHERE ").append(keyAfter(primaryKey, after, parameters));
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

  /** {@code (k1, k2, ...) > (v1, v2, ...)} spelled out so every server uses the index. */
  @Override
  public String keyAfter(List<String> key, Object[] values, List<Object> parameters) {
    return keyCompare(key, values, ">", false, parameters);
  }

  /** {@code (k1, k2, ...) <= (v1, v2, ...)} spelled out. */
  @Override
  public String keyAtMost(List<String> key, Object[] values, List<Object> parameters) {
    return keyCompare(key, values, "<", true, parameters);
  }

  private String keyCompare(
      List<String> key, Object[] values, String op, boolean orEqual, List<Object> parameters) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      StringBuilder term = new StringBuilder("(");
      for (int j = 0; j < i; j++) {
        term.append(quote(key.get(j))).append(" = ? AND ");
        parameters.add(values[j]);
      }
      term.append(quote(key.get(i))).append(' ').append(op).append(" ?)");
      parameters.add(values[i]);
      terms.add(term.toString());
    }
    if (orEqual) {
      StringBuilder all = new StringBuilder("(");
      for (int j = 0; j < key.size(); j++) {
        all.append(j == 0 ? "" : " AND ").append(quote(key.get(j))).append(" = ?");
        parameters.add(values[j]);
      }
      terms.add(all.append(')').toString());
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  // ---- Restore: structure and post-data objects ---------------------------------------------

  /** Names of the tables, views, routines, triggers and events a database already has. */
  @Override
  public List<String> existingObjects(Connection connection, String database)
      throws SQLException {
    List<String> names = new ArrayList<>();
    String[][] queries = {
      // One-word kinds: callers cut "kind `db`.`name`" at the first space.
      {"SELECT TABLE_NAME, CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN"
          + " 'sequence' ELSE 'table' END FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"},
      {"SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"},
      {"SELECT TRIGGER_NAME, 'TRIGGER' FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"},
      {"SELECT EVENT_NAME, 'EVENT' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?"}
    };
    for (String[] query : queries) {
      try (PreparedStatement s = connection.prepareStatement(query[0])) {
        s.setString(1, database);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            names.add(
                r.getString(2).toLowerCase(Locale.ROOT) + " " + qualified(database, r.getString(1)));
          }
        }
      } catch (SQLException e) {
        // With the event scheduler DISABLED the server has no events to list.
        if (!isEventSchedulerDisabled(e)) {
          throw e;
        }
      }
    }
    return names;
  }

  /** Creates the database with the source's character set and collation if it is missing. */
  @Override
  public void createDatabase(Connection connection, Manifest.Database database)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE DATABASE IF NOT EXISTS "
              + quote(database.name())
              + " CHARACTER SET "
              + settingName(database.characterSet())
              + " COLLATE "
              + settingName(database.collation()));
    }
  }

  /** Runs a checked CREATE TABLE statement in the given database. */
  @Override
  public void createTable(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    connection.setCatalog(database);
    try (Statement s = connection.createStatement()) {
      // The text runs as checked: no JDBC {escape} rewriting by the driver.
      s.setEscapeProcessing(false);
      s.execute(create.sql());
    }
  }

  /**
   * Creates a view, routine, trigger or event from its checked statement (DEFINER removed, so
   * the restoring account becomes its definer) under the sql_mode and client character set it
   * was defined and checked with.
   */
  @Override
  public void createSchemaObject(Connection connection, String database, CheckedStatement create)
      throws SQLException {
    connection.setCatalog(database);
    try (Statement s = connection.createStatement()) {
      try (PreparedStatement mode = connection.prepareStatement("SET SESSION sql_mode = ?")) {
        mode.setString(1, create.sqlMode());
        mode.execute();
      }
      if (create.characterSetClient() != null) {
        s.execute(
            "SET character_set_client = "
                + settingName(create.characterSetClient())
                + ", collation_connection = "
                + settingName(create.collationConnection())
                + ", character_set_results = "
                + settingName(create.characterSetClient()));
      }
      try {
        s.setEscapeProcessing(false);
        s.execute(create.sql());
      } finally {
        s.execute("SET NAMES utf8mb4");
      }
    }
  }

  private static final Set<String> SYSTEM_SCHEMAS =
      Set.of("mysql", "sys", "performance_schema", "information_schema");

  @Override
  public boolean isSystemSchema(String database) {
    return database != null && SYSTEM_SCHEMAS.contains(database.toLowerCase(Locale.ROOT));
  }

  @Override
  public Set<String> engines(Connection connection) throws SQLException {
    return names(
        connection,
        "SELECT ENGINE FROM information_schema.ENGINES WHERE SUPPORT IN ('YES', 'DEFAULT')");
  }

  @Override
  public CheckedStatement checkTable(
      String entry, String where, String createStatement, String database, String table,
      String sqlMode, StatementCheck.Target target) {
    return StatementCheck.table(entry, where, createStatement, database, table, sqlMode, target);
  }

  @Override
  public CheckedStatement checkIndex(
      String entry, String where, String definition, String sqlMode,
      StatementCheck.Target target) {
    return StatementCheck.index(entry, where, definition, sqlMode, target);
  }

  @Override
  public CheckedStatement checkSchemaObject(
      StatementCheck.Kind kind, String entry, String where, Manifest.SchemaObject object,
      String database, String sqlModeDefault, StatementCheck.Target target) {
    return StatementCheck.schemaObject(
        kind, entry, where, object, database, sqlModeDefault, target);
  }

  /**
   * Reads the statement's backtick-quoted names, skipping string literals: {@code `db`.`f`(} and
   * {@code `f`(} are calls, {@code `db`.`t`} and {@code `db`.`t`.`column`} name a table or view,
   * and an unqualified name after FROM or JOIN one of the statement's own database. The server
   * prints a view's body with every table and function qualified when no database is selected,
   * as in a backup's session.
   */
  @Override
  public Set<Reference> referencesOf(String database, String createStatement) {
    Set<Reference> found = new java.util.LinkedHashSet<>();
    List<MySqlTokenizer.Token> tokens;
    try {
      tokens =
          MySqlTokenizer.tokenize(createStatement, null).stream()
              .filter(MySqlTokenizer.Token::isCode)
              .toList();
    } catch (MySqlTokenizer.Unreadable e) {
      // Pre-check item 17 refuses such a statement; it names nothing to order by.
      return found;
    }
    String lastWord = "";
    for (int i = 0; i < tokens.size(); i++) {
      MySqlTokenizer.Token token = tokens.get(i);
      switch (token.type()) {
        case NAME -> {
          List<String> parts = new ArrayList<>(List.of(token.value()));
          while (i + 2 < tokens.size()
              && tokens.get(i + 1).isSymbol(".")
              && tokens.get(i + 2).type() == MySqlTokenizer.Type.NAME) {
            parts.add(tokens.get(i + 2).value());
            i += 2;
          }
          boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
          if (parts.size() >= 2) {
            found.add(new Reference(parts.get(0), parts.get(1), call && parts.size() == 2));
          } else if (call) {
            found.add(new Reference(database, parts.get(0), true));
          } else if (lastWord.equals("from") || lastWord.equals("join")) {
            found.add(new Reference(database, parts.get(0), false));
          }
          lastWord = "";
        }
        case WORD -> lastWord = token.value().toLowerCase(Locale.ROOT);
        // "from (`a` join `b`)": a parenthesis keeps the table context.
        case SYMBOL -> lastWord = token.isSymbol("(") ? lastWord : "";
        default -> lastWord = "";
      }
    }
    return found;
  }

  /** A character set or collation name from a manifest, refused unless it is a plain word. */
  private static String settingName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_]+")) {
      throw new UserError(
          "The backup set names the character set or collation '"
              + name
              + "', which is not a valid name; the manifest is damaged.");
    }
    return name;
  }

  /** The statement with its DEFINER clauses removed (read as the tokenizer reads it). */
  static String withoutDefiner(String createStatement) {
    return StatementCheck.withoutDefiner(createStatement, null);
  }

  // ---- The restore journal ------------------------------------------------------------------

  @Override
  public void createJournal(Connection connection, String schema) throws SQLException {
    if (isSystemSchema(schema)) {
      throw new UserError(
          "The journal schema " + quote(schema) + " is one of the server's own; choose another"
              + " with journalSchema or --journal-schema.");
    }
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + quote(schema) + " CHARACTER SET utf8mb4");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + qualified(schema, "chunks_done")
              + " (task_id VARCHAR(64) NOT NULL, chunk_file VARCHAR(255) NOT NULL,"
              + " target_table VARCHAR(400) NOT NULL, row_count BIGINT NOT NULL,"
              + " done_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
              + " PRIMARY KEY (task_id, chunk_file)) ENGINE=InnoDB");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + qualified(schema, "objects_done")
              + " (task_id VARCHAR(64) NOT NULL, object VARCHAR(400) NOT NULL,"
              + " done_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
              + " PRIMARY KEY (task_id, object)) ENGINE=InnoDB");
    }
  }

  @Override
  public boolean isChunkDone(Connection connection, String schema, String taskId, String chunkFile)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM "
                + qualified(schema, "chunks_done")
                + " WHERE task_id = ? AND chunk_file = ?")) {
      s.setString(1, taskId);
      s.setString(2, chunkFile);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  @Override
  public void markChunkDone(
      Connection connection,
      String schema,
      String taskId,
      String chunkFile,
      String targetTable,
      long rows)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO "
                + qualified(schema, "chunks_done")
                + " (task_id, chunk_file, target_table, row_count) VALUES (?, ?, ?, ?)")) {
      s.setString(1, taskId);
      s.setString(2, chunkFile);
      s.setString(3, targetTable);
      s.setLong(4, rows);
      s.executeUpdate();
    }
  }

  @Override
  public Set<String> chunksDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return journalColumn(connection, schema, "chunks_done", "chunk_file", taskId);
  }

  @Override
  public Map<String, Long> journaledRows(Connection connection, String schema, String taskId)
      throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    if (!databaseExists(connection, schema)) {
      return rows;
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT target_table, SUM(row_count) FROM "
                + qualified(schema, "chunks_done")
                + " WHERE task_id = ? GROUP BY target_table")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.put(r.getString(1), r.getLong(2));
        }
      }
    } catch (SQLException e) {
      if (e.getErrorCode() != 1146) {
        throw e;
      }
    }
    return rows;
  }

  @Override
  public Set<String> objectsDone(Connection connection, String schema, String taskId)
      throws SQLException {
    Set<String> objects = journalColumn(connection, schema, "objects_done", "object", taskId);
    objects.remove(Journal.STOP_ENTRY);
    return objects;
  }

  private Set<String> journalColumn(
      Connection connection, String schema, String table, String column, String taskId)
      throws SQLException {
    Set<String> values = new HashSet<>();
    if (!databaseExists(connection, schema)) {
      return values;
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT " + column + " FROM " + qualified(schema, table) + " WHERE task_id = ?")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          values.add(r.getString(1));
        }
      }
    } catch (SQLException e) {
      // 1146: the schema exists but not the table (a journal being created); nothing done yet.
      if (e.getErrorCode() != 1146) {
        throw e;
      }
    }
    return values;
  }

  @Override
  public void markObjectDone(Connection connection, String schema, String taskId, String object)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT IGNORE INTO "
                + qualified(schema, "objects_done")
                + " (task_id, object) VALUES (?, ?)")) {
      s.setString(1, taskId);
      s.setString(2, object);
      s.executeUpdate();
    }
  }

  @Override
  public void stop(Connection connection, String schema, String taskId) throws SQLException {
    markObjectDone(connection, schema, taskId, Journal.STOP_ENTRY);
  }

  @Override
  public void clearStop(Connection connection, String schema, String taskId)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "DELETE FROM " + qualified(schema, "objects_done")
                + " WHERE task_id = ? AND object = ?")) {
      s.setString(1, taskId);
      s.setString(2, Journal.STOP_ENTRY);
      s.executeUpdate();
    }
  }

  @Override
  public boolean isStopped(Connection connection, String schema, String taskId)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM " + qualified(schema, "objects_done")
                + " WHERE task_id = ? AND object = ?")) {
      s.setString(1, taskId);
      s.setString(2, Journal.STOP_ENTRY);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static final Map<String, Set<String>> JOURNAL_TABLES =
      Map.of(
          "chunks_done", Set.of("task_id", "chunk_file", "target_table", "row_count", "done_at"),
          "objects_done", Set.of("task_id", "object", "done_at"));

  @Override
  public boolean dropJournal(Connection connection, String schema) throws SQLException {
    if (isSystemSchema(schema)) {
      throw new UserError(
          "The schema " + quote(schema) + " is one of the server's own, never a restore journal;"
              + " nothing was dropped.");
    }
    if (!databaseExists(connection, schema)) {
      return false;
    }
    List<String> foreign = notJournal(connection, schema);
    if (!foreign.isEmpty()) {
      throw new UserError(
          "The schema " + quote(schema) + " holds more than a restore journal ("
              + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
              + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
              + "), so it was left untouched; name the journal with --journal-schema.");
    }
    try (Statement s = connection.createStatement()) {
      // The journal's own tables first; the schema itself only once it is empty.
      for (String table : JOURNAL_TABLES.keySet()) {
        s.execute("DROP TABLE IF EXISTS " + qualified(schema, table));
      }
      List<String> late = notJournal(connection, schema);
      if (!late.isEmpty()) {
        throw new UserError(
            "Objects appeared in the schema " + quote(schema) + " while its journal was dropped ("
                + String.join(", ", late) + "); the schema was kept with them.");
      }
      s.execute("DROP DATABASE " + quote(schema));
    }
    return true;
  }

  /** What a schema holds besides the journal's tables with the journal's columns. */
  private List<String> notJournal(Connection connection, String schema) throws SQLException {
    List<String> foreign = new ArrayList<>();
    Map<String, Set<String>> columns = new LinkedHashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " ORDER BY TABLE_NAME")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String name = r.getString(1);
          String type = r.getString(2);
          if (!"BASE TABLE".equals(type) || !JOURNAL_TABLES.containsKey(name)) {
            foreign.add(("BASE TABLE".equals(type) ? "table" : type.toLowerCase(java.util.Locale.ROOT))
                + " " + quote(name));
          } else {
            columns.put(name, new HashSet<>());
          }
        }
      }
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Set<String> of = columns.get(r.getString(1));
          if (of != null) {
            of.add(r.getString(2));
          }
        }
      }
    }
    columns.forEach(
        (table, found) -> {
          if (!found.equals(JOURNAL_TABLES.get(table))) {
            foreign.add("table " + quote(table) + " with other columns than the journal's");
          }
        });
    String[][] others = {
      {"routine", "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"},
      {"trigger", "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"},
      {"event", "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?"}
    };
    for (String[] kind : others) {
      try (PreparedStatement s = connection.prepareStatement(kind[1])) {
        s.setString(1, schema);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            foreign.add(kind[0] + " " + quote(r.getString(1)));
          }
        }
      } catch (SQLException e) {
        if (!kind[0].equals("event") || !isEventSchedulerDisabled(e)) {
          throw e;
        }
        // With the scheduler DISABLED the server cannot list events: ask its own table.
        try (PreparedStatement s =
            connection.prepareStatement("SELECT name FROM mysql.event WHERE db = ?")) {
          s.setString(1, schema);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              foreign.add("event " + quote(r.getString(1)));
            }
          }
        }
      }
    }
    return foreign;
  }

  // ---- Events ---------------------------------------------------------------------------------

  @Override
  public boolean eventEnabled(String createEvent) {
    String status = EventStatements.status(createEvent);
    // Not found: count it as enabled, so the pre-check warns rather than stays silent.
    return status == null || status.equals("ENABLE");
  }

  @Override
  public String eventDisabled(String createEvent) {
    return EventStatements.disabled(createEvent);
  }

  @Override
  public void disableEvent(Connection connection, String database, String event)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("ALTER EVENT " + qualified(database, event) + " DISABLE");
    } catch (SQLException e) {
      // 1539: unknown event; a one-time event in the past is dropped as soon as it is created.
      if (e.getErrorCode() != 1539) {
        throw e;
      }
    }
  }

  @Override
  public boolean eventSchedulerRunning(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT @@GLOBAL.event_scheduler")) {
      r.next();
      String value = r.getString(1);
      return "ON".equalsIgnoreCase(value) || "1".equals(value);
    }
  }

  @Override
  public boolean isTransient(SQLException e) {
    int code = e.getErrorCode();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return code == 1213 // deadlock
        || code == 1205 // lock wait timeout
        || code == 1040 // too many connections
        || code == 2006 // server has gone away
        || code == 2013 // lost connection during query
        || code == 1927 // MariaDB: connection killed
        || code == 1053 // server shutdown in progress
        || state.startsWith("08") // connection failures, including Connector/J's own
        || state.equals("40001"); // serialization failure
  }

  @Override
  public boolean isDuplicateKey(SQLException e) {
    return e.getErrorCode() == DUPLICATE_KEY;
  }

  @Override
  public boolean isLocalDataRefused(SQLException e) {
    int code = e.getErrorCode();
    // 1148/4166 (MariaDB), 3948 (MySQL): the server does not take local data.
    return code == 1148 || code == 3948 || code == 4166;
  }

  @Override
  public String currentAccount(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT CURRENT_USER()")) {
      r.next();
      return r.getString(1);
    }
  }
}
