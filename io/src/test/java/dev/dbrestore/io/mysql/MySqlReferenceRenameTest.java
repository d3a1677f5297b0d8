package dev.dbrestore.io.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.jdbc.StatementChecker.Reference;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A mapping's names in the REFERENCES of a table's statement, as the server prints them. */
class MySqlReferenceRenameTest {
  private static final MySqlStatements STATEMENTS = new MySqlStatements();

  /** shop.parent becomes copy.parent_2005, other.p becomes other_copy.p; nothing else moves. */
  private static final Function<Reference, Reference> MAPPING = from -> Map.of(
      new Reference("shop", "parent", false), new Reference("copy", "parent_2005", false),
      new Reference("other", "p", false), new Reference("other_copy", "p", false))
      .get(new Reference(from.database(), from.name(), false));

  @Test
  void aReferenceInTheSameDatabaseTakesTheNewNameUnqualified() {
    String create = "CREATE TABLE `child` (\n  `id` int(11) NOT NULL,\n  `p` int(11),\n"
        + "  CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `parent` (`id`)\n)";
    assertEquals(create.replace("REFERENCES `parent`", "REFERENCES `parent_2005`"),
        STATEMENTS.renameReferences(create, "shop", "copy", MAPPING));
  }

  @Test
  void aReferenceToAnotherDatabaseIsQualifiedWithItsTargetDatabase() {
    String create = "CREATE TABLE `c` (`p` int, `q` int,"
        + " CONSTRAINT `a` FOREIGN KEY (`p`) REFERENCES `shop`.`parent` (`id`),"
        + " CONSTRAINT `b` FOREIGN KEY (`q`) REFERENCES `other`.`p` (`id`))";
    assertEquals("CREATE TABLE `c` (`p` int, `q` int,"
        + " CONSTRAINT `a` FOREIGN KEY (`p`) REFERENCES `copy`.`parent_2005` (`id`),"
        + " CONSTRAINT `b` FOREIGN KEY (`q`) REFERENCES `p` (`id`))",
        STATEMENTS.renameReferences(create, "third", "other_copy", MAPPING));
  }

  @Test
  void namesTheMappingDoesNotRestoreAndTextInStringsAndCommentsStayAsWritten() {
    String create = "CREATE TABLE `c` (`p` int COMMENT 'REFERENCES `parent`',"
        + " /* REFERENCES `parent` */ CONSTRAINT `a` FOREIGN KEY (`p`)"
        + " REFERENCES `elsewhere` (`id`))";
    assertEquals(create, STATEMENTS.renameReferences(create, "shop", "copy", MAPPING));
  }

  @Test
  void aNameWithBackticksIsQuotedAgain() {
    Function<Reference, Reference> mapping =
        from -> new Reference("d`b", "t`2", false);
    assertEquals("CREATE TABLE `c` (`p` int, FOREIGN KEY (`p`) REFERENCES `d``b`.`t``2` (`id`))",
        STATEMENTS.renameReferences(
            "CREATE TABLE `c` (`p` int, FOREIGN KEY (`p`) REFERENCES `x` (`id`))", "shop", "copy",
            mapping));
  }
}
