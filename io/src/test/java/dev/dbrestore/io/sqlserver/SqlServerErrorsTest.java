package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlServerErrorsTest {
  private static final SqlServerErrors ERRORS = new SqlServerErrors();

  private static SQLException error(int code, String state) {
    return new SQLException("server said so", state, code);
  }

  @Test
  void aDeadlockVictimAndALockTimeoutAreRetried() {
    assertTrue(ERRORS.isTransient(error(1205, "40001")));
    assertTrue(ERRORS.isTransient(error(1222, "S0001")));
  }

  @Test
  void aLostConnectionIsRetried() {
    assertTrue(ERRORS.isTransient(error(0, "08S01")));
  }

  @Test
  void aSyntaxErrorOrMissingPermissionFailsAtOnce() {
    assertFalse(ERRORS.isTransient(error(102, "S0001")));
    assertFalse(ERRORS.isTransient(error(229, "S0005")));
    assertFalse(ERRORS.isTransient(error(4060, "S0001")));
  }

  @Test
  void aPrimaryKeyOrUniqueIndexViolationIsADuplicateKey() {
    assertTrue(ERRORS.isDuplicateKey(error(2627, "23000")));
    assertTrue(ERRORS.isDuplicateKey(error(2601, "23000")));
    assertFalse(ERRORS.isDuplicateKey(error(547, "23000"))); // a foreign key or check conflict
  }

  @Test
  void noErrorMeansLocalDataRefused() {
    assertFalse(ERRORS.isLocalDataRefused(error(3948, "HY000")));
  }
}
