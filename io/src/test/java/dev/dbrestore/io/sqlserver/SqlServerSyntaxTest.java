package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlServerSyntaxTest {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  @Test
  void aPlainNameIsBracketed() {
    assertEquals("[customer]", SQL.quote("customer"));
  }

  @Test
  void aClosingBracketIsDoubled_andAnOpeningOneKept() {
    assertEquals("[a]]b[c]]]]]", SQL.quote("a]b[c]]"));
  }

  @Test
  void quotesSpacesDotsAndApostrophesNeedNoEscape() {
    assertEquals("[it's a.name \"x\"]", SQL.quote("it's a.name \"x\""));
  }

  @Test
  void aNameOf128CharactersIsQuoted() {
    String name = "n".repeat(127) + "]";
    assertEquals("[" + "n".repeat(127) + "]]]", SQL.quote(name));
  }

  @Test
  void aNameOf129CharactersIsRefusedInOneSentence() {
    UserError e = assertThrows(UserError.class, () -> SQL.quote("x".repeat(129)));
    assertTrue(e.getMessage().contains("129 characters"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 128"), e.getMessage());
  }

  @Test
  void aNameOf128Utf16UnitsCountsAnEmojiAsTwo() {
    String name = "😀".repeat(64);
    assertEquals(128, name.length());
    assertEquals("[" + name + "]", SQL.quote(name));
    assertThrows(UserError.class, () -> SQL.quote(name + "x"));
  }

  @Test
  void anEmptyNameIsRefused() {
    assertThrows(UserError.class, () -> SQL.quote(""));
  }

  @Test
  void aTableIsNamedByDatabaseSchemaAndTable() {
    assertEquals("[shop].[sales].[order]", SQL.qualified("shop", "sales.order"));
  }

  @Test
  void aTableWithoutSchemaIsInDbo() {
    assertEquals("[shop].[dbo].[order]", SQL.qualified("shop", "order"));
  }

  @Test
  void onlyTheFirstDotSeparatesTheSchema_theTableNameMayHoldDots() {
    assertEquals("[d].[s].[t.with.dots]", SQL.qualified("d", "s.t.with.dots"));
    assertEquals("s.t.with.dots", SqlServerSyntax.tableName("s", "t.with.dots"));
  }

  @Test
  void aSchemaWithADotIsRefusedAtBackup() {
    assertThrows(UserError.class, () -> SqlServerSyntax.tableName("a.b", "t"));
  }

  @Test
  void hostileNamesStayInsideTheirBrackets() {
    assertEquals("[d]];DROP TABLE x;--].[s]]].[t]]]", SQL.qualified("d];DROP TABLE x;--", "s].t]"));
  }

  @Test
  void aCompositeKeyAfterIsSpelledOutTermByTerm() {
    List<Object> parameters = new ArrayList<>();
    String condition = SQL.keyAfter(List.of("a", "b]"), new Object[] {1L, "x"}, parameters);
    assertEquals("(([a] > ?) OR ([a] = ? AND [b]]] > ?))", condition);
    assertEquals(List.of(1L, 1L, "x"), parameters);
  }

  @Test
  void aKeyAtMostIncludesTheBoundItself() {
    List<Object> parameters = new ArrayList<>();
    String condition = SQL.keyAtMost(List.of("id"), new Object[] {10L}, parameters);
    assertEquals("(([id] < ?) OR ([id] = ?))", condition);
    assertEquals(List.of(10L, 10L), parameters);
  }

  @Test
  void theServersOwnDatabasesAreSystemSchemas_whateverTheirCase() {
    assertTrue(SQL.isSystemSchema("master"));
    assertTrue(SQL.isSystemSchema("TempDB"));
    assertTrue(SQL.isSystemSchema("msdb"));
    assertFalse(SQL.isSystemSchema("sakila"));
  }
}
