package dev.dbrestore.io.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * One optional, unrepeated BINARY or INT64 column of a row group, read value by value straight
 * from its pages: PLAIN values, or dictionary ids into a PLAIN dictionary, under RLE definition
 * levels. A text or bytes value is handed over as its place in the page's bytes. Parquet's own
 * column reader wraps every PLAIN text value in a new ByteBuffer and Binary and reads through
 * several layers per value; decoding chunks of sbtest rows spent about 38% of its samples in
 * that wrapping (JFR, 2026-12-07). Use it only where {@link #reads} says so.
 */
final class ColumnPages {
  private final PageReader pages;
  private final boolean longs;
  private final String chunk;
  private final String column;

  /** The dictionary's values, one after another, and where each starts and how long it is. */
  private byte[] dictionary;
  private int[] starts;
  private int[] lengths;
  private long[] longDictionary;

  /** The page's definition levels (1: a value, 0: null), and its dictionary ids. */
  private RunLengthBitPackingHybridDecoder levels;
  private RunLengthBitPackingHybridDecoder ids;
  private long valuesLeftInPage;
  private boolean dictionaryEncoded;
  private byte[] data;
  private int dataPosition;
  private int dataEnd;

  /** The current value: present or null, and where its bytes are. */
  private boolean present;
  private byte[] valueBytes;
  private int valueOffset;
  private int valueLength;
  private long longValue;

  /**
   * Whether a column chunk stored in these encodings (as its metadata lists them) is one this
   * reader reads: PLAIN or dictionary values, definition levels in RLE. BIT_PACKED may be listed
   * beside RLE: writers list it for the repetition levels, which are always 0 here; a chunk
   * whose definition levels are BIT_PACKED (no RLE listed) is left to Parquet's reader.
   */
  static boolean reads(Set<Encoding> encodings) {
    if (!encodings.contains(Encoding.RLE)) {
      return false;
    }
    for (Encoding e : encodings) {
      switch (e) {
        case PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE, BIT_PACKED -> { }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  /** A reader of the pages of a column of longs ({@code longs}) or of text or bytes. */
  ColumnPages(PageReader pages, boolean longs, String chunk, String column) throws IOException {
    this.pages = pages;
    this.longs = longs;
    this.chunk = chunk;
    this.column = column;
    DictionaryPage page = pages.readDictionaryPage();
    if (page != null) {
      if (page.getEncoding() != Encoding.PLAIN && page.getEncoding() != Encoding.PLAIN_DICTIONARY) {
        throw damaged("a dictionary in encoding " + page.getEncoding());
      }
      int size = page.getDictionarySize();
      byte[] bytes = page.getBytes().toByteArray();
      if (size < 0 || size > bytes.length / (longs ? 8 : 4)) {
        throw damaged("a dictionary of " + size + " values in " + bytes.length + " bytes");
      }
      if (longs) {
        longDictionary = new long[size];
        for (int i = 0; i < size; i++) {
          longDictionary[i] = longAt(bytes, 8 * i);
        }
        return;
      }
      dictionary = bytes;
      starts = new int[size];
      lengths = new int[size];
      int at = 0;
      for (int i = 0; i < size; i++) {
        int length = lengthAt(bytes, at, bytes.length);
        starts[i] = at + 4;
        lengths[i] = length;
        at += 4 + length;
      }
    }
  }

  /** Moves to the next value of the column (the first on the first call). */
  void advance() throws IOException {
    while (valuesLeftInPage == 0) {
      readPage();
    }
    valuesLeftInPage--;
    try {
      present = levels.readInt() != 0;
      if (!present) {
        return;
      }
      if (dictionaryEncoded) {
        int id = ids.readInt();
        int size = longs ? longDictionary.length : starts.length;
        if (id < 0 || id >= size) {
          throw damaged("dictionary id " + id + " of " + size);
        }
        if (longs) {
          longValue = longDictionary[id];
        } else {
          valueBytes = dictionary;
          valueOffset = starts[id];
          valueLength = lengths[id];
        }
      } else if (longs) {
        if (dataPosition + 8 > dataEnd) {
          throw damaged("a page that ends inside a value");
        }
        longValue = longAt(data, dataPosition);
        dataPosition += 8;
      } else {
        valueLength = lengthAt(data, dataPosition, dataEnd);
        valueBytes = data;
        valueOffset = dataPosition + 4;
        dataPosition += 4 + valueLength;
      }
    } catch (ParquetDecodingException | IllegalArgumentException | java.io.EOFException e) {
      throw damaged("a page that ends inside its levels or ids");
    }
  }

  boolean isNull() {
    return !present;
  }

  byte[] bytes() {
    return valueBytes;
  }

  int offset() {
    return valueOffset;
  }

  int length() {
    return valueLength;
  }

  long longValue() {
    return longValue;
  }

  private void readPage() throws IOException {
    DataPage page = pages.readPage();
    if (page == null) {
      throw damaged("fewer values than its rows");
    }
    valuesLeftInPage = page.getValueCount();
    if (page instanceof DataPageV1 v1) {
      if (v1.getDlEncoding() != Encoding.RLE) {
        throw damaged("definition levels in encoding " + v1.getDlEncoding());
      }
      byte[] bytes = v1.getBytes().toByteArray();
      // No repetition levels (the column is not repeated); the definition levels carry their
      // length in front.
      int length = lengthAt(bytes, 0, bytes.length);
      levels = hybrid(bytes, 4, 4 + length, 1);
      values(v1.getValueEncoding(), bytes, 4 + length, bytes.length);
    } else if (page instanceof DataPageV2 v2) {
      byte[] definition = v2.getDefinitionLevels().toByteArray();
      levels = hybrid(definition, 0, definition.length, 1);
      byte[] bytes = v2.getData().toByteArray();
      values(v2.getDataEncoding(), bytes, 0, bytes.length);
    } else {
      throw damaged("a page of kind " + page.getClass().getSimpleName());
    }
  }

  private void values(Encoding encoding, byte[] bytes, int from, int to) throws IOException {
    switch (encoding) {
      case PLAIN -> {
        dictionaryEncoded = false;
        data = bytes;
        dataPosition = from;
        dataEnd = to;
      }
      case PLAIN_DICTIONARY, RLE_DICTIONARY -> {
        if (dictionary == null && longDictionary == null) {
          throw damaged("dictionary ids without a dictionary");
        }
        if (from >= to) {
          throw damaged("dictionary ids without their bit width");
        }
        int width = bytes[from] & 0xff;
        if (width > 32) {
          throw damaged("dictionary ids of " + width + " bits");
        }
        dictionaryEncoded = true;
        ids = hybrid(bytes, from + 1, to, width);
      }
      default -> throw damaged("values in encoding " + encoding);
    }
  }

  /** Parquet's own decoder of its RLE / bit-packing hybrid, over part of a page. */
  private static RunLengthBitPackingHybridDecoder hybrid(
      byte[] bytes, int from, int to, int width) {
    return new RunLengthBitPackingHybridDecoder(
        width, ByteBufferInputStream.wrap(ByteBuffer.wrap(bytes, from, to - from)));
  }

  private static long longAt(byte[] bytes, int at) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (bytes[at + i] & 0xffL);
    }
    return value;
  }

  /** A value's length, read where it starts, checked to fit before {@code end}. */
  private int lengthAt(byte[] bytes, int at, int end) throws IOException {
    if (at < 0 || at + 4 > end) {
      throw damaged("a page that ends inside a value's length");
    }
    int length =
        (bytes[at] & 0xff)
            | (bytes[at + 1] & 0xff) << 8
            | (bytes[at + 2] & 0xff) << 16
            | (bytes[at + 3] & 0xff) << 24;
    if (length < 0 || length > end - at - 4) {
      throw damaged("a value of " + length + " bytes where " + (end - at - 4) + " are left");
    }
    return length;
  }

  private IOException damaged(String what) {
    return new IOException(
        "chunk " + chunk + " is damaged or not written by dbrestore: column " + column + " has "
            + what);
  }
}
