package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.io.Serializable;
import java.util.List;

/**
 * One chunk to restore: which file of which backup set, the table it came from, the table it
 * goes to, what to do with a row whose key already exists there, and the table's primary key
 * (which the statements of some databases' conflict policies match rows on; empty when none).
 */
public record ChunkWrite(
    String setLocation,
    String sourceDatabase,
    String sourceTable,
    String targetDatabase,
    String targetTable,
    Manifest.Chunk chunk,
    List<Manifest.Column> storedColumns,
    DataConflictPolicy conflictPolicy,
    List<String> primaryKey)
    implements Serializable {

  /** A chunk of a table whose primary key the conflict statements need not name. */
  public ChunkWrite(
      String setLocation, String sourceDatabase, String sourceTable, String targetDatabase,
      String targetTable, Manifest.Chunk chunk, List<Manifest.Column> storedColumns,
      DataConflictPolicy conflictPolicy) {
    this(setLocation, sourceDatabase, sourceTable, targetDatabase, targetTable, chunk,
        storedColumns, conflictPolicy, List.of());
  }

  public ChunkWrite withTarget(String database, String table) {
    return new ChunkWrite(
        setLocation, sourceDatabase, sourceTable, database, table, chunk, storedColumns,
        conflictPolicy, primaryKey);
  }

  public ChunkWrite withConflictPolicy(DataConflictPolicy policy) {
    return new ChunkWrite(
        setLocation, sourceDatabase, sourceTable, targetDatabase, targetTable, chunk,
        storedColumns, policy, primaryKey);
  }
}
