package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.util.Set;

/**
 * What every database's check of a backup-set statement speaks of: the kind of entry, the target
 * the statement will run on, and the refusal. The checks themselves are the dialect's
 * ({@link StatementChecker}): a backup set is data, and whatever a statement holds beyond what
 * its entry claims is refused, never run.
 */
public final class StatementCheck {
  /** What an entry claims to hold. */
  public enum Kind {
    TABLE, VIEW, FUNCTION, PROCEDURE, TRIGGER, EVENT;

    /** The word a CREATE statement of this kind uses. */
    public String word() {
      return name();
    }
  }

  /** Engines a restore creates tables with unless the task allows more. */
  public static final Set<String> DEFAULT_ENGINES =
      Set.of("innodb", "aria", "myisam", "memory", "archive");

  /**
   * The target the statements will run on: its kind (as the server describes itself) and
   * version, the engines it has and those the task allows (lower case), and whether it folds
   * table names to lower case.
   */
  public record Target(
      String kind, String version, Set<String> engines, Set<String> allowedEngines,
      boolean foldTableNames) {
    /** The version as one number, major * 10000 + minor * 100 + patch. */
    public int versionId() {
      String[] parts = version.split("[^0-9]+");
      int id = 0;
      for (int i = 0; i < 3; i++) {
        id = id * 100 + (i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0);
      }
      return id;
    }
  }

  /** A statement refused, with one sentence saying which entry and why. */
  public static final class Refused extends UserError {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message);
    }
  }

  private StatementCheck() {}
}
