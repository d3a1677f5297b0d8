package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbrestore.io.UserError;
import org.junit.jupiter.api.Test;

class SqlServerVersionRuleTest {
  @Test
  void theMajorVersionIsTheFirstPartOfProductVersion() {
    assertEquals(16, SqlServerVersionRule.major("16.0.4135.4"));
    assertEquals(15, SqlServerVersionRule.major("15.0.2000.5"));
  }

  @Test
  void aSetRestoresIntoTheSameOrANewerVersion() {
    assertNull(SqlServerVersionRule.refusal("15.0.2000.5", "15.0.4153.1"));
    assertNull(SqlServerVersionRule.refusal("15.0.2000.5", "16.0.1000.6"));
  }

  @Test
  void aSetIsRefusedForAnOlderTarget_namingBothProducts() {
    assertEquals(
        "The backup set comes from SQL Server 2022 (16.0.4135.4) and the target is SQL Server"
            + " 2019 (15.0.2000.5); a SQL Server set restores into the same or a newer version"
            + " only.",
        SqlServerVersionRule.refusal("16.0.4135.4", "15.0.2000.5"));
  }

  @Test
  void anUnreadableVersionIsAUserError() {
    assertThrows(UserError.class, () -> SqlServerVersionRule.major("Microsoft SQL Server"));
  }

  @Test
  void theVersionIsReadFromServerProperty() {
    assertEquals("SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))",
        SqlServerVersionRule.VERSION_QUERY);
  }

  @Test
  void anOlderCumulativeUpdateOfTheSameVersionIsRefused_theWholeProductVersionCounts() {
    assertEquals(
        "The backup set comes from SQL Server 2022 (16.0.4135.4) and the target is an older"
            + " build of it (16.0.1000.6); a SQL Server set restores into the same or a newer"
            + " version only.",
        SqlServerVersionRule.refusal("16.0.4135.4", "16.0.1000.6"));
    assertNull(SqlServerVersionRule.refusal("16.0.1000.6", "16.0.4135.4"));
  }

  @Test
  void versionsCompareNumberByNumber_notAsText() {
    assertEquals(-1, SqlServerVersionRule.compare("16.0.999.0", "16.0.1000.6"));
    assertEquals(-1, SqlServerVersionRule.compare("16.0.4135.4", "16.0.4135.10"));
    assertEquals(0, SqlServerVersionRule.compare("16.0.4135.4", "16.0.4135.4"));
    assertEquals(1, SqlServerVersionRule.compare("16.0", "15.0.4153.1"));
  }

  @Test
  void theDialectsVersionRuleIsSqlServersAndMySqlsStaysItsThreeNumbers() {
    assertEquals(SqlServerVersionRule.refusal("16.0.4135.4", "16.0.1000.6"),
        SqlServerDialect.INSTANCE.versionRefusal("16.0.4135.4", "16.0.1000.6"));
    dev.dbrestore.io.jdbc.Dialect mysql = dev.dbrestore.io.jdbc.Dialect.forUrl("jdbc:mysql://h/");
    assertEquals("The target runs 10.6.16-MariaDB, older than the backup's source"
        + " 10.11.6-MariaDB.", mysql.versionRefusal("10.11.6-MariaDB", "10.6.16-MariaDB"));
    assertNull(mysql.versionRefusal("8.0.36", "8.0.36-1.el9"));
  }

  @Test
  void aVersionOfAnotherKindOfServerIsAUserError() {
    assertThrows(UserError.class, () -> SqlServerVersionRule.refusal("10.11.6-MariaDB", "16.0"));
  }
}
