package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.parquet.ChunkReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A chunk's rows as the tab-separated text LOAD DATA reads (fields by tab, lines by newline,
 * escapes by backslash, NULL as \N, bytes as they are), produced row by row as the driver reads,
 * so no chunk is ever whole in memory. Counts the rows it has produced.
 */
final class TsvChunkStream extends InputStream {
  private final ChunkReader reader;
  private final ColumnEncoding[] encodings;
  private byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long rows;
  private boolean ended;

  TsvChunkStream(ChunkReader reader, ColumnEncoding[] encodings) {
    this.reader = reader;
    this.encodings = encodings;
  }

  long rows() {
    return rows;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(length, limit - position);
    System.arraycopy(buffer, position, target, offset, n);
    position += n;
    return n;
  }

  /** Encodes rows until there is something to read; false at the end of the chunk. */
  private boolean fill() throws IOException {
    while (position == limit) {
      if (ended) {
        return false;
      }
      position = 0;
      limit = 0;
      // Several rows per fill, but never past the buffer's half: a row may be large.
      while (limit < buffer.length / 2) {
        Object[] values = reader.next();
        if (values == null) {
          ended = true;
          break;
        }
        encode(values);
        rows++;
      }
    }
    return true;
  }

  private void encode(Object[] values) {
    for (int i = 0; i < encodings.length; i++) {
      if (i > 0) {
        put((byte) '\t');
      }
      Object value = values[i];
      if (value == null) {
        put((byte) '\\');
        put((byte) 'N');
        continue;
      }
      switch (encodings[i]) {
        case LONG -> putAscii(Long.toString((Long) value));
        // Widened to double, the text parses back to the same float.
        case FLOAT -> putAscii(Double.toString((Float) value));
        case DOUBLE -> putAscii(Double.toString((Double) value));
        case TEXT, SERVER_TEXT -> putEscaped(((String) value).getBytes(StandardCharsets.UTF_8));
        case BYTES -> putEscaped((byte[]) value);
      }
    }
    put((byte) '\n');
  }

  private void putAscii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      buffer[limit++] = (byte) text.charAt(i);
    }
  }

  private void putEscaped(byte[] bytes) {
    ensure(bytes.length * 2);
    for (byte b : bytes) {
      switch (b) {
        case '\t' -> {
          buffer[limit++] = '\\';
          buffer[limit++] = 't';
        }
        case '\n' -> {
          buffer[limit++] = '\\';
          buffer[limit++] = 'n';
        }
        case '\\' -> {
          buffer[limit++] = '\\';
          buffer[limit++] = '\\';
        }
        case 0 -> {
          buffer[limit++] = '\\';
          buffer[limit++] = '0';
        }
        default -> buffer[limit++] = b;
      }
    }
  }

  private void put(byte b) {
    ensure(1);
    buffer[limit++] = b;
  }

  private void ensure(int more) {
    if (limit + more > buffer.length) {
      byte[] bigger = new byte[Math.max(buffer.length * 2, limit + more)];
      System.arraycopy(buffer, 0, bigger, 0, limit);
      buffer = bigger;
    }
  }

  @Override
  public void close() {
    // The chunk reader belongs to the caller.
  }
}
