package dev.dbrestore.io.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** A database server this process started from binaries it ships, on 127.0.0.1. */
public interface EmbeddedServer extends AutoCloseable {
  /** The JDBC URL of the server, without a database. */
  String jdbcUrl();

  /** A plain connection as the server's administrator. */
  Connection connect() throws SQLException;

  /** Stops the server and removes its files. */
  @Override
  void close();
}
