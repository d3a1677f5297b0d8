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
}
