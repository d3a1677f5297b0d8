package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dbrestore.io.format.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How each SQL Server backup reader starts its snapshot, and the locks that coordinate them. */
class SqlServerSnapshotTest {
  @Test
  void aReaderReadsInOneSnapshotTransactionStartedInEachOfItsDatabases() {
    assertEquals(List.of(
        "SET TRANSACTION ISOLATION LEVEL SNAPSHOT",
        "BEGIN TRANSACTION",
        "SELECT TOP (1) 1 FROM [shop].sys.objects",
        "SELECT TOP (1) 1 FROM [we]]ird].sys.objects"),
        SqlServerSnapshot.snapshotStatements(List.of("shop", "we]ird"), true));
  }

  @Test
  void withoutSnapshotIsolationAReaderReadsCommittedRows() {
    assertEquals(List.of("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "BEGIN TRANSACTION"),
        SqlServerSnapshot.snapshotStatements(List.of("shop"), false));
  }

  @Test
  void namedLocksAreApplicationLocksOwnedByTheSessionTakenWithoutWaiting() {
    assertEquals("{? = call sys.sp_getapplock(?, 'Exclusive', 'Session', 0)}",
        SqlServerSnapshot.TAKE_LOCK);
    assertEquals("{? = call sys.sp_releaseapplock(?, 'Session')}", SqlServerSnapshot.RELEASE_LOCK);
    assertEquals("SELECT APPLOCK_TEST('public', ?, 'Exclusive', 'Session')",
        SqlServerSnapshot.LOCK_FREE);
  }

  @Test
  void thePointIsATimeWithoutLogCoordinates() {
    Manifest.ConsistentPoint point = new SqlServerSnapshot().openPoint(null);
    assertNull(point.binlogFile());
    assertNull(point.binlogPosition());
    assertNull(point.gtidSet());
    java.time.Instant.parse(point.time());
  }

  @Test
  void whetherADatabaseAllowsSnapshotIsolationIsReadFromSysDatabases() {
    assertEquals("SELECT 1 FROM sys.databases WHERE name = ? AND snapshot_isolation_state = 1",
        SqlServerSnapshot.SNAPSHOT_ALLOWED);
  }
}
