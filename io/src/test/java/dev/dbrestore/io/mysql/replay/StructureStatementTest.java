package dev.dbrestore.io.mysql.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.jdbc.ChangeWriter.CheckedDdl;
import dev.dbrestore.io.jdbc.ChangeWriter.Effect;
import dev.dbrestore.io.jdbc.ChangeWriter.TableEffect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Structure statements of a captured log: checked, names mapped, or skipped with a reason. */
class StructureStatementTest {
  /**
   * Database shop selected (table secret and view or routine hidden left out), its tables
   * under database {@code shopTarget}: a mapping when that is not shop.
   */
  private record ShopScope(String shopTarget) implements ChangeWriter.Scope {
    @Override
    public boolean selectsDatabase(String database) {
      return database.equals("shop");
    }

    @Override
    public boolean selectsTable(String database, String table) {
      return selectsDatabase(database) && !table.equals("secret");
    }

    @Override
    public String targetDatabase(String database) {
      return database.equals("shop") ? shopTarget : database;
    }

    @Override
    public String targetTable(String database, String table) {
      return table;
    }

    @Override
    public boolean selectsObject(String kind, String database, String name) {
      return selectsDatabase(database) && !name.equals("hidden");
    }

    @Override
    public boolean mapsNames() {
      return !shopTarget.equals("shop");
    }
  }

  private static final ChangeWriter.Scope SCOPE = new ShopScope("copy");

  /** The same selection without a mapping, as views and routines need. */
  private static final ChangeWriter.Scope UNMAPPED = new ShopScope("shop");

  private static CheckedDdl unmapped(String sql) {
    return MySqlChangeWriter.INSTANCE.checkStructureStatement("shop", sql, "", UNMAPPED);
  }

  @Test
  void aViewCreatedInTheLog_runsAfterThePostDataObjects_withoutItsDefiner() {
    CheckedDdl view = unmapped("CREATE ALGORITHM=MERGE DEFINER=`app`@`%` SQL SECURITY DEFINER"
        + " VIEW big_items AS SELECT id FROM items WHERE price > 10");
    assertTrue(view.apply());
    assertTrue(view.afterPostData());
    assertEquals("shop", view.database());
    assertFalse(view.sql().contains("DEFINER="), view.sql());
    assertTrue(view.sql().startsWith("CREATE ALGORITHM=MERGE"), view.sql());
    assertTrue(view.effects().isEmpty());
  }

  @Test
  void aReplacedOrAlteredView_isCreatedOrReplaced() {
    assertTrue(unmapped("CREATE OR REPLACE VIEW v AS SELECT 2").sql()
        .startsWith("CREATE OR REPLACE VIEW v"));
    CheckedDdl altered = unmapped("ALTER DEFINER=root@localhost VIEW v AS SELECT 3");
    assertTrue(altered.sql().startsWith("CREATE OR REPLACE"), altered.sql());
    assertFalse(altered.sql().contains("DEFINER"), altered.sql());
    assertTrue(altered.afterPostData());
  }

  @Test
  void aRoutineCreatedInTheLog_isChecked_andDroppedOnesAreQualified() {
    CheckedDdl routine = unmapped("CREATE DEFINER=`app`@`%` PROCEDURE touch(IN n INT)"
        + " BEGIN UPDATE items SET price = price + n; END");
    assertTrue(routine.apply());
    assertTrue(routine.afterPostData());
    assertFalse(routine.sql().contains("DEFINER"), routine.sql());
    CheckedDdl drop = unmapped("DROP VIEW IF EXISTS v, other_view");
    assertEquals("DROP VIEW IF EXISTS `shop`.`v`, `shop`.`other_view`", drop.sql());
    assertTrue(drop.afterPostData());
    assertEquals("DROP FUNCTION `shop`.`f`", unmapped("DROP FUNCTION f").sql());
  }

  @Test
  void viewsAndRoutinesOutsideTheSelectionAreSkipped_andWithAMappingRefused() {
    assertFalse(unmapped("CREATE VIEW hidden AS SELECT 1").apply());
    assertFalse(unmapped("CREATE VIEW elsewhere.v AS SELECT 1").apply());
    assertThrows(UserError.class, () -> check("CREATE VIEW v AS SELECT 1"));
    assertThrows(UserError.class, () -> check("DROP PROCEDURE p"));
    assertThrows(UserError.class, () -> unmapped("DROP VIEW v, hidden"));
    assertThrows(UserError.class, () -> unmapped("CREATE VIEW v AS SELECT 1 INTO @x FROM t"
        + " WHERE 0; CREATE USER x"));
    assertFalse(unmapped("ALTER PROCEDURE hidden COMMENT 'x'").apply());
    assertThrows(UserError.class, () -> check("ALTER PROCEDURE p COMMENT 'x'"));
    assertThrows(UserError.class, () -> unmapped("CREATE TABLE t (id INT); DROP TABLE items"));
    assertThrows(UserError.class, () -> unmapped("CREATE PROCEDURE p() SELECT 1; DROP TABLE t"));
  }

  @Test
  void alterRoutine_isRebuiltFromItsCharacteristics_inTheRoutinesDatabase() {
    CheckedDdl alter = unmapped(
        "ALTER PROCEDURE p /* note */ SQL SECURITY INVOKER COMMENT 'it''s new' READS SQL DATA");
    assertTrue(alter.apply());
    assertTrue(alter.afterPostData());
    assertEquals("shop", alter.database());
    assertEquals("ALTER PROCEDURE `shop`.`p` SQL SECURITY INVOKER COMMENT 'it''s new'"
        + " READS SQL DATA", alter.sql());
    assertEquals("ALTER FUNCTION `shop`.`f` NO SQL LANGUAGE SQL",
        unmapped("alter function shop.f no sql language sql").sql());
    assertThrows(UserError.class, () -> unmapped("ALTER PROCEDURE p COMMENT 'a' DROP TABLE t"));
    assertThrows(UserError.class, () -> unmapped("ALTER PROCEDURE p COMMENT 'a\\\\b'"));
    assertThrows(UserError.class,
        () -> unmapped("ALTER PROCEDURE p COMMENT 'a' /*!99999 , DROP TABLE t */"));
  }

  private static CheckedDdl check(String sql) {
    return MySqlChangeWriter.INSTANCE.checkStructureStatement("shop", sql, "", SCOPE);
  }

  @Test
  void alterAndDropRunOnTheMappedTable_qualified() {
    CheckedDdl alter = check("ALTER TABLE items ADD COLUMN note VARCHAR(20) DEFAULT ';'");
    assertTrue(alter.apply());
    assertEquals("ALTER TABLE `copy`.`items` ADD COLUMN note VARCHAR(20) DEFAULT ';'", alter.sql());
    assertEquals(List.of(new TableEffect(Effect.ALTER_TABLE, "shop", "items", null, null)),
        alter.effects());
    assertEquals("DROP TABLE `copy`.`todrop`",
        check("DROP TABLE `todrop` /* generated by server */").sql());
  }

  @Test
  void dropOfSelectedAndOtherTables_dropsOnlyTheSelected() {
    CheckedDdl drop = check("DROP TABLE IF EXISTS a, other.b, shop.secret");
    assertEquals("DROP TABLE IF EXISTS `copy`.`a`", drop.sql());
    assertEquals(1, drop.effects().size());
    assertFalse(check("DROP TABLE other.b").apply());
  }

  @Test
  void renameWithinTheSelection_isMapped_andIntoOrOutOfItIsRefused() {
    CheckedDdl rename = check("RENAME TABLE a TO b, shop.c TO d");
    assertEquals("RENAME TABLE `copy`.`a` TO `copy`.`b`, `copy`.`c` TO `copy`.`d`", rename.sql());
    assertEquals(Effect.RENAME_TABLE, rename.effects().get(0).effect());
    assertThrows(UserError.class, () -> check("RENAME TABLE a TO other.a"));
    assertThrows(UserError.class, () -> check("ALTER TABLE a RENAME TO secret"));
    CheckedDdl column = check("ALTER TABLE a RENAME COLUMN x TO y");
    assertEquals(List.of(Effect.ALTER_TABLE), column.effects().stream().map(TableEffect::effect)
        .toList());
  }

  @Test
  void aSecondStatement_evenInAnExecutableComment_isRefused() {
    assertThrows(UserError.class, () -> check("CREATE TABLE t (id INT); DROP DATABASE shop"));
    assertThrows(UserError.class,
        () -> check("ALTER TABLE t ADD COLUMN c INT /*!; DROP DATABASE shop */"));
  }

  @Test
  void tablesCopiedFromAQueryOrMovedFilesAreRefused() {
    assertThrows(UserError.class, () -> check("CREATE TABLE t2 SELECT * FROM t"));
    assertThrows(UserError.class,
        () -> check("CREATE TABLE t2 (id INT) DATA DIRECTORY = '/tmp'"));
    assertThrows(UserError.class, () -> check("ALTER TABLE t DISCARD TABLESPACE"));
    assertThrows(UserError.class,
        () -> check("ALTER TABLE t EXCHANGE PARTITION p WITH TABLE other.x"));
  }

  @Test
  void triggersEventsViewsAndAccountsAreSkipped_withTheReason() {
    CheckedDdl trigger = check("CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t"
        + " FOR EACH ROW SET NEW.a = 1");
    assertFalse(trigger.apply());
    assertEquals("CREATE TRIGGER", trigger.kind());
    assertTrue(trigger.reason().contains("effects are in the row images"), trigger.reason());
    assertFalse(check("DROP EVENT e").apply());
    assertThrows(UserError.class, () -> check("CREATE OR REPLACE VIEW v AS SELECT 1"));
    assertFalse(check("GRANT SELECT ON shop.* TO u").apply());
    assertFalse(check("CREATE TEMPORARY TABLE tmp (id INT)").apply());
  }

  @Test
  void databasesAndTablesOutsideTheSelection_areNotApplied() {
    assertEquals("outside the selection", check("CREATE TABLE secret (id INT)").reason());
    assertFalse(check("CREATE DATABASE shop2").apply());
    CheckedDdl create = check("CREATE DATABASE IF NOT EXISTS shop CHARACTER SET utf8mb4");
    assertEquals("CREATE DATABASE IF NOT EXISTS `copy` CHARACTER SET utf8mb4", create.sql());
    assertEquals("ALTER DATABASE `copy` CHARACTER SET latin1",
        check("ALTER DATABASE CHARACTER SET latin1").sql());
    assertEquals("TRUNCATE TABLE `copy`.`items`", check("TRUNCATE TABLE items").sql());
    assertEquals("CREATE TABLE `copy`.`t2` LIKE `copy`.`items`",
        check("CREATE TABLE t2 LIKE items").sql());
    assertEquals("CREATE INDEX i ON `copy`.`items` (name)",
        check("CREATE INDEX i ON items (name)").sql());
  }
}
