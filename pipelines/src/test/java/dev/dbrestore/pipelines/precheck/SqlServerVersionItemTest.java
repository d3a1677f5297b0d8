package dev.dbrestore.pipelines.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.jdbc.Dialect;
import org.junit.jupiter.api.Test;

/** Pre-check item 3 reads versions by the target dialect's rule. */
class SqlServerVersionItemTest {
  private static final Dialect SQL_SERVER = Dialect.forUrl("jdbc:sqlserver://h:1433");

  @Test
  void aSqlServerTargetOnAnOlderBuildThanTheSourceFailsWithCauseAndRemedy() {
    PreCheck.Item item = PreCheck.versionItem(SQL_SERVER, "16.0.4135.4", "16.0.1000.6");
    assertEquals(3, item.number());
    assertEquals(PreCheck.Result.FAILURE, item.result());
    assertEquals(
        "The backup set comes from SQL Server 2022 (16.0.4135.4) and the target is an older"
            + " build of it (16.0.1000.6); a SQL Server set restores into the same or a newer"
            + " version only.",
        item.cause());
    assertEquals("Restore into a server of version 16.0.4135.4 or newer.", item.remedy());
  }

  @Test
  void aSqlServerTargetOfANewerMajorVersionPasses() {
    PreCheck.Item item = PreCheck.versionItem(SQL_SERVER, "15.0.2000.5", "16.0.1000.6");
    assertEquals(PreCheck.Result.PASS, item.result());
    assertEquals("The target runs 16.0.1000.6; the source ran 15.0.2000.5.", item.cause());
  }

  @Test
  void aMySqlSetOnASqlServerTargetFailsTheItemInsteadOfStoppingThePreCheck() {
    PreCheck.Item item = PreCheck.versionItem(SQL_SERVER, "10.11.6-MariaDB", "16.0.1000.6");
    assertEquals(PreCheck.Result.FAILURE, item.result());
  }

  @Test
  void aMariaDbTargetKeepsItsThreeNumberRuleAndWords() {
    PreCheck.Item item =
        PreCheck.versionItem(Dialect.forUrl("jdbc:mysql://h/"), "10.11.6-MariaDB", "10.6.16-MariaDB");
    assertEquals(PreCheck.Result.FAILURE, item.result());
    assertEquals(
        "The target runs 10.6.16-MariaDB, older than the backup's source 10.11.6-MariaDB.",
        item.cause());
  }
}
