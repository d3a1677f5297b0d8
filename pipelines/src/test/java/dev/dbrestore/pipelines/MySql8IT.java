package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.pipelines.cli.Main;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL 8 part of the round-trip, pre-check and bad-input suites, against the server
 * DBRESTORE_MYSQL_URL names ({@link TestServers#mysql8}); skipped, saying why, without one.
 * TypesRoundTripIT's table goes through backup and restore (into another database of the same
 * server), the pre-check passes for it, and a damaged set is refused with the target untouched.
 * It reaches what no MariaDB does: SHOW BINARY LOG STATUS (8.4), gtid_executed, @@server_uuid,
 * super_read_only and a caching_sha2_password login. The Sakila suite loads its database through
 * the embedded server and stays MariaDB's.
 */
class MySql8IT {
  private static final String DB = "types_rt";
  private static final String COPY = "types_rt_mysql8_copy";

  @TempDir static Path work;

  private static TestServers.MySql8 mysql;
  private static Path set;

  @BeforeAll
  static void backUpTheTypesTable() throws Exception {
    mysql = TestServers.mysql8("MySql8IT").orElse(null);
    Assumptions.assumeTrue(mysql != null, "MySql8IT skipped: no MySQL 8 server named");
    execute("SET SESSION sql_mode = ''", "SET SESSION time_zone = '+00:00'",
        "DROP DATABASE IF EXISTS " + DB, "DROP DATABASE IF EXISTS " + COPY,
        "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4", TypesRoundTripIT.TABLE);
    List<String> inserts = new ArrayList<>(List.of("SET SESSION sql_mode = ''"));
    for (String row : TypesRoundTripIT.ROWS) {
      inserts.add("INSERT INTO `types_rt`.`t` (" + TypesRoundTripIT.COLUMNS + ") VALUES " + row);
    }
    execute(inserts.toArray(String[]::new));
    set = work.resolve("mysql8-set");
    run(0, "backup", "--source", mysql.jdbcUrl(), "--user", mysql.user(),
        "--password-env", mysql.passwordEnv(), "--database", DB, "--output", set.toString());
  }

  @Test
  void everyTypeComesBack_checksumTableIsEqual() throws Exception {
    run(0, target("restore", set, "--map-database", DB + "=" + COPY));
    String sql = "CHECKSUM TABLE `%s`.`t` EXTENDED";
    assertEquals(single(String.format(sql, DB), 2), single(String.format(sql, COPY), 2));
    assertEquals(String.valueOf(TypesRoundTripIT.ROWS.size()),
        single("SELECT COUNT(*) FROM `" + COPY + "`.`t`", 1));
  }

  @Test
  void thePreCheckPassesAndWritesNothing() throws Exception {
    run(0, target("precheck", set, "--map-database", DB + "=types_rt_mysql8_pc"));
    assertEquals("0", single("SELECT COUNT(*) FROM information_schema.SCHEMATA"
        + " WHERE SCHEMA_NAME = 'types_rt_mysql8_pc'", 1));
  }

  @Test
  void aTruncatedChunkIsRefusedInOneLine_andTheTargetIsUntouched() throws Exception {
    Path damaged = Files.createDirectories(work.resolve("damaged"));
    try (Stream<Path> files = Files.list(set)) {
      for (Path file : files.toList()) {
        Files.copy(file, damaged.resolve(file.getFileName()));
      }
    }
    String chunk = BackupSet.open(damaged.toString()).manifest().databases().get(0).tables()
        .get(0).chunks().get(0).file();
    try (RandomAccessFile file = new RandomAccessFile(damaged.resolve(chunk).toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    String err = run(1, target("restore", damaged, "--map-database", DB + "=types_rt_mysql8_bad"));
    assertTrue(err.contains("The chunk file " + chunk), err);
    assertEquals(1, err.strip().lines().count(), "one plain line: " + err);
    assertEquals("0", single("SELECT COUNT(*) FROM information_schema.SCHEMATA"
        + " WHERE SCHEMA_NAME = 'types_rt_mysql8_bad'", 1));
  }

  private static String[] target(String command, Path backupSet, String... more) {
    List<String> args = new ArrayList<>(List.of(command, "--backup-set", backupSet.toString(),
        "--target", mysql.jdbcUrl(), "--user", mysql.user(), "--password-env",
        mysql.passwordEnv()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Runs the command line; asserts its exit; returns what it wrote to standard error. */
  private static String run(int expectedExit, String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    assertEquals(expectedExit, exit, err.toString());
    return err.toString();
  }

  private static void execute(String... statements) throws Exception {
    try (Connection c = mysql.connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static String single(String sql, int column) throws Exception {
    try (Connection c = mysql.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(column);
    }
  }
}
