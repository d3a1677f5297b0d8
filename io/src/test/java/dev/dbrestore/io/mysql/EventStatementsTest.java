package dev.dbrestore.io.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EventStatementsTest {
  private static final String TRICKY =
      "CREATE DEFINER=`root`@`localhost` EVENT `x ON COMPLETION PRESERVE DISABLE` ON SCHEDULE"
          + " EVERY 1 DAY STARTS '2030-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE"
          + " COMMENT 'ON COMPLETION PRESERVE DISABLE' DO SELECT 'ON COMPLETION PRESERVE ENABLE'";

  @Test
  void theStatusComesFromTheRealClause_notFromANameOrAString() {
    assertEquals("ENABLE", EventStatements.status(TRICKY));
    assertEquals(
        TRICKY.replace("NOT PRESERVE ENABLE", "NOT PRESERVE DISABLE"),
        EventStatements.disabled(TRICKY));
  }

  @Test
  void disableOnSlaveAndDisableAreRead_andAStatementWithoutTheClauseIsLeftAlone() {
    assertEquals("DISABLE ON SLAVE", EventStatements.status(
        "CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY ON COMPLETION PRESERVE DISABLE ON SLAVE DO"
            + " SELECT 1"));
    assertEquals("DISABLE", EventStatements.status(
        "CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY ON COMPLETION PRESERVE DISABLE DO SELECT 1"));
    String plain = "CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY DO SELECT 1";
    assertNull(EventStatements.status(plain));
    assertEquals(plain, EventStatements.disabled(plain));
  }
}
