package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.PasswordSource;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The driver settings every SQL Server connection has, and the URLs that may not change them. */
class SqlServerConnectionsTest {
  private static final SqlServerConnections CONNECTIONS = new SqlServerConnections();
  private static final ConnectionSpec SPEC =
      ConnectionSpec.of("jdbc:sqlserver://db1:1433;databaseName=shop", "sa", PasswordSource.NONE);

  @Test
  void timeTravelsAsTimeNotDatetime_andNoSessionReconnectsByItself() {
    assertEquals("false", CONNECTIONS.pinnedProperties().get("sendTimeAsDatetime"));
    assertEquals("0", CONNECTIONS.pinnedProperties().get("connectRetryCount"));
    assertEquals("true", CONNECTIONS.pinnedProperties().get("sendStringParametersAsUnicode"));
    assertEquals("false", CONNECTIONS.pinnedProperties().get("useBulkCopyForBatchInsert"));
  }

  @Test
  void encryptionIsTheUrlsOwn_soTheToolSetsNoneOfIt() {
    CONNECTIONS.checkUrl("jdbc:sqlserver://db1:1433;databaseName=shop;encrypt=true;"
        + "trustServerCertificate=true;hostNameInCertificate=db1.example");
    CONNECTIONS.checkUrl("jdbc:sqlserver://db1;encrypt=strict;sendTimeAsDatetime={false}");
    for (String key : new String[] {"encrypt", "trustServerCertificate", "hostNameInCertificate"}) {
      assertTrue(!CONNECTIONS.connectionProperties().containsKey(key), key);
      assertTrue(!CONNECTIONS.pinnedProperties().containsKey(key), key);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:sqlserver://db1;sendTimeAsDatetime=true",
      "jdbc:sqlserver://db1;databaseName=x; SENDTIMEASDATETIME = {true}",
      "jdbc:sqlserver://db1;connectRetryCount=3",
      "jdbc:sqlserver://db1;socketFactoryClass=evil.Factory",
      "jdbc:sqlserver://db1;trustManagerClass=evil.TrustAll",
      "jdbc:sqlserver://db1;keyStoreLocation=/etc/shadow"})
  void aUrlThatChangesOrLoosensAPinnedSettingIsRefusedNamingIt(String url) {
    UserError e = assertThrows(UserError.class, () -> CONNECTIONS.checkUrl(url));
    String property = url.replaceAll(".*;\\s*([A-Za-z]+)\\s*=.*", "$1");
    assertEquals("The JDBC URL sets " + property + ", which dbrestore sets itself for every"
        + " connection (it may not be changed or loosened); remove it from the URL.",
        e.getMessage());
  }

  @Test
  void aRefusedLoginIsOneSentenceNamingTheUserAndTheAddress() {
    UserError e = CONNECTIONS.explainConnectFailure(
        new SQLException("Login failed for user 'sa'.", "S0001", 18456), SPEC, "source");
    assertEquals("The source server at jdbc:sqlserver://db1:1433;databaseName=shop refused user"
        + " sa (wrong password or no such account); check the user and the password source.",
        e.getMessage());
  }

  @Test
  void aFailedTlsHandshakeSaysWhichUrlSettingsDecideIt() {
    UserError e = CONNECTIONS.explainConnectFailure(new SQLException(
        "The driver could not establish a secure connection to SQL Server by using Secure"
            + " Sockets Layer (SSL) encryption. Error: \"PKIX path building failed\".", "08S01"),
        SPEC, "target");
    assertTrue(e.getMessage().startsWith("The target server at jdbc:sqlserver://db1:1433;"
        + "databaseName=shop and this tool could not agree on an encrypted connection ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("; set encrypt, trustServerCertificate or"
        + " hostNameInCertificate in the URL as the server's certificate requires."), e.getMessage());
  }

  @Test
  void anUnknownDatabaseAndAnUnreachableServerHaveTheirSentences() {
    assertTrue(CONNECTIONS.explainConnectFailure(new SQLException("Cannot open database", "S0001",
        4060), SPEC, "target").getMessage().contains("has no database named in the URL"));
    assertTrue(CONNECTIONS.explainConnectFailure(new SQLException("The TCP/IP connection to the"
        + " host db1, port 1433 has failed.", "08S01"), SPEC, "target").getMessage()
        .startsWith("Cannot reach the target server at"));
  }

  @Test
  void theDriverIsMicrosoftsAndAcceptsItsOwnUrls() throws SQLException {
    assertTrue(CONNECTIONS.driver().acceptsURL("jdbc:sqlserver://db1:1433;databaseName=shop"));
  }
}
