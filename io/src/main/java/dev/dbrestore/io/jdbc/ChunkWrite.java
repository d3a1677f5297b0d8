package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.io.Serializable;
import java.util.List;

/**
 * One chunk to restore: which file of which backup set, the table it came from, the table it
 * goes to, and what to do with a row whose key already exists there.
 */
public record ChunkWrite(
    String setLocation,
    String sourceDatabase,
    String sourceTable,
    String targetDatabase,
    String targetTable,
    Manifest.Chunk chunk,
    List<Manifest.Column> storedColumns,
    DataConflictPolicy conflictPolicy)
    implements Serializable {

  public ChunkWrite withTarget(String database, String table) {
    return new ChunkWrite(
        setLocation, sourceDatabase, sourceTable, database, table, chunk, storedColumns,
        conflictPolicy);
  }

  public ChunkWrite withConflictPolicy(DataConflictPolicy policy) {
    return new ChunkWrite(
        setLocation, sourceDatabase, sourceTable, targetDatabase, targetTable, chunk,
        storedColumns, policy);
  }
}
