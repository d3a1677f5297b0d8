package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.jdbc.StatementCheck.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlServerStatementCheckTest {
  private static final SqlServerStatementCheck CHECK = new SqlServerStatementCheck();

  @ParameterizedTest
  @ValueSource(strings = {
      "((0))", "(getdate())", "(N'it''s ]')", "(newsequentialid())", "([a]+[b])",
      "(CONVERT([varchar](10),[d],(23)))", "(case when [x]>(0) then N'p' else N'n' end)",
      "([price]>=(0.00) AND [price]<(1000000))", "(0x00FF)", "([a] like '%x%')"})
  void theExpressionsSqlServerPrintsInSysViewsPass(String expression) {
    assertEquals(expression, CHECK.checkExpression("table t, column c", expression));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "(0)); DROP TABLE [x]", "((select max([id]) from [other]))", "(0) -- hidden",
      "(0) /* x */", "((1)", "(1))(", "(@@version)", "([dbo].[f](1)) EXEC xp_cmdshell 'x'",
      "(N'unterminated)", "([unterminated)", "(sp_configure(1))", "(openrowset(1))",
      "(1) + (2)", "1", ""})
  void anExpressionThatIsMoreThanOneExpressionIsRefused(String expression) {
    StatementCheck.Refused e = assertThrows(StatementCheck.Refused.class,
        () -> CHECK.checkExpression("table t, column c", expression));
    assertTrue(e.getMessage().startsWith("The backup set's table t, column c ("),
        e.getMessage());
  }

  @Test
  void aStatementWordInsideAStringOrQuotedNameIsOnlyText() {
    String expression = "([select]+N'; DROP TABLE x --')";
    assertEquals(expression, CHECK.checkExpression("t", expression));
  }

  @Test
  void typesAreSqlServerTypesWithALengthOrPrecision() {
    assertEquals("decimal(38,10)", CHECK.checkType("t", "DECIMAL(38, 10)"));
    assertEquals("nvarchar(max)", CHECK.checkType("t", "nvarchar(max)"));
    assertThrows(StatementCheck.Refused.class, () -> CHECK.checkType("t", "int identity"));
    assertThrows(StatementCheck.Refused.class, () -> CHECK.checkType("t", "varchar(10) null"));
  }

  @Test
  void aViewOfItsClaimedNamePasses_withCommentsAndSchemaOrNot() {
    String view = "/* sales view */\nCREATE VIEW [sales].[big]]orders] AS SELECT 1 AS x -- one\n";
    assertEquals(view, CHECK.checkModule(Kind.VIEW, "view v", "sales", "big]orders", null, view));
    String bare = "create or alter view big_orders as select 1 as x;";
    assertEquals(bare, CHECK.checkModule(Kind.VIEW, "view v", "sales", "big_orders", null, bare));
  }

  @Test
  void aViewThatCreatesAnotherNameIsRefused() {
    assertThrows(StatementCheck.Refused.class, () -> CHECK.checkModule(Kind.VIEW, "view v",
        "sales", "v", null, "CREATE VIEW [dbo].[v] AS SELECT 1"));
  }

  @Test
  void aViewWithASecondStatementIsRefused() {
    assertThrows(StatementCheck.Refused.class, () -> CHECK.checkModule(Kind.VIEW, "view v",
        "dbo", "v", null, "CREATE VIEW v AS SELECT 1; DROP TABLE x;"));
  }

  @Test
  void anEntryThatClaimsAProcedureButCreatesATableIsRefused() {
    assertThrows(StatementCheck.Refused.class, () -> CHECK.checkModule(Kind.PROCEDURE, "proc p",
        "dbo", "p", null, "CREATE TABLE p (a int)"));
  }

  @Test
  void aProcedureBodyMayHoldAnyStatement_itRunsOnlyWhenCalled() {
    String proc = "CREATE PROC [dbo].[p] @id int AS BEGIN DELETE FROM t WHERE id = @id; END";
    assertEquals(proc, CHECK.checkModule(Kind.PROCEDURE, "proc p", "dbo", "p", null, proc));
  }

  @Test
  void aTriggerMustBeOnItsClaimedTable() {
    String ok = "CREATE TRIGGER [sales].[tr] ON [sales].[order]]s] AFTER INSERT AS SET NOCOUNT ON;";
    assertEquals(ok, CHECK.checkModule(Kind.TRIGGER, "trigger tr", "sales", "tr",
        "sales.order]s", ok));
    assertThrows(StatementCheck.Refused.class, () -> CHECK.checkModule(Kind.TRIGGER,
        "trigger tr", "sales", "tr", "sales.order]s",
        "CREATE TRIGGER [sales].[tr] ON [dbo].[users] AFTER INSERT AS SET NOCOUNT ON;"));
  }

  @Test
  void aFunctionThatDoesNotStartWithCreateIsRefused() {
    assertThrows(StatementCheck.Refused.class, () -> CHECK.checkModule(Kind.FUNCTION, "fn f",
        "dbo", "f", null, "DROP TABLE x; CREATE FUNCTION f() RETURNS int AS BEGIN RETURN 1 END"));
  }
}
