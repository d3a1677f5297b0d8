package dev.dbrestore.pipelines.restore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.jdbc.PasswordSource;
import dev.dbrestore.pipelines.task.RestorePlan;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data stage's statements around each table's load, decided without a server: a SQL Server
 * target is asked to run them (here it cannot be reached, and the stage says so), a MySQL
 * target has none and is not even connected to for them.
 */
class SqlServerTableLoadsTest {
  /** Nothing listens on port 1: a connection is refused at once. */
  private static Endpoint unreachable(String url) {
    return Endpoint.of(ConnectionSpec.of(url, "u", PasswordSource.NONE));
  }

  private static RestorePlan plan(String url) {
    RestoreTask task = new RestoreTask(
        "t", null, null, "/set", null, url, "u", null, null, null, null, null, null, null, null,
        null);
    Manifest.Table table = new Manifest.Table("dbo.orders", "{}", List.of(), List.of("id"), 0,
        List.of());
    Manifest.Database db = new Manifest.Database(
        "shop", null, null, List.of(table), List.of(), List.of(), List.of(), List.of(), List.of());
    Manifest manifest = new Manifest(1, "s", "now", "now", null, null, List.of(db));
    return new RestorePlan(task, manifest, "/set", List.of(new RestorePlan.Database(
        db, "shop", List.of(new RestorePlan.Table(table, "dbo.orders")), List.of(), List.of(),
        List.of(), List.of(), List.of())));
  }

  @Test
  void aSqlServerTargetIsConnectedToForTheStatementsAroundEachTablesLoad() {
    String url = "jdbc:sqlserver://127.0.0.1:1";
    UserError e = assertThrows(UserError.class, () -> LoadData.tableLoads(
        unreachable(url), plan(url), new Journal("dbrestore_journal", "task1"), true));
    assertTrue(e.getMessage().startsWith("Cannot reach the target server"), e.getMessage());
  }

  @Test
  void aMySqlTargetHasNoStatementsAroundATablesLoad_andIsNotConnectedToForThem() {
    String url = "jdbc:mysql://127.0.0.1:1/";
    assertDoesNotThrow(() -> LoadData.tableLoads(
        unreachable(url), plan(url), new Journal("dbrestore_journal", "task1"), true));
    assertDoesNotThrow(() -> LoadData.tableLoads(
        unreachable(url), plan(url), new Journal("dbrestore_journal", "task1"), false));
  }
}
