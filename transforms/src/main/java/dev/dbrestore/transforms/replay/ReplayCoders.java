package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * Compact coders for the replay's lists of row changes and net changes. A runner encodes every
 * element it groups (the DirectRunner even copies a grouped bag each time a bundle adds to it),
 * and Java serialization of these records was most of a replay's time. A list writes each table
 * name and column list once and refers to it after, and values as a tag and their bytes.
 */
final class ReplayCoders {
  private static final ChangeLogReader.Operation[] OPERATIONS =
      ChangeLogReader.Operation.values();
  private static final ColumnEncoding[] ENCODINGS = ColumnEncoding.values();

  private static final int NULL = 0;
  private static final int LONG = 1;
  private static final int FLOAT = 2;
  private static final int DOUBLE = 3;
  private static final int TEXT = 4;
  private static final int BYTES = 5;

  /** Numbers are written big-endian. */
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BYTES =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private ReplayCoders() {}

  /** A list of net changes (one bucket of keys). */
  static final class NetChangesCoder extends CustomCoder<List<NetChange>> {
    private static final long serialVersionUID = 1L;

    static NetChangesCoder of() {
      return new NetChangesCoder();
    }

    @Override
    public void encode(List<NetChange> list, OutputStream outStream) throws IOException {
      Writer w = new Writer();
      w.writeInt(list.size());
      for (NetChange n : list) {
        w.text(n.database());
        w.text(n.table());
        w.names(n.keyColumns());
        w.columns(n.keyEncodings());
        w.values(n.key());
        w.columns(n.columns());
        w.values(n.image());
        w.writeBoolean(n.existedBefore());
        w.columns(n.beforeColumns());
        w.values(n.before());
        w.writeLong(n.firstTransaction());
        w.writeInt(n.firstIndex());
        w.writeLong(n.lastTransaction());
        w.writeInt(n.lastIndex());
      }
      w.writeTo(outStream);
    }

    @Override
    public List<NetChange> decode(InputStream inStream) throws IOException {
      Reader r = Reader.from(inStream);
      int size = r.readInt();
      List<NetChange> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(new NetChange(r.text(), r.text(), r.names(), r.columns(), r.values(),
            r.columns(), r.values(), r.readBoolean(), r.columns(), r.values(), r.readLong(),
            r.readInt(), r.readLong(), r.readInt()));
      }
      return list;
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** A list of row changes (one table's changes without a primary key, or one bundle's). */
  static final class RowChangesCoder extends CustomCoder<List<RowChange>> {
    private static final long serialVersionUID = 1L;

    static RowChangesCoder of() {
      return new RowChangesCoder();
    }

    @Override
    public void encode(List<RowChange> list, OutputStream outStream) throws IOException {
      Writer w = new Writer();
      w.writeInt(list.size());
      for (RowChange c : list) {
        w.writeLong(c.transaction());
        w.writeInt(c.index());
        w.writeByte(c.operation().ordinal());
        w.text(c.database());
        w.text(c.table());
        w.columns(c.columns());
        w.names(c.primaryKey());
        w.values(c.before());
        w.values(c.after());
      }
      w.writeTo(outStream);
    }

    @Override
    public List<RowChange> decode(InputStream inStream) throws IOException {
      Reader r = Reader.from(inStream);
      int size = r.readInt();
      List<RowChange> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        long transaction = r.readLong();
        int index = r.readInt();
        int op = r.readUnsignedByte();
        if (op >= OPERATIONS.length) {
          throw new CoderException("Not a change operation: " + op);
        }
        list.add(new RowChange(transaction, index, OPERATIONS[op], r.text(), r.text(),
            r.columns(), r.names(), r.values(), r.values()));
      }
      return list;
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** One row change, for the collections between reading the log and grouping it. */
  static final class RowChangeCoder extends CustomCoder<RowChange> {
    private static final long serialVersionUID = 1L;
    private static final RowChangesCoder LIST = RowChangesCoder.of();

    static RowChangeCoder of() {
      return new RowChangeCoder();
    }

    @Override
    public void encode(RowChange change, OutputStream out) throws IOException {
      LIST.encode(List.of(change), out);
    }

    @Override
    public RowChange decode(InputStream in) throws IOException {
      List<RowChange> one = LIST.decode(in);
      if (one.size() != 1) {
        throw new CoderException("Expected one row change, found " + one.size());
      }
      return one.get(0);
    }

    @Override
    public void verifyDeterministic() {}
  }

  /**
   * Writes names and column lists once per list, then their number; values by tag. The whole
   * encoding is built in memory and written after its length, so a reader takes it in one read
   * (the runners' streams cost a synchronized call per byte otherwise).
   */
  private static final class Writer {
    private final Map<String, Integer> texts = new HashMap<>();
    private final Seen<List<String>> names = new Seen<>();
    private final Seen<List<ChangeLogReader.Column>> columns = new Seen<>();
    private byte[] buffer = new byte[256];
    private int size;

    /** The encoding's length, then the encoding. */
    void writeTo(OutputStream out) throws IOException {
      VarInt.encode(size, out);
      out.write(buffer, 0, size);
    }

    private void room(int n) {
      if (buffer.length - size < n) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + n));
      }
    }

    void writeByte(int v) {
      room(1);
      buffer[size++] = (byte) v;
    }

    void writeBoolean(boolean v) {
      writeByte(v ? 1 : 0);
    }

    void writeInt(int v) {
      room(4);
      INT.set(buffer, size, v);
      size += 4;
    }

    void writeLong(long v) {
      room(8);
      LONG_BYTES.set(buffer, size, v);
      size += 8;
    }

    void text(String s) {
      Integer seen = texts.get(s);
      if (seen != null) {
        writeInt(seen);
        return;
      }
      writeInt(-1);
      bytes(s.getBytes(StandardCharsets.UTF_8));
      texts.put(s, texts.size());
    }

    void names(List<String> list) throws IOException {
      list(list, names, s -> bytes(s.getBytes(StandardCharsets.UTF_8)));
    }

    void columns(List<ChangeLogReader.Column> list) throws IOException {
      list(list, columns, c -> {
        bytes(c.name().getBytes(StandardCharsets.UTF_8));
        writeByte(c.encoding().ordinal());
      });
    }

    /** A list written once, then by its number: -2 null, -1 the list follows, else a number. */
    private <T> void list(List<T> list, Seen<List<T>> seen, ItemWriter<T> item)
        throws IOException {
      if (list == null) {
        writeInt(-2);
        return;
      }
      Integer number = seen.numberOf(list);
      if (number != null) {
        writeInt(number);
        return;
      }
      writeInt(-1);
      writeInt(list.size());
      for (T t : list) {
        item.write(t);
      }
      seen.add(list);
    }

    void values(Object[] values) throws IOException {
      if (values == null) {
        writeInt(-1);
        return;
      }
      writeInt(values.length);
      for (Object v : values) {
        if (v == null) {
          writeByte(NULL);
        } else if (v instanceof Long l) {
          writeByte(LONG);
          writeLong(l);
        } else if (v instanceof Float f) {
          writeByte(FLOAT);
          writeInt(Float.floatToRawIntBits(f));
        } else if (v instanceof Double d) {
          writeByte(DOUBLE);
          writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof String s) {
          writeByte(TEXT);
          bytes(s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[] b) {
          writeByte(BYTES);
          bytes(b);
        } else {
          throw new CoderException("Not a stored value: " + v.getClass().getName());
        }
      }
    }

    private void bytes(byte[] b) {
      writeInt(b.length);
      room(b.length);
      System.arraycopy(b, 0, buffer, size, b.length);
      size += b.length;
    }
  }

  /**
   * The lists a writer has written, by number: by identity first, since the log's reader shares
   * one list per table, and by equality where another list holds the same.
   */
  private static final class Seen<L> {
    private final Map<L, Integer> byIdentity = new IdentityHashMap<>();
    private final Map<L, Integer> byEquality = new HashMap<>();

    Integer numberOf(L list) {
      Integer number = byIdentity.get(list);
      if (number == null) {
        number = byEquality.get(list);
        if (number != null) {
          byIdentity.put(list, number);
        }
      }
      return number;
    }

    void add(L list) {
      int number = byEquality.size();
      byEquality.put(list, number);
      byIdentity.put(list, number);
    }
  }

  private interface ItemWriter<T> {
    void write(T item) throws IOException;
  }

  /** Reads what {@link Writer} wrote, resolving references to names and column lists. */
  private static final class Reader {
    private final byte[] in;
    private int at;
    private final List<String> texts = new ArrayList<>();
    private final List<List<String>> names = new ArrayList<>();
    private final List<List<ChangeLogReader.Column>> columns = new ArrayList<>();

    private Reader(byte[] in) {
      this.in = in;
    }

    /** Takes one encoding, its length first, from the stream. */
    static Reader from(InputStream stream) throws IOException {
      int length = VarInt.decodeInt(stream);
      if (length < 0) {
        throw new CoderException("A negative length: " + length);
      }
      byte[] bytes = stream.readNBytes(length);
      if (bytes.length != length) {
        throw new CoderException("The encoding ends after " + bytes.length + " of its "
            + length + " bytes");
      }
      return new Reader(bytes);
    }

    private void need(int n) throws CoderException {
      if (n < 0 || in.length - at < n) {
        throw new CoderException("The encoding ends " + (in.length - at)
            + " bytes before a value of " + n + " bytes");
      }
    }

    int readUnsignedByte() throws CoderException {
      need(1);
      return in[at++] & 0xFF;
    }

    boolean readBoolean() throws CoderException {
      return readUnsignedByte() != 0;
    }

    int readInt() throws CoderException {
      need(4);
      int v = (int) INT.get(in, at);
      at += 4;
      return v;
    }

    long readLong() throws CoderException {
      need(8);
      long v = (long) LONG_BYTES.get(in, at);
      at += 8;
      return v;
    }

    String text() throws IOException {
      int ref = readInt();
      if (ref >= 0) {
        return texts.get(ref);
      }
      String s = new String(bytes(), StandardCharsets.UTF_8);
      texts.add(s);
      return s;
    }

    List<String> names() throws IOException {
      int ref = readInt();
      if (ref == -2) {
        return null;
      } else if (ref >= 0) {
        return names.get(ref);
      }
      int size = readInt();
      List<String> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(new String(bytes(), StandardCharsets.UTF_8));
      }
      List<String> kept = List.copyOf(list);
      names.add(kept);
      return kept;
    }

    List<ChangeLogReader.Column> columns() throws IOException {
      int ref = readInt();
      if (ref == -2) {
        return null;
      } else if (ref >= 0) {
        return columns.get(ref);
      }
      int size = readInt();
      List<ChangeLogReader.Column> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        String name = new String(bytes(), StandardCharsets.UTF_8);
        int encoding = readUnsignedByte();
        if (encoding >= ENCODINGS.length) {
          throw new CoderException("Not a column encoding: " + encoding);
        }
        list.add(new ChangeLogReader.Column(name, ENCODINGS[encoding]));
      }
      List<ChangeLogReader.Column> kept = List.copyOf(list);
      columns.add(kept);
      return kept;
    }

    Object[] values() throws IOException {
      int size = readInt();
      if (size < 0) {
        return null;
      }
      Object[] values = new Object[size];
      for (int i = 0; i < size; i++) {
        int tag = readUnsignedByte();
        values[i] = switch (tag) {
          case NULL -> null;
          case LONG -> readLong();
          case FLOAT -> Float.intBitsToFloat(readInt());
          case DOUBLE -> Double.longBitsToDouble(readLong());
          case TEXT -> new String(bytes(), StandardCharsets.UTF_8);
          case BYTES -> bytes();
          default -> throw new CoderException("Not a value tag: " + tag);
        };
      }
      return values;
    }

    private byte[] bytes() throws IOException {
      int length = readInt();
      if (length < 0) {
        throw new CoderException("A negative length: " + length);
      }
      need(length);
      byte[] b = Arrays.copyOfRange(in, at, at + length);
      at += length;
      return b;
    }
  }
}
