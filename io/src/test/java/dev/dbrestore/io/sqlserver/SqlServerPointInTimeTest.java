package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.Dialects;
import org.junit.jupiter.api.Test;

class SqlServerPointInTimeTest {
  @Test
  void aPointInTimeTaskIsRefusedForASqlServerSource() {
    assertFalse(Dialects.hasChangeLog("sqlserver"));
    String refusal = Dialects.pointInTimeRefusal("sqlserver");
    assertTrue(refusal.startsWith("A SQL Server source has no point-in-time restore"), refusal);
  }

  @Test
  void aMariaDbSourceIsNotRefused() {
    assertNull(Dialects.pointInTimeRefusal("mariadb"));
  }
}
