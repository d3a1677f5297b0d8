package dev.dbrestore.io.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.AbstractRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Row-image deserializers that read temporal values as the server prints them (what a chunk's
 * {@code CAST(... AS CHAR)} returns in a UTC session): zero dates, negative and long TIME values
 * and every fractional digit survive, where the library's own decoding turns them into
 * {@code java.util.Date}. BIT values come as their big-endian bytes, as JDBC returns them.
 */
final class ServerTextValues {
  private ServerTextValues() {}

  /** What a rows event holds. */
  enum Kind {
    WRITE,
    UPDATE,
    DELETE
  }

  /**
   * The deserializer of one kind of rows event; {@code extraInformation}: version 2 events
   * (MySQL's), which carry an extra-data field that version 1 (MariaDB's) lack.
   */
  static final class Rows extends AbstractRowsEventDataDeserializer<EventData> {
    private final Kind kind;
    private final boolean extraInformation;

    Rows(Map<Long, TableMapEventData> tables, Kind kind, boolean extraInformation) {
      super(tables);
      this.kind = kind;
      this.extraInformation = extraInformation;
    }

    @Override
    public EventData deserialize(ByteArrayInputStream in) throws IOException {
      long tableId = in.readLong(6);
      in.skip(2); // reserved
      if (extraInformation) {
        int extraLength = in.readInteger(2);
        in.skip(extraLength - 2);
      }
      int columns = in.readPackedInteger();
      BitSet included = in.readBitSet(columns, true);
      switch (kind) {
        case UPDATE -> {
          BitSet includedAfter = in.readBitSet(columns, true);
          List<Map.Entry<Serializable[], Serializable[]>> rows = new ArrayList<>();
          while (in.available() > 0) {
            Serializable[] before = deserializeRow(tableId, included, in);
            rows.add(new AbstractMap.SimpleEntry<>(before, deserializeRow(tableId, includedAfter, in)));
          }
          UpdateRowsEventData data = new UpdateRowsEventData();
          data.setTableId(tableId);
          data.setIncludedColumnsBeforeUpdate(included);
          data.setIncludedColumns(includedAfter);
          data.setRows(rows);
          return data;
        }
        case WRITE -> {
          WriteRowsEventData data = new WriteRowsEventData();
          data.setTableId(tableId);
          data.setIncludedColumns(included);
          data.setRows(rows(tableId, included, in));
          return data;
        }
        default -> {
          DeleteRowsEventData data = new DeleteRowsEventData();
          data.setTableId(tableId);
          data.setIncludedColumns(included);
          data.setRows(rows(tableId, included, in));
          return data;
        }
      }
    }

    private List<Serializable[]> rows(long tableId, BitSet included, ByteArrayInputStream in)
        throws IOException {
      List<Serializable[]> rows = new ArrayList<>();
      while (in.available() > 0) {
        rows.add(deserializeRow(tableId, included, in));
      }
      return rows;
    }

    @Override
    protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
      return date(in);
    }

    @Override
    protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
      return time(in);
    }

    @Override
    protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
      return timeV2(meta, in);
    }

    @Override
    protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
      return datetime(in);
    }

    @Override
    protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return datetimeV2(meta, in);
    }

    @Override
    protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
      return timestamp(in);
    }

    @Override
    protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return timestampV2(meta, in);
    }

    @Override
    protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
      return year(in);
    }

    @Override
    protected Serializable deserializeBit(int meta, ByteArrayInputStream in) throws IOException {
      return bit(meta, in);
    }
  }

  // ---- The server's storage formats (mysys/my_time.c), printed as the server prints them ----

  static String date(ByteArrayInputStream in) throws IOException {
    int value = in.readInteger(3);
    return ymd(value >> 9, (value >> 5) & 15, value & 31);
  }

  /** The pre-5.6 TIME: a signed integer [-]HHMMSS in 3 bytes. */
  static String time(ByteArrayInputStream in) throws IOException {
    int value = (in.readInteger(3) << 8) >> 8;
    boolean negative = value < 0;
    value = Math.abs(value);
    return (negative ? "-" : "")
        + String.format(
            Locale.ROOT, "%02d:%02d:%02d", value / 10000, (value / 100) % 100, value % 100);
  }

  static String timeV2(int fsp, ByteArrayInputStream in) throws IOException {
    long packed;
    long intPart = bigEndian(in, 3) - 0x800000L;
    switch (fsp) {
      case 1, 2 -> {
        long frac = bigEndian(in, 1);
        if (intPart < 0 && frac != 0) {
          intPart++;
          frac -= 0x100;
        }
        packed = (intPart << 24) + frac * 10000;
      }
      case 3, 4 -> {
        long frac = bigEndian(in, 2);
        if (intPart < 0 && frac != 0) {
          intPart++;
          frac -= 0x10000;
        }
        packed = (intPart << 24) + frac * 100;
      }
      case 5, 6 -> {
        long frac = bigEndian(in, 3);
        packed = ((intPart << 24) | frac);
      }
      default -> packed = intPart << 24;
    }
    boolean negative = packed < 0;
    long magnitude = Math.abs(packed);
    long hms = magnitude >> 24;
    long micros = magnitude % (1L << 24);
    return (negative ? "-" : "")
        + String.format(
            Locale.ROOT, "%02d:%02d:%02d", (hms >> 12) % (1 << 10), (hms >> 6) % (1 << 6),
            hms % (1 << 6))
        + fraction(micros, fsp);
  }

  /** The pre-5.6 DATETIME: YYYYMMDDhhmmss as an 8-byte integer. */
  static String datetime(ByteArrayInputStream in) throws IOException {
    long value = in.readLong(8);
    long date = value / 1000000;
    long time = value % 1000000;
    return ymd((int) (date / 10000), (int) (date / 100 % 100), (int) (date % 100))
        + String.format(
            Locale.ROOT, " %02d:%02d:%02d", time / 10000, time / 100 % 100, time % 100);
  }

  static String datetimeV2(int fsp, ByteArrayInputStream in) throws IOException {
    long intPart = bigEndian(in, 5) - 0x8000000000L;
    long micros = fractionMicros(fsp, in);
    long ymd = intPart >> 17;
    long ym = ymd >> 5;
    long hms = intPart % (1 << 17);
    return ymd((int) (ym / 13), (int) (ym % 13), (int) (ymd % (1 << 5)))
        + String.format(
            Locale.ROOT, " %02d:%02d:%02d", hms >> 12, (hms >> 6) % (1 << 6), hms % (1 << 6))
        + fraction(micros, fsp);
  }

  /** The pre-5.6 TIMESTAMP: seconds since the epoch, little-endian. */
  static String timestamp(ByteArrayInputStream in) throws IOException {
    return utc(in.readLong(4), 0, 0);
  }

  static String timestampV2(int fsp, ByteArrayInputStream in) throws IOException {
    long seconds = bigEndian(in, 4);
    return utc(seconds, fractionMicros(fsp, in), fsp);
  }

  static String year(ByteArrayInputStream in) throws IOException {
    int value = in.readInteger(1);
    return value == 0 ? "0000" : Integer.toString(1900 + value);
  }

  static byte[] bit(int meta, ByteArrayInputStream in) throws IOException {
    int bits = (meta >> 8) * 8 + (meta & 0xFF);
    return in.read((bits + 7) / 8);
  }

  private static String utc(long seconds, long micros, int fsp) {
    if (seconds == 0) {
      return "0000-00-00 00:00:00" + fraction(micros, fsp);
    }
    LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    return ymd(time.getYear(), time.getMonthValue(), time.getDayOfMonth())
        + String.format(
            Locale.ROOT, " %02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond())
        + fraction(micros, fsp);
  }

  private static long fractionMicros(int fsp, ByteArrayInputStream in) throws IOException {
    return switch (fsp) {
      case 1, 2 -> bigEndian(in, 1) * 10000;
      case 3, 4 -> bigEndian(in, 2) * 100;
      case 5, 6 -> bigEndian(in, 3);
      default -> 0;
    };
  }

  private static String fraction(long micros, int fsp) {
    if (fsp <= 0) {
      return "";
    }
    return "." + String.format(Locale.ROOT, "%06d", micros).substring(0, Math.min(fsp, 6));
  }

  private static String ymd(int year, int month, int day) {
    return String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
  }

  private static long bigEndian(ByteArrayInputStream in, int bytes) throws IOException {
    byte[] b = in.read(bytes);
    long value = 0;
    for (byte x : b) {
      value = (value << 8) | (x & 0xFF);
    }
    return value;
  }
}
