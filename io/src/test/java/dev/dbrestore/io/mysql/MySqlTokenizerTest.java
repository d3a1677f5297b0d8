package dev.dbrestore.io.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.mysql.MySqlTokenizer.Token;
import dev.dbrestore.io.mysql.MySqlTokenizer.Type;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MySqlTokenizerTest {
  private static List<Token> code(String sql) {
    return code(sql, null);
  }

  private static List<Token> code(String sql, String mode) {
    return MySqlTokenizer.tokenize(sql, mode).stream().filter(Token::isCode).toList();
  }

  private static long semicolons(String sql, String mode) {
    return code(sql, mode).stream().filter(t -> t.isSymbol(";")).count();
  }

  private static final StatementCheck.Target MARIADB =
      new StatementCheck.Target(
          "mariadb", "10.11.6-MariaDB", Set.of("innodb", "myisam", "aria", "memory", "connect"),
          StatementCheck.DEFAULT_ENGINES, false);

  // ---- Quoted names and strings ----------------------------------------------------------------

  @Test
  void aBacktickedNameKeepsDoubledBackticksAndSemicolonsInside() {
    List<Token> tokens = code("CREATE TABLE `a``b; DROP TABLE x; --` (id INT)");
    assertEquals(Type.NAME, tokens.get(2).type());
    assertEquals("a`b; DROP TABLE x; --", tokens.get(2).value());
    assertEquals(0, semicolons("CREATE TABLE `a``b; DROP TABLE x; --` (id INT)", null));
  }

  @Test
  void stringsWithDoubledQuotesAndBackslashesDoNotEndEarly() {
    String sql = "SELECT 'it''s; \\' still; inside', \"dq \\\" ; \"\" in\" ; x";
    List<Token> tokens = code(sql);
    assertEquals(Type.STRING, tokens.get(1).type());
    assertEquals(Type.STRING, tokens.get(3).type());
    assertEquals(1, semicolons(sql, null));
  }

  @Test
  void noBackslashEscapesEndsAStringAtTheQuoteAfterABackslash() {
    String sql = "SELECT 'x\\' ; CREATE USER evil; -- '";
    assertEquals(0, semicolons(sql, null));
    assertEquals(2, semicolons(sql, "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES"));
  }

  @Test
  void ansiQuotesMakesDoubleQuotesANameWithoutBackslashEscapes() {
    String sql = "SELECT \"x\\\" ; CREATE USER evil; -- \"";
    assertEquals(0, semicolons(sql, null));
    assertEquals(2, semicolons(sql, "ANSI_QUOTES"));
    assertEquals(2, semicolons(sql, "ANSI"));
    assertEquals(Type.NAME, code("SELECT \"a\"\"b\"", "ANSI_QUOTES").get(1).type());
    assertEquals("a\"b", code("SELECT \"a\"\"b\"", "ANSI_QUOTES").get(1).value());
  }

  @Test
  void unclosedQuotesAndCommentsAreUnreadable() {
    for (String sql : List.of("SELECT 'x", "SELECT `x", "SELECT \"x", "SELECT 'x\\'",
        "SELECT 1 /* x", "SELECT 1 /*! x", "SELECT 1 /*!50013 x", "SELECT 1 /* /* */ ; */")) {
      assertThrows(MySqlTokenizer.Unreadable.class, () -> MySqlTokenizer.tokenize(sql, null), sql);
    }
  }

  // ---- Comments ------------------------------------------------------------------------------

  @Test
  void plainCommentsAreNotCode_andSemicolonsInsideDoNotSplit() {
    String sql = "SELECT 1 /* ; CREATE USER a; */ # ; CREATE USER b;\n -- ; CREATE USER c;\n, 2";
    assertEquals(0, semicolons(sql, null));
    assertFalse(code(sql).stream().anyMatch(t -> t.isWord("USER")));
    assertEquals(3, MySqlTokenizer.tokenize(sql, null).stream()
        .filter(t -> t.type() == Type.COMMENT).count());
  }

  @Test
  void doubleDashWithoutASpaceIsNotAComment() {
    // 1--1 is 1 minus minus 1; the ; after it is code.
    String sql = "SELECT 1--1; CREATE USER evil";
    assertEquals(1, semicolons(sql, null));
    assertTrue(code(sql).stream().anyMatch(t -> t.isWord("USER")));
    assertEquals(0, semicolons("SELECT 1-- ; CREATE USER evil", null));
    assertEquals(0, semicolons("SELECT 1--\t; CREATE USER evil", null));
  }

  @Test
  void executableCommentsAreCode_withAndWithoutVersion() {
    for (String open : List.of("/*!", "/*!50013 ", "/*!100101 ", "/*M!", "/*M!100301 ")) {
      String sql = "SELECT 1 " + open + "; CREATE USER evil */";
      assertEquals(1, semicolons(sql, null), sql);
      assertTrue(code(sql).stream().anyMatch(t -> t.isWord("USER")), sql);
    }
    List<Token> all = MySqlTokenizer.tokenize("/*!50013 DEFINER=`u`@`h`*/", null);
    assertEquals(Type.CODE_OPEN, all.get(0).type());
    assertEquals("50013", all.get(0).version());
    assertEquals(Type.CODE_CLOSE, all.get(all.size() - 1).type());
  }

  @Test
  void aStringInsideAnExecutableCommentHidesItsSemicolon_andCommentsInsideOneAreRefused() {
    assertEquals(0, semicolons("SELECT /*! ';' */ 1", null));
    for (String sql : List.of("SELECT /*! 1 /* x */ */", "SELECT /*! 1 # x\n */",
        "SELECT /*! 1 -- x\n */", "SELECT /*! '*/' */")) {
      assertThrows(MySqlTokenizer.Unreadable.class, () -> MySqlTokenizer.tokenize(sql, null), sql);
    }
  }

  @Test
  void controlCharactersOutsideStringsAreUnreadable() {
    assertThrows(MySqlTokenizer.Unreadable.class,
        () -> MySqlTokenizer.tokenize("SELECT 1\0; DROP", null));
    assertEquals(Type.STRING, code("SELECT 'a\0b'").get(1).type());
  }

  // ---- DEFINER in every position ---------------------------------------------------------------

  @Test
  void definerIsRemovedWhereverItStands() {
    assertEquals("CREATE VIEW `v` AS SELECT 1",
        MySqlStatementCheck.withoutDefiner("CREATE DEFINER=`r`@`%` VIEW `v` AS SELECT 1", null));
    assertEquals("CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v AS SELECT 1",
        MySqlStatementCheck.withoutDefiner(
            "CREATE ALGORITHM=MERGE DEFINER = 'r'@'h' SQL SECURITY INVOKER VIEW v AS SELECT 1",
            null));
    assertEquals("CREATE TRIGGER t",
        MySqlStatementCheck.withoutDefiner("CREATE DEFINER=CURRENT_USER() TRIGGER t", null));
    assertEquals("CREATE PROCEDURE p() BEGIN END",
        MySqlStatementCheck.withoutDefiner("CREATE DEFINER=app_role PROCEDURE p() BEGIN END", null));
    // mysqldump's executable comments.
    assertEquals("/*!50003 CREATE*/ /*!50017*/ /*!50003 TRIGGER t */",
        MySqlStatementCheck.withoutDefiner(
            "/*!50003 CREATE*/ /*!50017 DEFINER=`u`@`h`*/ /*!50003 TRIGGER t */", null));
    assertEquals("CREATE ALGORITHM=UNDEFINED /*!50013 SQL SECURITY DEFINER */ VIEW v AS SELECT 1",
        MySqlStatementCheck.withoutDefiner("CREATE ALGORITHM=UNDEFINED /*!50013 DEFINER=`u`@`h`"
            + " SQL SECURITY DEFINER */ VIEW v AS SELECT 1", null));
    // Text that only looks like one is left alone.
    String inString = "CREATE VIEW v AS SELECT 'DEFINER=`x`@`y`' AS d";
    assertEquals(inString, MySqlStatementCheck.withoutDefiner(inString, null));
    String inName = "CREATE VIEW v AS SELECT 1 AS `DEFINER=x`";
    assertEquals(inName, MySqlStatementCheck.withoutDefiner(inName, null));
  }

  @Test
  void aDefinerSplitAcrossCommentsSurvivesRemoval_andIsRefused() {
    for (String sql : List.of(
        "CREATE /*!50017 DEFINER=*/'evil'@'%' VIEW `v` AS SELECT 1",
        "CREATE DEFINER=/**/'evil'@'%' VIEW `v` AS SELECT 1",
        "CREATE DEFINER /*!=*/ 'evil'@'%' VIEW `v` AS SELECT 1")) {
      StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class,
          () -> MySqlStatementCheck.schemaObject(StatementCheck.Kind.VIEW, "view `d`.`v`", "m.json",
              view(sql), "d", "", MARIADB), sql);
      assertFalse(e.getMessage().contains("evil"), e.getMessage());
    }
  }

  // ---- The statement check -------------------------------------------------------------------

  private static dev.dbrestore.io.format.Manifest.SchemaObject view(String sql) {
    return new dev.dbrestore.io.format.Manifest.SchemaObject(
        "v", null, sql, "root@localhost", "", "utf8mb4", "utf8mb4_general_ci");
  }

  private static String refusal(StatementCheck.Kind kind, String name, String table, String sql) {
    var o = new dev.dbrestore.io.format.Manifest.SchemaObject(
        name, table, sql, "root@localhost", "", "utf8mb4", "utf8mb4_general_ci");
    return assertThrows(StatementCheck.Refused.class,
        () -> MySqlStatementCheck.schemaObject(kind, "x", "m.json", o, "d", "", MARIADB)).getMessage();
  }

  private static void passes(StatementCheck.Kind kind, String name, String table, String sql) {
    var o = new dev.dbrestore.io.format.Manifest.SchemaObject(
        name, table, sql, "root@localhost", "", "utf8mb4", "utf8mb4_general_ci");
    MySqlStatementCheck.schemaObject(kind, "x", "m.json", o, "d", "", MARIADB);
  }

  @Test
  void compoundBodiesPass_andTextAfterTheirEndIsRefused() {
    String p = "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`(IN a INT)\n"
        + "    READS SQL DATA\nproc: BEGIN\n  DECLARE done INT DEFAULT 0;\n"
        + "  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;\n"
        + "  DECLARE EXIT HANDLER FOR SQLSTATE '23000' BEGIN SELECT 'dup;'; END;\n"
        + "  IF a > 1 THEN SELECT CASE WHEN a THEN IF(a,1,2) ELSE 0 END; ELSE IF a < 0 THEN"
        + " LEAVE proc; END IF; END IF;\n"
        + "  l: LOOP SET a = a + 1; IF a > 9 THEN LEAVE l; END IF; END LOOP l;\n"
        + "  WHILE a > 0 DO SET a = a - 1; END WHILE;\n"
        + "  REPEAT SET a = a + 1; UNTIL a > 3 END REPEAT;\n"
        + "  CASE a WHEN 1 THEN SELECT 1; ELSE BEGIN END; END CASE;\n"
        + "  DROP TEMPORARY TABLE IF EXISTS t;\nEND";
    passes(StatementCheck.Kind.PROCEDURE, "p", null, p);
    assertTrue(refusal(StatementCheck.Kind.PROCEDURE, "p", null, p + "; CREATE USER evil")
        .contains("more than one statement"));
    // An IF function where a THEN precedes an expression must not count as a block.
    String hidden = "CREATE PROCEDURE p() BEGIN SELECT CASE WHEN 1 THEN IF(1,1,1) END; END;"
        + " CREATE USER evil; END IF";
    refusal(StatementCheck.Kind.PROCEDURE, "p", null, hidden);
    String begin = "CREATE PROCEDURE p() BEGIN SELECT begin FROM t; END; CREATE USER e; END";
    refusal(StatementCheck.Kind.PROCEDURE, "p", null, begin);
    passes(StatementCheck.Kind.FUNCTION, "f", null,
        "CREATE FUNCTION `f`(x INT) RETURNS decimal(5,2) CHARSET utf8mb4\n    DETERMINISTIC\n"
            + "RETURN CASE WHEN x THEN 1 END + 1");
    refusal(StatementCheck.Kind.FUNCTION, "f", null,
        "CREATE FUNCTION f(x INT) RETURNS int RETURN 1; CREATE USER evil");
    refusal(StatementCheck.Kind.FUNCTION, "f", null,
        "CREATE FUNCTION f RETURNS STRING SONAME 'evil.so'");
  }

  @Test
  void statementsOfAnotherKindOrNamingAnotherObjectAreRefused() {
    assertTrue(refusal(StatementCheck.Kind.VIEW, "v", null,
        "CREATE USER 'evil'@'%' IDENTIFIED BY 'pw'")
        .contains("holds a CREATE USER statement, not a CREATE VIEW"));
    assertTrue(refusal(StatementCheck.Kind.VIEW, "v", null, "CREATE VIEW `w` AS SELECT 1")
        .contains("names the view `w`, not `v`"));
    assertTrue(refusal(StatementCheck.Kind.VIEW, "v", null, "CREATE VIEW `o`.`v` AS SELECT 1")
        .contains("in the database `o`"));
    assertTrue(refusal(StatementCheck.Kind.TRIGGER, "t", "a",
        "CREATE TRIGGER t BEFORE INSERT ON b FOR EACH ROW SET NEW.x = 1")
        .contains("names the table `b`, not `a`"));
    passes(StatementCheck.Kind.TRIGGER, "t", "a",
        "CREATE TRIGGER `d`.`t` BEFORE INSERT ON `d`.`a` FOR EACH ROW SET NEW.x = 1");
    passes(StatementCheck.Kind.EVENT, "e", null,
        "CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE EVERY 1 DAY STARTS"
            + " '2024-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO DELETE FROM t");
    refusal(StatementCheck.Kind.EVENT, "e", null,
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t; CREATE USER evil");
    refusal(StatementCheck.Kind.EVENT, "e", null,
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END; CREATE USER evil");
    refusal(StatementCheck.Kind.VIEW, "v", null, "CREATE OR REPLACE VIEW v AS SELECT 1");
    // A string the server would end elsewhere: gbk reads a backslash as part of a character.
    var gbk = new dev.dbrestore.io.format.Manifest.SchemaObject(
        "v", null, "CREATE VIEW v AS SELECT '\u20ac\\' ; CREATE USER evil; -- '", "r", "",
        "gbk", "gbk_chinese_ci");
    assertTrue(assertThrows(StatementCheck.Refused.class,
        () -> MySqlStatementCheck.schemaObject(StatementCheck.Kind.VIEW, "x", "m.json", gbk, "d", "",
            MARIADB)).getMessage().contains("character set gbk"));
    refusal(StatementCheck.Kind.VIEW, "v", null, "CREATE VIEW v AS SELECT 1 /*!99999 ; DROP */");
  }

  @Test
  void tablesCopyingOthersOrWritingFilesOrUsingOtherEnginesAreRefused() {
    String ok = "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  PRIMARY KEY (`id`)\n)"
        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci";
    MySqlStatementCheck.table("table `d`.`t`", "m.json", ok, "d", "t", "", MARIADB);
    for (String bad : List.of(
        "CREATE TABLE `t` AS SELECT * FROM mysql.user",
        "CREATE TABLE `t` (id INT) SELECT * FROM mysql.user",
        "CREATE TABLE `t` LIKE mysql.user",
        "CREATE TABLE `t` (LIKE mysql.user)",
        "CREATE TABLE `t` (id INT) DATA DIRECTORY='/tmp'",
        "CREATE TABLE `t` (id INT) ENGINE=CONNECT",
        "CREATE TABLE `t` (id INT) ENGINE=InnoDB; CREATE USER evil",
        "CREATE TABLE `u` (id INT)",
        "CREATE TEMPORARY TABLE `t` (id INT)")) {
      assertThrows(StatementCheck.Refused.class,
          () -> MySqlStatementCheck.table("table `d`.`t`", "m.json", bad, "d", "t", "", MARIADB), bad);
    }
    StatementCheck.Target allowing = new StatementCheck.Target("mariadb", "10.11.6",
        MARIADB.engines(), Set.of("innodb", "connect"), false);
    MySqlStatementCheck.table("table `d`.`t`", "m.json", "CREATE TABLE `t` (id INT) ENGINE=CONNECT",
        "d", "t", "", allowing);
  }

  @Test
  void deferredIndexDefinitionsMustBeExactlyOneIndex() {
    for (String ok : List.of("KEY `k` (`a`)", "UNIQUE KEY `u` (`a`(10),`b`) COMMENT 'x'",
        "FULLTEXT KEY `f` (`t`)", "KEY `k` (`a`) USING BTREE")) {
      MySqlStatementCheck.index("table `d`.`t`", "m.json", ok, "", MARIADB);
    }
    for (String bad : List.of("KEY `k` (`a`), DROP PRIMARY KEY", "KEY `k` (`a`); CREATE USER e",
        "KEY `k` (`a`) ENGINE=CONNECT", "PRIMARY KEY (`a`)", "KEY `k` ((SELECT 1))")) {
      assertThrows(StatementCheck.Refused.class,
          () -> MySqlStatementCheck.index("table `d`.`t`", "m.json", bad, "", MARIADB), bad);
    }
  }
}
