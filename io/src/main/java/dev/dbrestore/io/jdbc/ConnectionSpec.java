package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where and as whom to connect: a JDBC URL, a user, and where the password is. Only that
 * reference travels with the pipeline's functions: each process reads the password itself the
 * first time it connects, so a serialized job graph never holds it. {@link #toString()} and every
 * message name only the address and the user.
 */
public final class ConnectionSpec implements Serializable {
  private static final long serialVersionUID = 2L;

  private final String jdbcUrl;
  private final String user;
  private final PasswordSource passwordSource;
  /** Read in this process, never serialized. */
  private transient volatile String password;
  private transient volatile boolean passwordRead;

  private ConnectionSpec(String jdbcUrl, String user, PasswordSource passwordSource) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.passwordSource = passwordSource == null ? PasswordSource.NONE : passwordSource;
  }

  /**
   * A connection spec; refuses a URL that carries a password, which would end up in logs and
   * task records. {@code password} says where the password is (null: the account has none).
   */
  public static ConnectionSpec of(String jdbcUrl, String user, PasswordSource password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      // Not echoed: a mistyped address may carry a password.
      throw new UserError(
          "The address given is not a JDBC URL; give one like "
              + Dialects.exampleUrls("host") + ".");
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

  /** Where the password is read from. */
  public PasswordSource passwordSource() {
    return passwordSource;
  }

  /** The address without connection properties, for messages. */
  public String address() {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  /** The password, read from its source once per process. */
  String password() {
    if (!passwordRead) {
      synchronized (this) {
        if (!passwordRead) {
          password = passwordSource.read();
          passwordRead = true;
        }
      }
    }
    return password;
  }

  /**
   * Opens a connection with the dialect's properties plus {@code extra}; the dialect's pinned
   * properties (no multiple statements, no reconnecting, no local files) win over both, and a
   * URL that tries to change them is refused.
   */
  public Connection open(Dialect dialect, Map<String, String> extra) throws SQLException {
    dialect.checkUrl(jdbcUrl);
    Properties properties = new Properties();
    properties.putAll(dialect.connectionProperties());
    properties.putAll(extra);
    properties.putAll(dialect.pinnedProperties());
    if (user != null) {
      properties.setProperty("user", user);
    }
    String secret = password();
    if (secret != null) {
      properties.setProperty("password", secret);
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
