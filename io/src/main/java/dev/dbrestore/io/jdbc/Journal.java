package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.io.Serializable;
import java.util.List;

/**
 * Where a restore task records what it has finished: a schema of the tool's own in the target
 * and the task's id. A chunk's rows and its "done" entry commit in one transaction, so a
 * retried, re-run or resumed chunk is either wholly there (and skipped) or not at all.
 */
public record Journal(String schema, String taskId) implements Serializable {
  public static final String DEFAULT_SCHEMA = "dbrestore_journal";

  /**
   * The entry in a task's objects that stops its data writers: no object's entry is one word
   * ("kind `db`.`name`"), so it names no object.
   */
  public static final String STOP_ENTRY = "stopped";

  /**
   * The refusal to drop a journal schema that holds more than the journal ({@code foreign}: what
   * else, "table `t`", ...), naming the first five.
   */
  public static UserError holdsMore(String quotedSchema, List<String> foreign) {
    return new UserError(
        "The schema " + quotedSchema + " holds more than a restore journal ("
            + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
            + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
            + "), so it was left untouched; name the journal with --journal-schema.");
  }
}
