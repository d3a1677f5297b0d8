package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.sql.SQLException;

/**
 * The sentences for a failure to connect that every kind of database has ({@link
 * ConnectionSettings#explainConnectFailure}): which error means which is the kind's to tell.
 */
public final class ConnectFailures {
  private ConnectFailures() {}

  /** Wrong password or no such account. */
  public static UserError loginRefused(SQLException e, ConnectionSpec spec, String role) {
    return new UserError(
        "The " + role + " server at " + spec.address() + " refused user " + spec.user()
            + " (wrong password or no such account); check the user and the password source.",
        e);
  }

  /** The URL names a database the server does not have. */
  public static UserError noDatabase(SQLException e, ConnectionSpec spec, String role) {
    return new UserError(
        "The " + role + " server at " + spec.address()
            + " has no database named in the URL; fix the URL or create the database.",
        e);
  }

  /** No server answers at the address. */
  public static UserError unreachable(SQLException e, ConnectionSpec spec, String role) {
    return new UserError(
        "Cannot reach the " + role + " server at " + spec.address()
            + "; check the host and port and that the server is running.",
        e);
  }

  /** Any other failure, with the first line of the driver's message. */
  public static UserError other(SQLException e, ConnectionSpec spec, String role) {
    return new UserError(
        "Cannot connect to the " + role + " server at " + spec.address() + ": "
            + firstLine(e.getMessage()),
        e);
  }

  /** The first line of a message ("" for none). */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
