package dev.dbrestore.transforms.restore;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChunkWrite;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * The coder of the data stage's chunks: each field written in turn. Java serialization, which
 * {@code SerializableCoder} uses, took most of the runner's CPU for a schema of many small
 * tables: the DirectRunner encodes and decodes every element at every step, and copies each
 * batch's chunks as the grouping gathers them.
 */
public final class ChunkWriteCoder extends AtomicCoder<ChunkWrite> {
  private static final long serialVersionUID = 1L;
  private static final ChunkWriteCoder INSTANCE = new ChunkWriteCoder();

  private ChunkWriteCoder() {}

  public static ChunkWriteCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ChunkWrite value, OutputStream outStream) throws IOException {
    // Not closed: the stream is the caller's.
    DataOutputStream out = new DataOutputStream(outStream);
    text(out, value.setLocation());
    text(out, value.sourceDatabase());
    text(out, value.sourceTable());
    text(out, value.targetDatabase());
    text(out, value.targetTable());
    Manifest.Chunk chunk = value.chunk();
    text(out, chunk.file());
    out.writeLong(chunk.rowCount());
    out.writeLong(chunk.bytes());
    text(out, chunk.sha256());
    out.writeBoolean(chunk.largestRowBytes() != null);
    if (chunk.largestRowBytes() != null) {
      out.writeLong(chunk.largestRowBytes());
    }
    text(out, chunk.digest());
    out.writeInt(value.storedColumns().size());
    for (Manifest.Column column : value.storedColumns()) {
      text(out, column.name());
      text(out, column.type());
      out.writeBoolean(column.nullable());
      out.writeBoolean(column.generated());
      text(out, column.characterSet());
      text(out, column.encoding() == null ? null : column.encoding().name());
    }
    text(out, value.conflictPolicy() == null ? null : value.conflictPolicy().name());
    out.writeBoolean(value.primaryKey() != null);
    if (value.primaryKey() != null) {
      out.writeInt(value.primaryKey().size());
      for (String column : value.primaryKey()) {
        text(out, column);
      }
    }
    out.flush();
  }

  @Override
  public ChunkWrite decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    String setLocation = text(in);
    String sourceDatabase = text(in);
    String sourceTable = text(in);
    String targetDatabase = text(in);
    String targetTable = text(in);
    String file = text(in);
    long rowCount = in.readLong();
    long bytes = in.readLong();
    String sha256 = text(in);
    Long largestRowBytes = in.readBoolean() ? in.readLong() : null;
    String digest = text(in);
    Manifest.Chunk chunk =
        new Manifest.Chunk(file, rowCount, bytes, sha256, largestRowBytes, digest);
    int columnCount = in.readInt();
    List<Manifest.Column> columns = new ArrayList<>(columnCount);
    for (int i = 0; i < columnCount; i++) {
      String name = text(in);
      String type = text(in);
      boolean nullable = in.readBoolean();
      boolean generated = in.readBoolean();
      String characterSet = text(in);
      String encoding = text(in);
      columns.add(
          new Manifest.Column(
              name, type, nullable, generated, characterSet,
              encoding == null ? null : ColumnEncoding.valueOf(encoding)));
    }
    String policy = text(in);
    List<String> primaryKey = null;
    if (in.readBoolean()) {
      int n = in.readInt();
      primaryKey = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        primaryKey.add(text(in));
      }
      primaryKey = List.copyOf(primaryKey);
    }
    return new ChunkWrite(
        setLocation, sourceDatabase, sourceTable, targetDatabase, targetTable, chunk,
        List.copyOf(columns), policy == null ? null : DataConflictPolicy.valueOf(policy),
        primaryKey);
  }

  @Override
  public void verifyDeterministic() {
    // Every field is written in a fixed order and form: equal chunks encode to equal bytes.
  }

  /** A string that may be null; UTF-8 in full (writeUTF stops at 64 KiB). */
  private static void text(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String text(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
