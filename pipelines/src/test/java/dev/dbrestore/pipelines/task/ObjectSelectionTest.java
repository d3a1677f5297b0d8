package dev.dbrestore.pipelines.task;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectSelectionTest {
  private static ObjectSelection including(ObjectKind kind, String... patterns) {
    return new ObjectSelection(Map.of(kind, List.of(patterns)), Map.of());
  }

  @Test
  void aTableOfADatabaseWhoseNameHasADot_isSelectedByDatabaseDotTable() {
    ObjectSelection selection = including(ObjectKind.TABLES, "my.db.orders");
    assertTrue(selection.selects(ObjectKind.TABLES, "my.db", "orders"));
    assertFalse(selection.selects(ObjectKind.TABLES, "my.db", "customers"));
    assertFalse(selection.selects(ObjectKind.TABLES, "my", "orders"));
  }

  @Test
  void aTableWhoseNameHasADot_isSelectedToo_andPatternsStillSplitAtAnyDot() {
    assertTrue(including(ObjectKind.TABLES, "shop.orders.2026").selects(
        ObjectKind.TABLES, "shop", "orders.2026"));
    assertTrue(including(ObjectKind.TABLES, "*.orders").selects(ObjectKind.TABLES, "a.b", "orders"));
    assertTrue(including(ObjectKind.TABLES, "my.db.*").selects(ObjectKind.TABLES, "my.db", "t"));
    assertTrue(including(ObjectKind.TABLES, "shop.*").selects(ObjectKind.TABLES, "shop", "t"));
    assertFalse(including(ObjectKind.TABLES, "shop.*").selects(ObjectKind.TABLES, "shop.x", "t"));
  }

  @Test
  void anExcludedTableOfADottedDatabase_isLeftOut() {
    ObjectSelection selection = new ObjectSelection(Map.of(),
        Map.of(ObjectKind.TABLES, List.of("my.db.secret")));
    assertFalse(selection.selects(ObjectKind.TABLES, "my.db", "secret"));
    assertTrue(selection.selects(ObjectKind.TABLES, "my.db", "orders"));
  }
}
