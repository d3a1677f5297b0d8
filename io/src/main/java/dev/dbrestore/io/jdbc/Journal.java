package dev.dbrestore.io.jdbc;

import java.io.Serializable;

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
}
