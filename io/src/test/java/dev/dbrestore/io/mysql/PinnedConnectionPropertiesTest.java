package dev.dbrestore.io.mysql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.Dialect;
import org.junit.jupiter.api.Test;

class PinnedConnectionPropertiesTest {
  private final Dialect dialect = MySqlDialect.INSTANCE;

  private void assertRefusedNaming(String url, String property) {
    UserError e = assertThrows(UserError.class, () -> dialect.checkUrl(url), url);
    assertTrue(e.getMessage().contains(property), e.getMessage());
    assertTrue(e.getMessage().contains("remove it from the URL"), e.getMessage());
  }

  @Test
  void aUrlThatAllowsMultipleStatementsIsRefused_inEveryForm() {
    assertRefusedNaming("jdbc:mysql://db.example:3306/?allowMultiQueries=true", "allowMultiQueries");
    assertRefusedNaming("jdbc:mysql://db.example/?ALLOWMULTIQUERIES=TRUE", "ALLOWMULTIQUERIES");
    assertRefusedNaming(
        "jdbc:mysql://address=(host=db.example)(port=3306)(allowMultiQueries=true)/",
        "allowMultiQueries");
    assertRefusedNaming(
        "jdbc:mysql://(host=db.example,port=3306,allowMultiQueries=true)/", "allowMultiQueries");
    assertRefusedNaming(
        "jdbc:mysql:loadbalance://h1:3306,(host=h2,allowMultiQueries=yes)/shop",
        "allowMultiQueries");
  }

  @Test
  void aUrlThatReconnectsOrSendsLocalFilesIsRefused() {
    assertRefusedNaming("jdbc:mysql://db.example/?autoReconnect=true", "autoReconnect");
    assertRefusedNaming("jdbc:mysql://db.example/?autoReconnectForPools=true", "autoReconnectForPools");
    assertRefusedNaming("jdbc:mysql://db.example/?allowLoadLocalInfile=true", "allowLoadLocalInfile");
    assertRefusedNaming(
        "jdbc:mysql://(host=db.example,allowLoadLocalInfile=true)/", "allowLoadLocalInfile");
    assertRefusedNaming(
        "jdbc:mysql://db.example/?allowLoadLocalInfileInPath=/etc", "allowLoadLocalInfileInPath");
    assertRefusedNaming("jdbc:mysql://db.example/?allowUrlInLocalInfile=true", "allowUrlInLocalInfile");
  }

  @Test
  void aUrlThatMakesTheDriverLoadAClassOrReadAConfigIsRefused() {
    assertRefusedNaming("jdbc:mysql://db.example/?queryInterceptors=x.Evil", "queryInterceptors");
    assertRefusedNaming("jdbc:mysql://db.example/?socketFactory=x.Evil", "socketFactory");
    assertRefusedNaming("jdbc:mysql://db.example/?useConfigs=maxPerformance", "useConfigs");
    assertRefusedNaming("jdbc:mysql://db.example/?propertiesTransform=x.Evil", "propertiesTransform");
  }

  @Test
  void aUrlThatChangesHowValuesTravelIsRefused() {
    assertRefusedNaming("jdbc:mysql://db.example/?tinyInt1isBit=true", "tinyInt1isBit");
    assertRefusedNaming("jdbc:mysql://db.example/?useServerPrepStmts=true", "useServerPrepStmts");
    assertRefusedNaming("jdbc:mysql://(host=db.example,yearIsDateType=true)/", "yearIsDateType");
  }

  @Test
  void ordinarySettingsAndTheSameValuesAsPinnedAreAccepted() {
    for (String url :
        new String[] {
          "jdbc:mysql://db.example:3306/",
          "jdbc:mysql://db.example:3306/shop?sslMode=VERIFY_IDENTITY",
          "jdbc:mysql://db.example/?allowPublicKeyRetrieval=true&connectTimeout=3000",
          "jdbc:mysql://db.example/?allowMultiQueries=false&autoReconnect=false",
          "jdbc:mysql://db.example/?characterEncoding=utf-8",
          "jdbc:mysql://app@db.example:3306/shop"
        }) {
      assertDoesNotThrow(() -> dialect.checkUrl(url), url);
    }
  }

  @Test
  void thePinnedPropertiesAreTheProtections() {
    assertTrue(dialect.pinnedProperties().get("allowMultiQueries").equals("false"));
    assertTrue(dialect.pinnedProperties().get("autoReconnect").equals("false"));
    assertTrue(dialect.pinnedProperties().get("allowLoadLocalInfile").equals("false"));
    assertFalse(dialect.connectionProperties().containsKey("allowPublicKeyRetrieval"));
  }
}
