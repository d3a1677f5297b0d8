package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkWriter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Streams one chunk's rows from a snapshot session into its Parquet file. */
public final class ChunkExport {
  private ChunkExport() {}

  /**
   * Reads the chunk's rows (in key order where there is a key) and writes its file; the chunk is
   * expected to hold about {@code expectedRows} rows (-1 when not known).
   */
  public static Manifest.Chunk export(
      Connection snapshot, Dialect dialect, ChunkRange range, String setLocation,
      long expectedRows)
      throws SQLException, IOException {
    List<Manifest.Column> columns = range.storedColumns();
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(
                columns.isEmpty()
                    ? "1"
                    : columns.stream()
                        .map(dialect::selectExpression)
                        .collect(Collectors.joining(", ")))
            .append(" FROM ")
            .append(dialect.qualified(range.database(), range.table()));
    List<Object> parameters = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    if (range.lowerExclusive() != null) {
      conditions.add(dialect.keyAfter(range.primaryKey(), range.lowerExclusive(), parameters));
    }
    if (range.upperInclusive() != null) {
      conditions.add(dialect.keyAtMost(range.primaryKey(), range.upperInclusive(), parameters));
    }
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    if (!range.primaryKey().isEmpty()) {
      sql.append(" ORDER BY ")
          .append(range.primaryKey().stream().map(dialect::quote).collect(Collectors.joining(", ")));
    }
    // A table in one chunk is read without parameters, so in the fewest round trips.
    try (PreparedStatement select =
        parameters.isEmpty()
            ? dialect.prepareRead(
                snapshot, sql.toString(), Manifest.Column.encodings(columns), expectedRows)
            : snapshot.prepareStatement(
                sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      dialect.streamRows(select);
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery();
          ChunkWriter writer =
              new ChunkWriter(
                  BackupSet.file(setLocation, range.fileName()), columns, range.primaryKey())) {
        Object[] values = new Object[columns.size()];
        while (rows.next()) {
          for (int i = 0; i < values.length; i++) {
            values[i] = dialect.readValue(rows, i + 1, columns.get(i).encoding());
          }
          writer.write(values);
        }
        return writer.finish(range.fileName());
      }
    }
  }
}
