package dev.dbrestore.io.mysql.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsOnTheDelimiterOutsideQuotesAndComments() {
    String script =
        "-- a comment; not a statement\n"
            + "CREATE TABLE t (a TEXT); # another; comment\n"
            + "INSERT INTO t VALUES ('a;b'), ('it''s'), ('back\\\\slash;');\n"
            + "/* block; comment */ SELECT 1;\n"
            + "/*!40101 SET NAMES utf8 */;\n";
    assertEquals(
        List.of(
            "CREATE TABLE t (a TEXT)",
            "INSERT INTO t VALUES ('a;b'), ('it''s'), ('back\\\\slash;')",
            "SELECT 1",
            "/*!40101 SET NAMES utf8 */"),
        SqlScript.split(script));
  }

  @Test
  void delimiterLinesChangeTheDelimiter() {
    String script =
        "DELIMITER ;;\n"
            + "CREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW BEGIN\n"
            + "  INSERT INTO u VALUES (1);\n"
            + "END;;\n"
            + "DELIMITER ;\n"
            + "SELECT 2;\n";
    List<String> statements = SqlScript.split(script);
    assertEquals(2, statements.size());
    assertEquals(
        "CREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW BEGIN\n  INSERT INTO u VALUES (1);\nEND",
        statements.get(0));
    assertEquals("SELECT 2", statements.get(1));
  }
}
