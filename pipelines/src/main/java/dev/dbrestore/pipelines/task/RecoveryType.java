package dev.dbrestore.pipelines.task;

/** What a restore task recovers: the objects, the rows, or both. */
public enum RecoveryType {
  /** Create databases, tables, views, routines, triggers and events; write no row. */
  STRUCTURE,
  /** Write rows into tables that already exist in the target with compatible columns. */
  DATA,
  /** Structure, then data, then the objects that come after the data. */
  BOTH;

  public boolean includesStructure() {
    return this != DATA;
  }

  public boolean includesData() {
    return this != STRUCTURE;
  }
}
