package dev.dbrestore.pipelines.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostDataOrderTest {
  private static final Dialect DIALECT = Dialect.forUrl("jdbc:mysql://localhost/");

  private static Manifest.SchemaObject object(String name, String table, String create) {
    return new Manifest.SchemaObject(name, table, create, "root@localhost", null, null, null);
  }

  private static Manifest.SchemaObject view(String db, String name, String body) {
    return object(
        name, null,
        "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `" + db
            + "`.`" + name + "` AS " + body);
  }

  private static RestorePlan plan(Manifest.Database... databases) {
    RestoreTask task =
        new RestoreTask(
            "t", null, null, "/set", null, "jdbc:mysql://localhost/", "root", null, null, null,
            null, null, null, null, null, null);
    List<RestorePlan.Database> planned =
        java.util.Arrays.stream(databases)
            .map(
                db ->
                    new RestorePlan.Database(
                        db, db.name(),
                        db.tables().stream().map(t -> new RestorePlan.Table(t, t.name())).toList(),
                        db.views(), db.functions(), db.procedures(), db.triggers(), db.events()))
            .toList();
    Manifest manifest = new Manifest(1, "s", "now", "now", null, null, List.of(databases));
    return new RestorePlan(task, manifest, "/set", planned);
  }

  private static Manifest.Table table(String name) {
    return new Manifest.Table(
        name, "CREATE TABLE `" + name + "` (id INT PRIMARY KEY)", List.of(), List.of("id"), 0,
        List.of());
  }

  private static List<String> kindsAndNames(List<PostDataOrder.Step> steps) {
    return steps.stream()
        .map(s -> s.kind() + " " + s.database().targetName() + "." + s.object().name())
        .toList();
  }

  @Test
  void routinesComeFirst_viewsAfterTheViewsTheyReadInAnyDatabase_thenTriggersAndEvents() {
    Manifest.Database a =
        new Manifest.Database(
            "a", "utf8mb4", "utf8mb4_general_ci", List.of(table("t")),
            List.of(view("a", "v_top", "select `b`.`v_mid`.`x` AS `x` from `b`.`v_mid`")),
            List.of(object("f", null, "CREATE FUNCTION `f`() RETURNS int RETURN 1")),
            List.of(object("p", null, "CREATE PROCEDURE `p`() SELECT 1")),
            List.of(
                object("tr", "t", "CREATE TRIGGER `tr` BEFORE INSERT ON `t` FOR EACH ROW SET @x = 1")),
            List.of(object("e", null, "CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY DO SELECT 1")));
    Manifest.Database b =
        new Manifest.Database(
            "b", "utf8mb4", "utf8mb4_general_ci", List.of(),
            List.of(
                view("b", "v_low", "select `a`.`f`() AS `x`, 'from `b`.`v_mid`' AS `s`"),
                view("b", "v_mid", "select `v_low`.`x` AS `x` from `b`.`v_low`")),
            List.of(), List.of(), List.of(), List.of());

    List<String> order = kindsAndNames(PostDataOrder.of(plan(a, b), DIALECT));

    assertEquals(
        List.of(
            "function a.f", "procedure a.p", "view b.v_low", "view b.v_mid", "view a.v_top",
            "trigger a.tr", "event a.e"),
        order);
    assertNull(PostDataOrder.cycle(plan(a, b), DIALECT));
  }

  @Test
  void viewsThatReadEachOtherInACycle_areNamedInOneSentence() {
    Manifest.Database db =
        new Manifest.Database(
            "c", "utf8mb4", "utf8mb4_general_ci", List.of(),
            List.of(
                view("c", "alone", "select 1 AS `one`"),
                view("c", "v1", "select `v2`.`x` AS `x` from `c`.`v2`"),
                view("c", "v2", "select `v1`.`x` AS `x` from `c`.`v1`")),
            List.of(), List.of(), List.of(), List.of());

    String cycle = PostDataOrder.cycle(plan(db), DIALECT);

    assertEquals(
        "The views `c`.`v1` -> `c`.`v2` -> `c`.`v1` read each other in a cycle, so none of them"
            + " can be created first.",
        cycle);
    UserError e = assertThrows(UserError.class, () -> PostDataOrder.of(plan(db), DIALECT));
    assertEquals(cycle, e.getMessage());
  }

  @Test
  void aViewCallingAFunctionOutsideTheBackupSet_isNamedUnlessTheTargetHasIt() throws Exception {
    Manifest.Database db =
        new Manifest.Database(
            "e", "utf8mb4", "utf8mb4_general_ci", List.of(),
            List.of(view("e", "v", "select `lib`.`g`(1) AS `one`, `lib`.`t`.`x` AS `x`"
                + " from `lib`.`t`")),
            List.of(), List.of(), List.of(), List.of());

    assertEquals(
        List.of(
            "view `e`.`v` needs function `lib`.`g`, which neither the backup set nor the target"
                + " has"),
        PostDataOrder.missing(plan(db), DIALECT, (k, d, n) -> false));
    assertEquals(
        List.of(),
        PostDataOrder.missing(
            plan(db), DIALECT, (k, d, n) -> k.equals("function") && d.equals("lib")));
  }

  @Test
  void aViewNeedingAFunctionTheTaskLeavesOut_isNamedWithTheFunction() throws Exception {
    Manifest.Database db =
        new Manifest.Database(
            "d", "utf8mb4", "utf8mb4_general_ci", List.of(),
            List.of(view("d", "v", "select `d`.`f`(2) AS `two`")),
            List.of(object("f", null, "CREATE FUNCTION `f`(x int) RETURNS int RETURN x")),
            List.of(), List.of(), List.of());
    RestorePlan full = plan(db);
    RestorePlan withoutFunction =
        new RestorePlan(
            full.task(), full.manifest(), full.setLocation(),
            List.of(
                new RestorePlan.Database(
                    db, "d", List.of(), db.views(), List.of(), List.of(), List.of(), List.of())));

    assertEquals(List.of(), PostDataOrder.missing(full, DIALECT, (k, d, n) -> false));
    assertEquals(
        List.of(
            "view `d`.`v` needs function `d`.`f`, which the task does not restore and the target"
                + " does not have"),
        PostDataOrder.missing(withoutFunction, DIALECT, (k, d, n) -> false));
    assertTrue(
        PostDataOrder.missing(
                withoutFunction, DIALECT, (k, d, n) -> k.equals("function") && n.equals("f"))
            .isEmpty());
  }
}
