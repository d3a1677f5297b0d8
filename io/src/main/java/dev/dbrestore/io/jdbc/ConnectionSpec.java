package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where and as whom to connect: a JDBC URL, a user and a password. The password travels with the
 * pipeline's functions so workers can connect, but is never printed: {@link #toString()} and
 * every message name only the address and the user.
 */
public final class ConnectionSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  private ConnectionSpec(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * A connection spec; refuses a URL that carries a password, which would end up in logs and
   * task records.
   */
  public static ConnectionSpec of(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      // Not echoed: a mistyped address may carry a password.
      throw new UserError("The address given is not a JDBC URL; give one like jdbc:mysql://host:3306/.");
    }
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    // password=, password1= (multi-factor), or user:password@host in any URL scheme.
    if (lower.contains("password") || lower.matches("jdbc:[^/]*//[^/?#]*:[^/?#]*@.*")) {
      throw new UserError(
          "The JDBC URL carries a password; remove it and give the password with --password-env"
              + " or --password-file.");
    }
    return new ConnectionSpec(jdbcUrl, user, password);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  /** The address without connection properties, for messages. */
  public String address() {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  /** Opens a connection with the dialect's properties plus {@code extra}. */
  public Connection open(Dialect dialect, Map<String, String> extra) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(dialect.connectionProperties());
    properties.putAll(extra);
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    // The dialect's own driver, not DriverManager: on a Flink TaskManager DriverManager keeps
    // the driver of the first job's class loader and refuses every later job.
    Connection connection = dialect.driver().connect(jdbcUrl, properties);
    if (connection == null) {
      throw new SQLException("The JDBC driver does not accept the URL " + address(), "08001");
    }
    return connection;
  }

  /**
   * Opens a connection, turning the failures a user can fix (wrong password, unreachable server,
   * unknown database) into one plain sentence.
   */
  public Connection openOrExplain(Dialect dialect, Map<String, String> extra, String role) {
    try {
      return open(dialect, extra);
    } catch (SQLException e) {
      throw dialect.explainConnectFailure(e, this, role);
    }
  }

  @Override
  public String toString() {
    return address() + " as " + (user == null ? "(no user)" : user);
  }
}
