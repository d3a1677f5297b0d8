package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ConnectFailures;
import dev.dbrestore.io.jdbc.ConnectionSettings;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How this tool connects to MySQL and MariaDB through Connector/J: properties, pinned
 * protections, URL checks, connect failures.
 */
final class MySqlConnections implements ConnectionSettings {
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
          "The JDBC URL cannot be read ("
              + ConnectFailures.firstLine(e.getMessage()).replaceAll("'.*'", "...")
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

  @Override
  public Map<String, String> writeProperties() {
    return Map.of("rewriteBatchedStatements", "true", "useServerPrepStmts", "false");
  }

  @Override
  public UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role) {
    int code = e.getErrorCode();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (code == 1045 || state.equals("28000")) {
      return ConnectFailures.loginRefused(e, spec, role);
    }
    if (code == 1049) {
      return ConnectFailures.noDatabase(e, spec, role);
    }
    if (state.startsWith("08")) {
      return ConnectFailures.unreachable(e, spec, role);
    }
    return ConnectFailures.other(e, spec, role);
  }
}
