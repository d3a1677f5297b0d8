package dev.dbrestore.io.sqlserver;

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
 * How this tool connects to SQL Server through mssql-jdbc.
 *
 * <p>Every connection sends {@code time} parameters as {@code time}, not {@code datetime}
 * ({@code sendTimeAsDatetime=false}: else a {@code time(7)} value loses its last digits), text
 * as nvarchar, and never reconnects by itself ({@code connectRetryCount=0}: a silently
 * reconnected session has lost its transaction and its settings). {@code encrypt},
 * {@code trustServerCertificate} and {@code hostNameInCertificate} are taken from the URL as
 * the DBA wrote them; where the URL gives none, the driver's defaults hold (encrypted, the
 * server's certificate checked).
 */
public final class SqlServerConnections implements ConnectionSettings {
  /** What every connection has, whatever the URL says. */
  private static final Map<String, String> PINNED =
      Map.of(
          "sendTimeAsDatetime", "false",
          "sendStringParametersAsUnicode", "true",
          "connectRetryCount", "0",
          "useBulkCopyForBatchInsert", "false");

  /**
   * Properties a URL may not give at all: each makes the driver load a class of the URL's
   * choosing or read a key store.
   */
  private static final Set<String> NOT_IN_URL =
      Set.of(
          "socketfactoryclass", "socketfactoryconstructorarg", "trustmanagerclass",
          "trustmanagerconstructorarg", "accesstokencallbackclass", "keystorelocation",
          "keystoresecret", "keystoreauthentication", "clientkey", "clientcertificate");

  /** A property as a URL gives it: after a semicolon, before =. */
  private static final Pattern URL_PROPERTY =
      Pattern.compile(";\\s*([A-Za-z0-9_.]+)\\s*=\\s*(\\{[^}]*\\}|[^;]*)");

  @Override
  public java.sql.Driver driver() {
    return new com.microsoft.sqlserver.jdbc.SQLServerDriver();
  }

  @Override
  public Map<String, String> connectionProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("applicationName", "dbrestore");
    p.put("loginTimeout", "10");
    return p;
  }

  @Override
  public Map<String, String> pinnedProperties() {
    return PINNED;
  }

  @Override
  public void checkUrl(String jdbcUrl) {
    Matcher property = URL_PROPERTY.matcher(jdbcUrl);
    while (property.find()) {
      String key = property.group(1).toLowerCase(Locale.ROOT);
      String value = property.group(2).strip();
      if (value.startsWith("{") && value.endsWith("}")) {
        value = value.substring(1, value.length() - 1);
      }
      String pinned = pinnedValue(key);
      if (NOT_IN_URL.contains(key) || (pinned != null && !pinned.equalsIgnoreCase(value))) {
        throw new UserError(
            "The JDBC URL sets " + property.group(1) + ", which dbrestore sets itself for every"
                + " connection (it may not be changed or loosened); remove it from the URL.");
      }
    }
  }

  private static String pinnedValue(String lowerCaseKey) {
    for (Map.Entry<String, String> pinned : PINNED.entrySet()) {
      if (pinned.getKey().toLowerCase(Locale.ROOT).equals(lowerCaseKey)) {
        return pinned.getValue();
      }
    }
    return null;
  }

  /** Rows stream as they are read (adaptive buffering), on a direct cursor. */
  @Override
  public Map<String, String> snapshotReadProperties() {
    return Map.of("responseBuffering", "adaptive", "selectMethod", "direct");
  }

  @Override
  public Map<String, String> writeProperties() {
    return Map.of();
  }

  @Override
  public UserError explainConnectFailure(SQLException e, ConnectionSpec spec, String role) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e.getErrorCode() == LOGIN_FAILED) {
      return ConnectFailures.loginRefused(e, spec, role);
    }
    if (e.getErrorCode() == CANNOT_OPEN_DATABASE) {
      return ConnectFailures.noDatabase(e, spec, role);
    }
    if (message.contains("secure connection") || message.contains("PKIX")) {
      return new UserError(
          "The " + role + " server at " + spec.address() + " and this tool could not agree on"
              + " an encrypted connection (" + ConnectFailures.firstLine(message) + "); set"
              + " encrypt, trustServerCertificate or hostNameInCertificate in the URL as the"
              + " server's certificate requires.",
          e);
    }
    if (state.startsWith("08")) {
      return ConnectFailures.unreachable(e, spec, role);
    }
    return ConnectFailures.other(e, spec, role);
  }

  /** Login failed for user. */
  static final int LOGIN_FAILED = 18456;

  /** Cannot open the database requested by the login. */
  static final int CANNOT_OPEN_DATABASE = 4060;
}
