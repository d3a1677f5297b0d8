package dev.dbrestore.io.mysql;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.parquet.ChunkCursor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A chunk's rows as the tab-separated text LOAD DATA reads (fields by tab, lines by newline,
 * escapes by backslash, NULL as \N, bytes as they are), produced row by row as the driver reads,
 * so no chunk is ever whole in memory. Values go from the Parquet column readers into the
 * buffer without objects in between. Counts the rows it has produced.
 */
final class TsvChunkStream extends InputStream {
  private final ChunkCursor cursor;
  private final ColumnEncoding[] encodings;
  private byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long rows;
  private boolean ended;

  TsvChunkStream(ChunkCursor cursor, ColumnEncoding[] encodings) {
    this.cursor = cursor;
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
        if (!cursor.next()) {
          ended = true;
          break;
        }
        encodeRow();
        rows++;
      }
    }
    return true;
  }

  private void encodeRow() throws IOException {
    for (int i = 0; i < encodings.length; i++) {
      if (i > 0) {
        put((byte) '\t');
      }
      if (cursor.isNull(i)) {
        put((byte) '\\');
        put((byte) 'N');
        continue;
      }
      switch (encodings[i]) {
        case LONG -> putLong(cursor.getLong(i));
        // Widened to double, the text parses back to the same float.
        case FLOAT -> putAscii(Double.toString(cursor.getFloat(i)));
        case DOUBLE -> putAscii(Double.toString(cursor.getDouble(i)));
        case TEXT, SERVER_TEXT, BYTES -> cursor.writeBinary(i, escaping);
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

  /** A long in decimal, written without a String in between. */
  void putLong(long value) {
    if (value == Long.MIN_VALUE) {
      putAscii("-9223372036854775808");
      return;
    }
    ensure(20);
    if (value < 0) {
      buffer[limit++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    int end = limit + digits;
    for (int at = end - 1; at >= limit; at--) {
      buffer[at] = (byte) ('0' + (int) (value % 10));
      value /= 10;
    }
    limit = end;
  }

  /** Receives a value's bytes where they lie (no copy, no wrapper) and escapes them in. */
  private final OutputStream escaping =
      new OutputStream() {
        @Override
        public void write(int b) {
          putEscaped(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          putEscaped(bytes, offset, length);
        }
      };

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Copies runs of plain bytes at once and escapes tab, newline, backslash and NUL. Eight bytes
   * are tested at a time for any of the four; most values have none.
   */
  void putEscaped(byte[] bytes, int offset, int length) {
    ensure(length * 2);
    int end = offset + length;
    int run = offset;
    int i = offset;
    while (i < end) {
      if (end - i >= 8 && !mayNeedEscape((long) LONGS.get(bytes, i))) {
        i += 8;
        continue;
      }
      byte escape =
          switch (bytes[i]) {
            case '\t' -> (byte) 't';
            case '\n' -> (byte) 'n';
            case '\\' -> (byte) '\\';
            case 0 -> (byte) '0';
            default -> (byte) -1;
          };
      if (escape != -1) {
        System.arraycopy(bytes, run, buffer, limit, i - run);
        limit += i - run;
        buffer[limit++] = '\\';
        buffer[limit++] = escape;
        run = i + 1;
      }
      i++;
    }
    System.arraycopy(bytes, run, buffer, limit, end - run);
    limit += end - run;
  }

  /** Whether any of eight bytes may be NUL, tab, newline or backslash (no false negatives). */
  private static boolean mayNeedEscape(long word) {
    return (zeroByte(word) | zeroByte(word ^ (ONES * '\t')) | zeroByte(word ^ (ONES * '\n'))
            | zeroByte(word ^ (ONES * '\\')))
        != 0;
  }

  private static long zeroByte(long word) {
    return (word - ONES) & ~word & HIGHS;
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

  void resetForTest() {
    position = 0;
    limit = 0;
  }

  String bufferedForTest() {
    return new String(buffer, position, limit - position, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    // The chunk cursor belongs to the caller.
  }
}
