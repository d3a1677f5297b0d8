package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Walks one chunk row by row straight over its Parquet columns, one row group in memory at a
 * time: no record objects and no per-row arrays, so the bulk path can turn values into bytes for
 * the target without building them. A value is read with the getter of its column's encoding
 * after {@link #next()} and is valid until the next call.
 */
public final class ChunkCursor implements AutoCloseable {
  private final ParquetFileReader file;
  private final MessageType schema;
  private final String createdBy;
  private final ColumnDescriptor[] descriptors;
  private final ColumnReader[] readers;
  /** Per column, where this row group's values are read page by page here; null otherwise. */
  private final ColumnPages[] pages;
  private final String[] columnNames;
  private final String fileName;
  private int groupIndex;
  private long rowsLeftInGroup;
  private boolean onRow;
  private long rows;

  public ChunkCursor(ResourceId resource, Manifest.Chunk chunk, List<Manifest.Column> columns)
      throws IOException {
    this.fileName = chunk.file();
    this.file =
        ParquetFileReader.open(
            new BeamInputFile(resource, chunk.bytes()),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    try {
      this.schema = file.getFooter().getFileMetaData().getSchema();
      this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
      List<ColumnDescriptor> found = schema.getColumns();
      if (found.size() != columns.size()) {
        throw new IOException(
            "chunk " + fileName + " has " + found.size() + " columns where the manifest lists "
                + columns.size());
      }
      this.descriptors = found.toArray(ColumnDescriptor[]::new);
      for (int i = 0; i < descriptors.length; i++) {
        PrimitiveTypeName expected = physicalType(columns.get(i).encoding());
        ColumnDescriptor d = descriptors[i];
        if (d.getPrimitiveType().getPrimitiveTypeName() != expected
            || d.getMaxRepetitionLevel() != 0
            || d.getMaxDefinitionLevel() != 1) {
          throw new IOException(
              "chunk " + fileName + " stores column " + (i + 1) + " ("
                  + columns.get(i).name() + ") as " + d.getPrimitiveType()
                  + " where the manifest's encoding " + columns.get(i).encoding()
                  + " is an optional " + expected);
        }
      }
      this.readers = new ColumnReader[descriptors.length];
      this.pages = new ColumnPages[descriptors.length];
      this.columnNames = new String[descriptors.length];
      for (int i = 0; i < descriptors.length; i++) {
        columnNames[i] = columns.get(i).name();
      }
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** The Parquet type each encoding is stored as (see {@link ChunkSchema}). */
  static PrimitiveTypeName physicalType(ColumnEncoding encoding) {
    return switch (encoding) {
      case LONG -> PrimitiveTypeName.INT64;
      case FLOAT -> PrimitiveTypeName.FLOAT;
      case DOUBLE -> PrimitiveTypeName.DOUBLE;
      case TEXT, SERVER_TEXT, BYTES -> PrimitiveTypeName.BINARY;
    };
  }

  /** Moves to the next row; false at the end of the chunk. */
  public boolean next() throws IOException {
    if (onRow) {
      for (ColumnReader reader : readers) {
        if (reader != null) {
          reader.consume();
        }
      }
      onRow = false;
    }
    while (rowsLeftInGroup == 0) {
      // By index, so the row group read and the metadata looked at are the same one.
      List<BlockMetaData> blocks = file.getRowGroups();
      if (groupIndex == blocks.size()) {
        return false;
      }
      BlockMetaData block = blocks.get(groupIndex);
      if (block.getRowCount() == 0) {
        groupIndex++;
        continue;
      }
      PageReadStore group = file.readRowGroup(groupIndex++);
      if (group == null) {
        throw new IOException("chunk " + fileName + " lost its row group " + groupIndex);
      }
      rowsLeftInGroup = group.getRowCount();
      ColumnReadStoreImpl store =
          new ColumnReadStoreImpl(group, SkippingConverters.of(schema), schema, createdBy);
      for (int i = 0; i < descriptors.length; i++) {
        ColumnDescriptor d = descriptors[i];
        ColumnChunkMetaData meta = columnOf(block, d);
        PrimitiveTypeName type = d.getPrimitiveType().getPrimitiveTypeName();
        if ((type == PrimitiveTypeName.BINARY || type == PrimitiveTypeName.INT64)
            && meta != null
            && ColumnPages.reads(meta.getEncodings())) {
          pages[i] =
              new ColumnPages(
                  group.getPageReader(d), type == PrimitiveTypeName.INT64, fileName,
                  columnNames[i]);
          readers[i] = null;
        } else {
          pages[i] = null;
          readers[i] = store.getColumnReader(d);
        }
      }
    }
    for (ColumnPages values : pages) {
      if (values != null) {
        values.advance();
      }
    }
    rowsLeftInGroup--;
    rows++;
    onRow = true;
    return true;
  }

  /** Whether the current row group's column is read page by page here (for tests). */
  boolean readsPagesItself(int column) {
    return pages[column] != null;
  }

  private static ColumnChunkMetaData columnOf(BlockMetaData block, ColumnDescriptor column) {
    ColumnPath path = ColumnPath.get(column.getPath());
    for (ColumnChunkMetaData meta : block.getColumns()) {
      if (meta.getPath().equals(path)) {
        return meta;
      }
    }
    return null;
  }

  /** Rows moved to so far. */
  public long rows() {
    return rows;
  }

  public int width() {
    return descriptors.length;
  }

  public boolean isNull(int column) {
    ColumnPages values = pages[column];
    return values != null ? values.isNull() : readers[column].getCurrentDefinitionLevel() == 0;
  }

  public long getLong(int column) {
    ColumnPages values = pages[column];
    return values != null ? values.longValue() : readers[column].getLong();
  }

  public float getFloat(int column) {
    return readers[column].getFloat();
  }

  public double getDouble(int column) {
    return readers[column].getDouble();
  }

  /** A text or bytes value; its bytes belong to the reader and must not be changed. */
  public Binary getBinary(int column) {
    ColumnPages binary = pages[column];
    return binary != null
        ? Binary.fromConstantByteArray(binary.bytes(), binary.offset(), binary.length())
        : readers[column].getBinary();
  }

  /** Writes a text or bytes value's bytes to {@code to} from where they are, without a copy. */
  public void writeBinary(int column, java.io.OutputStream to) throws IOException {
    ColumnPages binary = pages[column];
    if (binary != null) {
      to.write(binary.bytes(), binary.offset(), binary.length());
    } else {
      readers[column].getBinary().writeTo(to);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
