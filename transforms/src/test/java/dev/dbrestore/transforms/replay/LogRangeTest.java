package dev.dbrestore.transforms.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.ChangeLogReader.Position;
import org.junit.jupiter.api.Test;

/** A phase's stretch of the log: after the set's point, between two structure statements. */
class LogRangeTest {
  private static final Position POINT = new Position("binlog.000002", 400);

  @Test
  void aPhaseEndsJustBeforeItsStatement_andTheNextStartsJustAfterIt() {
    // The statement is change 2 of transaction 7.
    LogRange before = new LogRange(POINT, 0, Integer.MAX_VALUE, 7, 1);
    LogRange after = new LogRange(POINT, 7, 2, 9, Integer.MAX_VALUE);
    Position p = new Position("binlog.000002", 500);
    assertTrue(before.contains(p, 7, 1));
    assertFalse(before.contains(p, 7, 2));
    assertFalse(after.contains(p, 7, 2));
    assertTrue(after.contains(p, 7, 3));
    assertTrue(after.contains(p, 9, 0));
    assertFalse(after.contains(p, 10, 0));
  }

  @Test
  void transactionsBeforeTheSetsConsistentPointAreNotReplayed() {
    LogRange all = new LogRange(POINT, 0, Integer.MAX_VALUE, 100, Integer.MAX_VALUE);
    assertFalse(all.contains(new Position("binlog.000002", 399), 1, 0));
    assertFalse(all.contains(new Position("binlog.000001", 90000), 1, 0));
    assertTrue(all.contains(new Position("binlog.000002", 400), 1, 0));
    assertTrue(all.contains(new Position("binlog.000010", 4), 50, 0));
  }
}
