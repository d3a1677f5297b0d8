package dev.dbrestore.pipelines;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The two real MariaDB servers the integration tests share: a source to back up and a target to
 * restore into. Started once per test JVM, stopped when it exits.
 */
final class TestServers {
  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;

  private TestServers() {}

  /**
   * A MySQL 8 server named by the environment: DBRESTORE_MYSQL_URL (a jdbc:mysql:// URL without
   * a password), DBRESTORE_MYSQL_USER (default root) and DBRESTORE_MYSQL_PASSWORD_ENV, the name
   * of the variable that holds the password. Only MariaDB runs on this project's machines, so the
   * suites' MySQL-only paths run where this names a server.
   */
  record MySql8(String jdbcUrl, String user, String passwordEnv) {
    Connection connect() throws SQLException {
      Properties p = new Properties();
      p.setProperty("user", user);
      p.setProperty("password", System.getenv(passwordEnv));
      // A caching_sha2_password login over plain TCP needs the server's key.
      p.setProperty("allowPublicKeyRetrieval", "true");
      return new com.mysql.cj.jdbc.Driver().connect(jdbcUrl, p);
    }
  }

  /**
   * The MySQL 8 server the environment names, or empty after printing why the suite's MySQL 8
   * part is skipped.
   */
  static Optional<MySql8> mysql8(String suite) {
    String url = System.getenv("DBRESTORE_MYSQL_URL");
    String passwordEnv = System.getenv("DBRESTORE_MYSQL_PASSWORD_ENV");
    String why = null;
    if (url == null || url.isBlank()) {
      why = "DBRESTORE_MYSQL_URL names no MySQL 8 server (set it, DBRESTORE_MYSQL_USER and"
          + " DBRESTORE_MYSQL_PASSWORD_ENV to run it)";
    } else if (passwordEnv == null || System.getenv(passwordEnv) == null) {
      why = "DBRESTORE_MYSQL_PASSWORD_ENV names no variable that holds a password";
    }
    if (why != null) {
      System.out.println(suite + ": its MySQL 8 part skipped: " + why + ".");
      return Optional.empty();
    }
    String user = System.getenv("DBRESTORE_MYSQL_USER");
    return Optional.of(new MySql8(url, user == null || user.isBlank() ? "root" : user, passwordEnv));
  }

  static synchronized EmbeddedMariaDb source() {
    if (source == null) {
      source = EmbeddedMariaDb.start("it-source");
      Runtime.getRuntime().addShutdownHook(new Thread(source::close));
    }
    return source;
  }

  static synchronized EmbeddedMariaDb target() {
    if (target == null) {
      target = EmbeddedMariaDb.start("it-target");
      Runtime.getRuntime().addShutdownHook(new Thread(target::close));
    }
    return target;
  }

  /** Drops the named databases from a server, so a test starts from an empty target. */
  static void dropDatabases(EmbeddedMariaDb server, String... names) throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      for (String name : names) {
        s.execute("DROP DATABASE IF EXISTS `" + name.replace("`", "``") + "`");
      }
    }
  }

  static void execute(EmbeddedMariaDb server, String... statements) throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The first column of every row of a query, as text. */
  static List<String> column(EmbeddedMariaDb server, String sql) throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (r.next()) {
        values.add(r.getString(1));
      }
      return values;
    }
  }

  static String single(EmbeddedMariaDb server, String sql) throws SQLException {
    List<String> values = column(server, sql);
    return values.isEmpty() ? null : values.get(0);
  }

  static BackupOptions backupOptions(
      String runnerConfig, EmbeddedMariaDb server, String output, String... databases) {
    BackupOptions options = RunnerConfig.options(BackupOptions.class, runnerConfig, List.of());
    options.setSource(server.jdbcUrl());
    options.setSourceUser("root");
    options.setDatabases(List.of(databases));
    options.setOutput(output);
    return options;
  }

  static RestoreOptions restoreOptions(
      String runnerConfig, String backupSet, EmbeddedMariaDb server) {
    RestoreOptions options = RunnerConfig.options(RestoreOptions.class, runnerConfig, List.of());
    options.setBackupSet(backupSet);
    options.setTarget(server.jdbcUrl());
    options.setTargetUser("root");
    return options;
  }
}
