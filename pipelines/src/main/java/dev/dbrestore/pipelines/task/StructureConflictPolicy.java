package dev.dbrestore.pipelines.task;

/** What happens when the target already has an object of the same name. */
public enum StructureConflictPolicy {
  /** Keep the existing object and continue (its rows are still restored if data is chosen). */
  IGNORE,
  /** Stop before changing anything. */
  STOP
}
