package dev.dbrestore.io.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlDialectTest {
  private static final MySqlDialect DIALECT = MySqlDialect.INSTANCE;

  private static Manifest.Column column(
      String name, String type, String charset, ColumnEncoding encoding) {
    return new Manifest.Column(name, type, true, false, charset, encoding);
  }

  // ---- quote ----

  @Test
  void quoteWrapsANameInBackticks() {
    assertEquals("`orders`", DIALECT.quote("orders"));
    assertEquals("`name with space`", DIALECT.quote("name with space"));
  }

  @Test
  void quoteDoublesABacktickInsideTheName() {
    assertEquals("`a``b`", DIALECT.quote("a`b"));
    assertEquals("````", DIALECT.quote("`"));
  }

  @Test
  void qualifiedQuotesDatabaseAndTable() {
    assertEquals("`shop`.`or``ders`", DIALECT.qualified("shop", "or`ders"));
  }

  // ---- referencesOf ----

  @Test
  void referencesOfAViewAsTheServerPrintsIt_namesItsTablesViewsAndCalls_notItsStrings() {
    // SHOW CREATE VIEW of MariaDB 10.11 in a session without a current database.
    String view =
        "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW"
            + " `p1`.`j` AS select `p1`.`t`.`a` AS `a`,`p1`.`f`(`p2`.`u`.`id`) AS `g`,"
            + "`vv`.`x` AS `f(` from ((`p1`.`t` join `p2`.`u` on(`p2`.`u`.`id` = `p1`.`t`.`a`))"
            + " join `p1`.`v` `vv`) where `p1`.`t`.`b` <> 'p1.`w`' and `p1`.`t`.`b` <>"
            + " 'it\\'s `p2`.`nope`(' and `p1`.`t`.`b` <> \"`p1`.`z`\"";
    java.util.Set<Dialect.Reference> refs = DIALECT.referencesOf("p1", view);

    assertTrue(refs.contains(new Dialect.Reference("p1", "t", false)), refs.toString());
    assertTrue(refs.contains(new Dialect.Reference("p2", "u", false)), refs.toString());
    assertTrue(refs.contains(new Dialect.Reference("p1", "v", false)), refs.toString());
    assertTrue(refs.contains(new Dialect.Reference("p1", "f", true)), refs.toString());
    assertFalse(refs.stream().anyMatch(r -> r.name().equals("w")), refs.toString());
    assertFalse(refs.stream().anyMatch(r -> r.name().equals("nope")), refs.toString());
    assertFalse(refs.stream().anyMatch(r -> r.name().equals("z")), refs.toString());
    assertFalse(refs.stream().anyMatch(r -> r.name().equals("f(")), refs.toString());
    assertFalse(refs.stream().anyMatch(r -> r.name().equals("root")), refs.toString());
  }

  @Test
  void referencesOfAnUnqualifiedView_resolvesItsNamesInTheViewsOwnDatabase() {
    String view =
        "CREATE VIEW `v` AS select `f`(2) AS `two`,`t`.`a` AS `a``b` from (`t` join `o``dd`)";
    java.util.Set<Dialect.Reference> refs = DIALECT.referencesOf("db", view);

    assertTrue(refs.contains(new Dialect.Reference("db", "f", true)), refs.toString());
    assertTrue(refs.contains(new Dialect.Reference("db", "t", false)), refs.toString());
    assertTrue(refs.contains(new Dialect.Reference("db", "o`dd", false)), refs.toString());
    assertFalse(refs.stream().anyMatch(r -> r.name().equals("two")), refs.toString());
  }

  // ---- withoutDefiner ----

  @Test
  void withoutDefinerRemovesABacktickedDefinerFromAView_butKeepsSqlSecurityDefiner() {
    String create =
        "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER"
            + " VIEW `v` AS select 1 AS `x`";
    assertEquals(
        "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1 AS `x`",
        MySqlStatements.withoutDefiner(create));
  }

  @Test
  void withoutDefinerRemovesASingleQuotedDefinerFromATrigger() {
    String create =
        "CREATE DEFINER='u'@'%' TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.x = 1";
    assertEquals(
        "CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.x = 1",
        MySqlStatements.withoutDefiner(create));
  }

  @Test
  void withoutDefinerRemovesADefinerWhoseNameHasADoubledBacktick() {
    String create =
        "CREATE DEFINER=`we``ird`@`%` FUNCTION `f`() RETURNS int(11)\n"
            + "    DETERMINISTIC\nRETURN 1";
    assertEquals(
        "CREATE FUNCTION `f`() RETURNS int(11)\n    DETERMINISTIC\nRETURN 1",
        MySqlStatements.withoutDefiner(create));
  }

  @Test
  void withoutDefinerRemovesTheDefinerFromAnEvent() {
    String create =
        "CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE EVERY 1 DAY"
            + " STARTS '2024-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO DELETE FROM t";
    String result = MySqlStatements.withoutDefiner(create);
    assertEquals(
        "CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY STARTS '2024-01-01 00:00:00'"
            + " ON COMPLETION NOT PRESERVE ENABLE DO DELETE FROM t",
        result);
  }

  @Test
  void withoutDefinerRemovesTheDefinerFromAProcedureWithSqlSecurityDefiner() {
    String create =
        "CREATE DEFINER=`app`@`10.0.0.%` PROCEDURE `p`()\n    SQL SECURITY DEFINER\nBEGIN END";
    String result = MySqlStatements.withoutDefiner(create);
    assertEquals("CREATE PROCEDURE `p`()\n    SQL SECURITY DEFINER\nBEGIN END", result);
    assertFalse(result.contains("app"));
  }

  @Test
  void withoutDefinerLeavesAStatementWithoutDefinerAlone() {
    String create = "CREATE SQL SECURITY DEFINER VIEW `v` AS select 1";
    assertEquals(create, MySqlStatements.withoutDefiner(create));
  }

  // ---- encodingOf ----

  @Test
  void encodingOfSignedIntegersIsLong() {
    assertEquals(ColumnEncoding.LONG, MySqlValues.encodingOf("int", "int(11)", null));
    assertEquals(ColumnEncoding.LONG, MySqlValues.encodingOf("bigint", "bigint(20)", null));
    assertEquals(ColumnEncoding.LONG, MySqlValues.encodingOf("tinyint", "tinyint(1)", null));
  }

  @Test
  void encodingOfBigintUnsignedIsServerText_becauseItOverflowsALong() {
    assertEquals(
        ColumnEncoding.SERVER_TEXT,
        MySqlValues.encodingOf("bigint", "bigint(20) unsigned", null));
    assertEquals(
        ColumnEncoding.SERVER_TEXT,
        MySqlValues.encodingOf("bigint", "bigint(20) UNSIGNED ZEROFILL", null));
  }

  @Test
  void encodingOfIntUnsignedIsLong_becauseItFitsALong() {
    assertEquals(ColumnEncoding.LONG, MySqlValues.encodingOf("int", "int(10) unsigned", null));
  }

  @Test
  void encodingOfDecimalAndTemporalTypesIsServerText() {
    assertEquals(
        ColumnEncoding.SERVER_TEXT, MySqlValues.encodingOf("decimal", "decimal(10,2)", null));
    assertEquals(ColumnEncoding.SERVER_TEXT, MySqlValues.encodingOf("date", "date", null));
    assertEquals(
        ColumnEncoding.SERVER_TEXT, MySqlValues.encodingOf("datetime", "datetime(6)", null));
    assertEquals(
        ColumnEncoding.SERVER_TEXT, MySqlValues.encodingOf("timestamp", "timestamp", null));
    assertEquals(ColumnEncoding.SERVER_TEXT, MySqlValues.encodingOf("time", "time(3)", null));
    assertEquals(ColumnEncoding.SERVER_TEXT, MySqlValues.encodingOf("year", "year(4)", null));
  }

  @Test
  void encodingOfFloatIsFloatAndOfDoubleIsDouble() {
    assertEquals(ColumnEncoding.FLOAT, MySqlValues.encodingOf("float", "float", null));
    assertEquals(ColumnEncoding.DOUBLE, MySqlValues.encodingOf("double", "double", null));
  }

  @Test
  void encodingOfUtf8TextIsText_andOfLatin1TextIsBytes() {
    assertEquals(
        ColumnEncoding.TEXT, MySqlValues.encodingOf("varchar", "varchar(20)", "utf8mb4"));
    assertEquals(
        ColumnEncoding.BYTES, MySqlValues.encodingOf("varchar", "varchar(20)", "latin1"));
    assertEquals(ColumnEncoding.BYTES, MySqlValues.encodingOf("text", "text", "latin1"));
  }

  @Test
  void encodingOfBinaryBitAndSpatialTypesIsBytes() {
    assertEquals(ColumnEncoding.BYTES, MySqlValues.encodingOf("blob", "blob", null));
    assertEquals(ColumnEncoding.BYTES, MySqlValues.encodingOf("binary", "binary(16)", null));
    assertEquals(ColumnEncoding.BYTES, MySqlValues.encodingOf("bit", "bit(3)", null));
    assertEquals(ColumnEncoding.BYTES, MySqlValues.encodingOf("geometry", "geometry", null));
    assertEquals(ColumnEncoding.BYTES, MySqlValues.encodingOf("point", "point", null));
  }

  @Test
  void encodingOfEnumSetAndJsonIsText() {
    assertEquals(
        ColumnEncoding.TEXT, MySqlValues.encodingOf("enum", "enum('a','b')", "utf8mb4"));
    assertEquals(ColumnEncoding.TEXT, MySqlValues.encodingOf("set", "set('a','b')", "utf8mb4"));
    assertEquals(ColumnEncoding.TEXT, MySqlValues.encodingOf("json", "json", null));
  }

  @Test
  void encodingOfATypeItDoesNotKnowIsServerText() {
    assertEquals(ColumnEncoding.SERVER_TEXT, MySqlValues.encodingOf("inet6", "inet6", null));
  }

  // ---- restoreSqlMode ----

  @Test
  void restoreSqlModeOfAnEmptyModeIsNoAutoValueOnZero() {
    assertEquals("NO_AUTO_VALUE_ON_ZERO", MySqlRowWriter.restoreSqlMode(""));
    assertEquals("NO_AUTO_VALUE_ON_ZERO", MySqlRowWriter.restoreSqlMode(null));
  }

  @Test
  void restoreSqlModeAddsNoAutoValueOnZeroToAModeWithoutIt() {
    assertEquals(
        "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_VALUE_ON_ZERO",
        MySqlRowWriter.restoreSqlMode("STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO"));
  }

  @Test
  void restoreSqlModeKeepsAModeThatHasNoAutoValueOnZero_withoutAddingItTwice() {
    String mode = "NO_AUTO_VALUE_ON_ZERO,STRICT_TRANS_TABLES";
    String restored = MySqlRowWriter.restoreSqlMode(mode);
    assertEquals(mode, restored);
    assertEquals(restored.indexOf("NO_AUTO_VALUE_ON_ZERO"),
        restored.lastIndexOf("NO_AUTO_VALUE_ON_ZERO"));
  }

  @Test
  void restoreSqlModeDropsTheModesThatChangeHowTheDataPathIsRead() {
    assertEquals(
        "STRICT_TRANS_TABLES,ANSI_QUOTES,NO_AUTO_VALUE_ON_ZERO",
        MySqlRowWriter.restoreSqlMode(
            "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES,ANSI_QUOTES,PAD_CHAR_TO_FULL_LENGTH"));
    assertEquals("NO_AUTO_VALUE_ON_ZERO", MySqlRowWriter.restoreSqlMode("NO_BACKSLASH_ESCAPES"));
  }

  // ---- selectExpression ----

  @Test
  void selectExpressionCastsServerTextToChar() {
    assertEquals(
        "CAST(`c` AS CHAR)",
        DIALECT.selectExpression(
            column("c", "decimal(10,2)", null, ColumnEncoding.SERVER_TEXT)));
  }

  @Test
  void selectExpressionCastsLatin1TextStoredAsBytesToBinary() {
    assertEquals(
        "CAST(`c` AS BINARY)",
        DIALECT.selectExpression(column("c", "varchar(20)", "latin1", ColumnEncoding.BYTES)));
  }

  @Test
  void selectExpressionSelectsABlobAsItIs() {
    assertEquals("`c`", DIALECT.selectExpression(column("c", "blob", null, ColumnEncoding.BYTES)));
  }

  @Test
  void selectExpressionSelectsLongFloatDoubleAndTextAsTheyAre() {
    assertEquals("`c`", DIALECT.selectExpression(column("c", "int", null, ColumnEncoding.LONG)));
    assertEquals(
        "`c`", DIALECT.selectExpression(column("c", "float", null, ColumnEncoding.FLOAT)));
    assertEquals(
        "`c`", DIALECT.selectExpression(column("c", "double", null, ColumnEncoding.DOUBLE)));
    assertEquals(
        "`c`",
        DIALECT.selectExpression(column("c", "varchar(5)", "utf8mb4", ColumnEncoding.TEXT)));
  }

  @Test
  void selectExpressionQuotesAColumnNameWithABacktick() {
    assertEquals(
        "CAST(`d``t` AS CHAR)",
        DIALECT.selectExpression(column("d`t", "datetime", null, ColumnEncoding.SERVER_TEXT)));
  }

  // ---- keyAfter / keyAtMost ----

  @Test
  void keyAfterOnATwoColumnKeySpellsOutTheRowComparison() {
    List<Object> parameters = new ArrayList<>();
    String sql = DIALECT.keyAfter(List.of("a", "b"), new Object[] {1L, "x"}, parameters);
    assertEquals("((`a` > ?) OR (`a` = ? AND `b` > ?))", sql);
    assertEquals(List.of(1L, 1L, "x"), parameters);
  }

  @Test
  void keyAtMostOnATwoColumnKeyIncludesTheEqualRow() {
    List<Object> parameters = new ArrayList<>();
    String sql = DIALECT.keyAtMost(List.of("a", "b"), new Object[] {1L, "x"}, parameters);
    assertEquals("((`a` < ?) OR (`a` = ? AND `b` < ?) OR (`a` = ? AND `b` = ?))", sql);
    assertEquals(List.of(1L, 1L, "x", 1L, "x"), parameters);
  }

  @Test
  void keyAfterOnASingleColumnKeyIsOneComparison() {
    List<Object> parameters = new ArrayList<>();
    assertEquals("((`id` > ?))", DIALECT.keyAfter(List.of("id"), new Object[] {7L}, parameters));
    assertEquals(List.of(7L), parameters);
  }

  @Test
  void keyAfterThenKeyAtMostAppendParametersInTheOrderOfThePlaceholders() {
    List<Object> parameters = new ArrayList<>();
    String sql =
        DIALECT.keyAfter(List.of("id"), new Object[] {10L}, parameters)
            + " AND "
            + DIALECT.keyAtMost(List.of("id"), new Object[] {20L}, parameters);
    assertEquals("((`id` > ?)) AND ((`id` < ?) OR (`id` = ?))", sql);
    assertEquals(List.of(10L, 20L, 20L), parameters);
    assertEquals(parameters.size(), sql.chars().filter(ch -> ch == '?').count());
  }

  // ---- insertStatement ----

  @Test
  void insertStatementQuotesEveryNameAndHasOnePlaceholderPerColumn() {
    String sql =
        DIALECT.insertStatement(
            "sh`op",
            "order items",
            List.of(
                column("id", "int", null, ColumnEncoding.LONG),
                column("a`b", "varchar(5)", "utf8mb4", ColumnEncoding.TEXT),
                column("when", "datetime", null, ColumnEncoding.SERVER_TEXT)),
            DataConflictPolicy.STOP);
    assertEquals(
        "INSERT INTO `sh``op`.`order items` (`id`, `a``b`, `when`) VALUES (?, ?, ?)", sql);
  }

  @Test
  void ignoreSkipsDuplicateKeysWithoutInsertIgnore_andOverwriteReplaces() {
    List<Manifest.Column> columns =
        List.of(column("id", "int", null, ColumnEncoding.LONG), column("v", "int", null, ColumnEncoding.LONG));
    assertEquals(
        "INSERT INTO `d`.`t` (`id`, `v`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `id` = `id`",
        DIALECT.insertStatement("d", "t", columns, DataConflictPolicy.IGNORE));
    assertEquals(
        "REPLACE INTO `d`.`t` (`id`, `v`) VALUES (?, ?)",
        DIALECT.insertStatement("d", "t", columns, DataConflictPolicy.OVERWRITE));
  }

  @Test
  void theDialectForAMysqlUrlIsMySqlDialect() {
    assertTrue(Dialect.forUrl("jdbc:mysql://localhost:3306/") instanceof MySqlDialect);
  }

  // ---- error classes ----

  @Test
  void aDuplicateKeyIsRecognised_andNothingElseIs() {
    MySqlDialect d = MySqlDialect.INSTANCE;
    assertTrue(d.isDuplicateKey(new java.sql.SQLException("Duplicate entry", "23000", 1062)));
    assertFalse(d.isDuplicateKey(new java.sql.SQLException("Deadlock", "40001", 1213)));
    assertFalse(d.isDuplicateKey(new java.sql.SQLException("Data too long", "22001", 1406)));
  }

  @Test
  void localDataRefusedIsRecognised_forMariaDbAndMySql() {
    MySqlDialect d = MySqlDialect.INSTANCE;
    for (int code : new int[] {1148, 4166, 3948}) {
      assertTrue(d.isLocalDataRefused(new java.sql.SQLException("refused", "42000", code)), "" + code);
    }
    assertFalse(d.isLocalDataRefused(new java.sql.SQLException("Duplicate entry", "23000", 1062)));
  }
}
