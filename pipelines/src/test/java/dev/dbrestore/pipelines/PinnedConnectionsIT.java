package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections the URL cannot loosen: on a real server, what a connection ends up with is read
 * back from the driver, and a URL that asks for more is refused before anything is written.
 */
class PinnedConnectionsIT {
  private static final String DB = "pin_src";

  @TempDir Path work;

  @Test
  void everyConnectionHasThePinnedProtections_evenWhenTheCallerAsksOtherwise() throws Exception {
    EmbeddedMariaDb target = TestServers.target();
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    ConnectionSpec spec = ConnectionSpec.of(target.jdbcUrl(), "root", null);
    Map<String, String> asking =
        Map.of("allowMultiQueries", "true", "autoReconnect", "true", "allowLoadLocalInfile", "true");
    for (Map<String, String> extra :
        List.of(Map.<String, String>of(), dialect.writeProperties(), dialect.bulkLoader().orElseThrow().properties(),
            asking)) {
      try (Connection c = spec.open(dialect, extra)) {
        var properties = c.unwrap(JdbcConnection.class).getPropertySet();
        assertFalse(properties.getBooleanProperty(PropertyKey.allowMultiQueries).getValue());
        assertFalse(properties.getBooleanProperty(PropertyKey.autoReconnect).getValue());
        assertFalse(properties.getBooleanProperty(PropertyKey.autoReconnectForPools).getValue());
        assertFalse(properties.getBooleanProperty(PropertyKey.allowLoadLocalInfile).getValue());
        assertFalse(properties.getBooleanProperty(PropertyKey.allowUrlInLocalInfile).getValue());
        assertFalse(properties.getBooleanProperty(PropertyKey.allowPublicKeyRetrieval).getValue());
        try (Statement s = c.createStatement()) {
          assertThrows(SQLException.class, () -> s.execute("SELECT 1; SELECT 2"));
        }
      }
    }
  }

  @Test
  void theUrlsOwnTlsAndKeyRetrievalSettingsAreHonoured() throws Exception {
    EmbeddedMariaDb target = TestServers.target();
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    String url = target.jdbcUrl() + (target.jdbcUrl().contains("?") ? "&" : "?")
        + "sslMode=DISABLED&allowPublicKeyRetrieval=true";
    try (Connection c = ConnectionSpec.of(url, "root", null).open(dialect, Map.of())) {
      var properties = c.unwrap(JdbcConnection.class).getPropertySet();
      assertEquals("DISABLED", properties.getEnumProperty(PropertyKey.sslMode).getValue().name());
      assertTrue(properties.getBooleanProperty(PropertyKey.allowPublicKeyRetrieval).getValue());
    }
  }

  @Test
  void aRestoreToAUrlThatLoosensAProtectionIsRefused_andWritesNothing() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(
        source, "CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY)",
        "INSERT INTO " + DB + ".t VALUES (1), (2)");
    String set = work.resolve("set").toString();
    assertEquals(0, run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--output", set).exit);
    String base = target.jdbcUrl().replaceAll("\\?.*", "");
    String hostPort = base.replaceAll("^jdbc:mysql://([^/]*)/.*$", "$1");
    String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
    String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
    for (String[] hostile :
        new String[][] {
          {base + "?allowMultiQueries=true", "allowMultiQueries"},
          {base + "?autoReconnect=true", "autoReconnect"},
          {"jdbc:mysql://address=(host=" + host + ")(port=" + port + ")(allowMultiQueries=true)/",
            "allowMultiQueries"},
          {"jdbc:mysql://(host=" + host + ",port=" + port + ",allowLoadLocalInfile=true)/",
            "allowLoadLocalInfile"}
        }) {
      Result r = run("restore", "--backup-set", set, "--target", hostile[0], "--user", "root");
      assertEquals(1, r.exit, r.err);
      assertTrue(r.err.contains("The JDBC URL sets " + hostile[1]), r.err);
      assertTrue(r.err.contains("remove it from the URL"), r.err);
      assertEquals(List.of(), TestServers.column(target,
          "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + DB + "'"));
    }
  }

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
