package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Reads one chunk back row by row, never the whole file at once. Each row comes as an array of
 * values in the manifest's stored-column order, typed as {@link ChunkWriter} takes them. The
 * bulk path reads through {@link ChunkCursor} instead, without building the arrays.
 */
public final class ChunkReader implements AutoCloseable {
  private final ChunkCursor cursor;
  private final ColumnEncoding[] encodings;

  public ChunkReader(ResourceId resource, Manifest.Chunk chunk, List<Manifest.Column> columns)
      throws IOException {
    this.cursor = new ChunkCursor(resource, chunk, columns);
    this.encodings = Manifest.Column.encodings(columns);
  }

  /** The next row, or null at the end of the chunk. */
  public Object[] next() throws IOException {
    if (!cursor.next()) {
      return null;
    }
    Object[] values = new Object[encodings.length];
    for (int i = 0; i < encodings.length; i++) {
      if (cursor.isNull(i)) {
        continue;
      }
      values[i] =
          switch (encodings[i]) {
            case LONG -> cursor.getLong(i);
            case FLOAT -> cursor.getFloat(i);
            case DOUBLE -> cursor.getDouble(i);
            case TEXT, SERVER_TEXT -> cursor.getBinary(i).toStringUsingUTF8();
            case BYTES -> cursor.getBinary(i).getBytes();
          };
    }
    return values;
  }

  @Override
  public void close() throws IOException {
    cursor.close();
  }
}
