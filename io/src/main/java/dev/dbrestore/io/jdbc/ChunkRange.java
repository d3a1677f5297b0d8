package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.Manifest;
import java.io.Serializable;
import java.util.List;

/**
 * The rows of one chunk of a table: primary keys above {@code lowerExclusive} and up to
 * {@code upperInclusive} (null for an open end), written to {@code fileName}.
 */
public record ChunkRange(
    String database,
    String table,
    List<Manifest.Column> storedColumns,
    List<String> primaryKey,
    Object[] lowerExclusive,
    Object[] upperInclusive,
    String fileName)
    implements Serializable {}
