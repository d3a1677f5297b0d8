package dev.dbrestore.pipelines.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order a SQL Server restore creates its modules in, by the references the backup recorded
 * from sys.sql_expression_dependencies, decided without a server.
 */
class SqlServerPostDataOrderTest {
  private static final Dialect DIALECT = Dialect.forUrl("jdbc:sqlserver://h:1433");

  private static Manifest.SchemaObject module(
      String name, String table, String definition, String... references) {
    return new Manifest.SchemaObject(name, table, definition, null,
        "ANSI_NULLS ON, QUOTED_IDENTIFIER ON", null, null, List.of(references));
  }

  private static RestorePlan plan(Manifest.Database db) {
    RestoreTask task =
        new RestoreTask(
            "t", null, null, "/set", null, "jdbc:sqlserver://h:1433", "sa", null, null, null,
            null, null, null, null, null, null);
    RestorePlan.Database planned =
        new RestorePlan.Database(
            db, db.name(),
            db.tables().stream().map(t -> new RestorePlan.Table(t, t.name())).toList(),
            db.views(), db.functions(), db.procedures(), db.triggers(), db.events());
    Manifest manifest = new Manifest(1, "s", "now", "now", null, null, List.of(db));
    return new RestorePlan(task, manifest, "/set", List.of(planned));
  }

  private static List<String> order(RestorePlan plan) {
    return PostDataOrder.of(plan, DIALECT).stream()
        .map(s -> s.kind() + " " + s.object().name())
        .toList();
  }

  @Test
  void aViewOnAViewComesAfterIt_aFunctionReadingAViewAfterThatView_proceduresAfterWhatTheyRead() {
    Manifest.Database shop = new Manifest.Database(
        "shop", null, "Latin1_General_CI_AS", List.of(),
        List.of(
            module("dbo.v_top", null, "CREATE VIEW dbo.v_top AS SELECT * FROM dbo.v_mid",
                "dbo.v_mid", "dbo.orders"),
            module("dbo.v_mid", null, "CREATE VIEW dbo.v_mid AS SELECT dbo.f_tax(1) AS x",
                "dbo.f_tax"),
            module("dbo.v_base", null, "CREATE VIEW dbo.v_base AS SELECT 1 AS one")),
        List.of(
            module("dbo.f_tax", null, "CREATE FUNCTION dbo.f_tax(@x int) RETURNS int AS"
                + " BEGIN RETURN @x END"),
            module("dbo.f_rows", null, "CREATE FUNCTION dbo.f_rows() RETURNS TABLE AS RETURN"
                + " SELECT * FROM dbo.v_top", "dbo.v_top")),
        List.of(
            module("dbo.p_a", null, "CREATE PROCEDURE dbo.p_a AS EXEC dbo.p_b", "dbo.p_b"),
            module("dbo.p_b", null, "CREATE PROCEDURE dbo.p_b AS SELECT * FROM dbo.v_base"
                + " EXEC dbo.p_a", "dbo.v_base", "dbo.p_a")),
        List.of(module("dbo.tr_orders", "dbo.orders", "CREATE TRIGGER dbo.tr_orders ON"
            + " dbo.orders AFTER INSERT AS EXEC dbo.p_a", "dbo.p_a")),
        List.of());

    assertEquals(
        List.of(
            "function dbo.f_tax", "procedure dbo.p_a", "view dbo.v_mid", "view dbo.v_top",
            "function dbo.f_rows", "view dbo.v_base", "procedure dbo.p_b",
            "trigger dbo.tr_orders"),
        order(plan(shop)));
    assertNull(PostDataOrder.cycle(plan(shop), DIALECT));
  }

  @Test
  void aViewAndAFunctionThatNeedEachOtherAreNamedWithTheirKinds() {
    Manifest.Database db = new Manifest.Database(
        "d", null, null, List.of(),
        List.of(module("dbo.v", null, "CREATE VIEW dbo.v AS SELECT * FROM dbo.f()", "dbo.f")),
        List.of(module("dbo.f", null, "CREATE FUNCTION dbo.f() RETURNS TABLE AS RETURN"
            + " SELECT * FROM dbo.v", "dbo.v")),
        List.of(), List.of(), List.of());

    assertEquals(
        "The objects function [d].[dbo].[f] -> view [d].[dbo].[v] -> function [d].[dbo].[f]"
            + " need each other in a cycle, so none of them can be created first.",
        PostDataOrder.cycle(plan(db), DIALECT));
  }

  @Test
  void aViewNeedingATableTheTaskLeavesOut_isNamedFromTheRecordedReferences() throws Exception {
    Manifest.Table orders = new Manifest.Table("dbo.orders", "{}", List.of(), List.of(), 0,
        List.of());
    Manifest.Database db = new Manifest.Database(
        "d", null, null, List.of(orders),
        List.of(module("dbo.v", null, "CREATE VIEW dbo.v AS SELECT * FROM dbo.orders",
            "dbo.orders")),
        List.of(), List.of(), List.of(), List.of());
    RestorePlan full = plan(db);
    RestorePlan withoutTable = new RestorePlan(full.task(), full.manifest(), full.setLocation(),
        List.of(new RestorePlan.Database(db, "d", List.of(), db.views(), List.of(), List.of(),
            List.of(), List.of())));

    assertEquals(List.of(), PostDataOrder.missing(full, DIALECT, (k, d, n) -> false));
    assertEquals(
        List.of("view [d].[dbo].[v] needs table [d].[dbo].[orders], which the task does not"
            + " restore and the target does not have"),
        PostDataOrder.missing(withoutTable, DIALECT, (k, d, n) -> false));
  }
}
