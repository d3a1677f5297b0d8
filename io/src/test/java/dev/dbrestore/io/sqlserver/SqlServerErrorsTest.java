package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

  @Test
  void aRowThatBreaksACheckOnTheRecheckIsNamedWithItsTableAndConstraint() {
    SQLException e = new SQLException(
        "The ALTER TABLE statement conflicted with the CHECK constraint \"ck_qty\". The conflict"
            + " occurred in database \"shop\", table \"dbo.orders\", column 'qty'.",
        "23000", 547);
    assertEquals(
        "Rows restored into [shop].[dbo].[orders] break the check constraint [ck_qty], so it"
            + " cannot be checked and trusted again after the load (" + e.getMessage() + ");"
            + " correct or delete those rows in the target, or drop the constraint, then resume"
            + " the restore.",
        ERRORS.explainBrokenConstraint(e, "[shop].[dbo].[orders]"));
  }

  @Test
  void aRowThatBreaksAForeignKeyOnTheRecheckNamesTheForeignKey() {
    SQLException e = new SQLException(
        "The ALTER TABLE statement conflicted with the FOREIGN KEY constraint \"fk_a]b\".",
        "23000", 547);
    String sentence = ERRORS.explainBrokenConstraint(e, "[d].[dbo].[t]");
    assertTrue(sentence.startsWith(
        "Rows restored into [d].[dbo].[t] break the foreign key constraint [fk_a]]b],"), sentence);
  }

  @Test
  void anErrorOtherThanAConstraintConflictIsNoBrokenConstraint() {
    assertNull(ERRORS.explainBrokenConstraint(error(2627, "23000"), "[d].[dbo].[t]"));
    assertNull(dev.dbrestore.io.jdbc.Dialect.forUrl("jdbc:mysql://h/")
        .explainBrokenConstraint(error(547, "23000"), "`d`.`t`"));
  }
}
