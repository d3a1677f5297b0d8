package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkReader;
import dev.dbrestore.io.parquet.ChunkWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlServerValuesTest {
  @TempDir Path dir;

  private static final SqlServerValues VALUES = new SqlServerValues();

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  /**
   * Every type of the issue: its encoding, the select expression, the insert placeholder, and
   * the edge values in the stored form the select gives (hand-written, as SQL Server prints them).
   */
  static Stream<Arguments> types() {
    return Stream.of(
        Arguments.of("bit", ColumnEncoding.LONG, "[c]", "?", new Object[] {0L, 1L}),
        Arguments.of("tinyint", ColumnEncoding.LONG, "[c]", "?", new Object[] {0L, 255L}),
        Arguments.of("smallint", ColumnEncoding.LONG, "[c]", "?",
            new Object[] {-32768L, 32767L}),
        Arguments.of("int", ColumnEncoding.LONG, "[c]", "?",
            new Object[] {-2147483648L, 2147483647L}),
        Arguments.of("bigint", ColumnEncoding.LONG, "[c]", "?",
            new Object[] {Long.MIN_VALUE, Long.MAX_VALUE}),
        Arguments.of("decimal(38,10)", ColumnEncoding.SERVER_TEXT,
            "CONVERT(varchar(48), [c])", "CAST(? AS decimal(38,10))",
            new Object[] {"9999999999999999999999999999.9999999999", "-0.0000000001"}),
        Arguments.of("numeric(38,0)", ColumnEncoding.SERVER_TEXT,
            "CONVERT(varchar(48), [c])", "CAST(? AS numeric(38,0))",
            new Object[] {"-99999999999999999999999999999999999999"}),
        Arguments.of("money", ColumnEncoding.SERVER_TEXT, "CONVERT(varchar(32), [c], 2)",
            "CAST(? AS money)",
            new Object[] {"922337203685477.5807", "-922337203685477.5808"}),
        Arguments.of("smallmoney", ColumnEncoding.SERVER_TEXT, "CONVERT(varchar(32), [c], 2)",
            "CAST(? AS smallmoney)", new Object[] {"214748.3647", "-214748.3648"}),
        Arguments.of("float", ColumnEncoding.DOUBLE, "[c]", "?",
            new Object[] {Double.MIN_VALUE, -Double.MAX_VALUE, -0.0d}),
        Arguments.of("real", ColumnEncoding.FLOAT, "[c]", "?",
            new Object[] {Float.MIN_VALUE, Float.MAX_VALUE, 0.1f}),
        Arguments.of("date", ColumnEncoding.SERVER_TEXT, "CONVERT(varchar(10), [c], 23)",
            "CONVERT(date, ?, 23)", new Object[] {"0001-01-01", "9999-12-31"}),
        Arguments.of("time(0)", ColumnEncoding.SERVER_TEXT, "CAST([c] AS varchar(16))",
            "CONVERT(time(0), ?, 121)", new Object[] {"23:59:59"}),
        Arguments.of("time(7)", ColumnEncoding.SERVER_TEXT, "CAST([c] AS varchar(16))",
            "CONVERT(time(7), ?, 121)", new Object[] {"23:59:59.9999999", "00:00:00.0000000"}),
        Arguments.of("datetime", ColumnEncoding.SERVER_TEXT, "CONVERT(varchar(23), [c], 121)",
            "CONVERT(datetime, ?, 121)",
            new Object[] {"1753-01-01 00:00:00.000", "9999-12-31 23:59:59.997"}),
        Arguments.of("datetime2(7)", ColumnEncoding.SERVER_TEXT,
            "CONVERT(varchar(27), [c], 121)", "CONVERT(datetime2(7), ?, 121)",
            new Object[] {"0001-01-01 00:00:00.0000000", "9999-12-31 23:59:59.9999999"}),
        Arguments.of("datetime2(0)", ColumnEncoding.SERVER_TEXT,
            "CONVERT(varchar(27), [c], 121)", "CONVERT(datetime2(0), ?, 121)",
            new Object[] {"2024-02-29 12:00:00"}),
        Arguments.of("smalldatetime", ColumnEncoding.SERVER_TEXT,
            "CONVERT(varchar(19), [c], 120)", "CONVERT(smalldatetime, ?, 120)",
            new Object[] {"1900-01-01 00:00:00", "2079-06-06 23:59:00"}),
        Arguments.of("datetimeoffset(7)", ColumnEncoding.SERVER_TEXT,
            "CONVERT(varchar(34), [c], 121)", "CONVERT(datetimeoffset(7), ?, 121)",
            new Object[] {"0001-01-01 00:00:00.0000000 -14:00", "9999-12-31 23:59:59.9999999 +14:00"}),
        Arguments.of("char(10)", ColumnEncoding.TEXT, "[c]", "?",
            new Object[] {"abc       "}),
        Arguments.of("varchar(max)", ColumnEncoding.TEXT, "[c]", "?",
            new Object[] {"café ' ]; --", ""}),
        Arguments.of("nchar(2)", ColumnEncoding.TEXT, "[c]", "?", new Object[] {"😀"}),
        Arguments.of("nvarchar(max)", ColumnEncoding.TEXT, "[c]", "?",
            new Object[] {"Ünïcødé 😀 ß\u0000x", "x".repeat(10_000)}),
        Arguments.of("text", ColumnEncoding.TEXT, "CAST([c] AS varchar(max))", "?",
            new Object[] {"legacy text"}),
        Arguments.of("ntext", ColumnEncoding.TEXT, "CAST([c] AS nvarchar(max))", "?",
            new Object[] {"legacy ntext ж"}),
        Arguments.of("binary(4)", ColumnEncoding.BYTES, "[c]", "?",
            new Object[] {hex("00ff0000")}),
        Arguments.of("varbinary(max)", ColumnEncoding.BYTES, "[c]", "?",
            new Object[] {new byte[0], hex("deadbeef00")}),
        Arguments.of("image", ColumnEncoding.BYTES, "CAST([c] AS varbinary(max))", "?",
            new Object[] {hex("89504e470d0a1a0a")}),
        Arguments.of("uniqueidentifier", ColumnEncoding.SERVER_TEXT, "CONVERT(char(36), [c])",
            "CAST(? AS uniqueidentifier)",
            new Object[] {"6F9619FF-8B86-D011-B42D-00C04FC964FF"}),
        Arguments.of("xml", ColumnEncoding.TEXT, "CAST([c] AS nvarchar(max))", "CAST(? AS xml)",
            new Object[] {"<a b=\"1\">x &amp; y</a>"}),
        // hierarchyid /1/ and geography POINT(1 2) SRID 4326 in SQL Server's own serialization.
        Arguments.of("hierarchyid", ColumnEncoding.BYTES, "CAST([c] AS varbinary(max))",
            "CAST(? AS hierarchyid)", new Object[] {hex("58")}),
        Arguments.of("geography", ColumnEncoding.BYTES, "CAST([c] AS varbinary(max))",
            "CAST(? AS geography)",
            new Object[] {hex("E6100000010C" + "0000000000000040" + "000000000000F03F")}),
        Arguments.of("geometry", ColumnEncoding.BYTES, "CAST([c] AS varbinary(max))",
            "CAST(? AS geometry)",
            new Object[] {hex("00000000010C" + "000000000000F03F" + "0000000000000040")}));
  }

  private static Manifest.Column column(String type, ColumnEncoding encoding) {
    return new Manifest.Column("c", type, true, false, null, encoding);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void eachTypeIsStoredInTheEncodingThatKeepsItExactly(
      String type, ColumnEncoding encoding, String select, String placeholder, Object[] samples) {
    assertEquals(encoding, SqlServerValues.encodingOf(type));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void eachTypeIsSelectedInAnExplicitStyleAndWrittenBackInTheSameStyle(
      String type, ColumnEncoding encoding, String select, String placeholder, Object[] samples) {
    Manifest.Column c = column(type, encoding);
    assertEquals(select, VALUES.selectExpression(c));
    assertEquals(placeholder, SqlServerValues.placeholder(c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void eachTypesEdgeValuesAndNullRoundTripThroughAParquetChunk(
      String type, ColumnEncoding encoding, String select, String placeholder, Object[] samples)
      throws Exception {
    List<Manifest.Column> columns = List.of(
        new Manifest.Column("id", "int", false, false, null, ColumnEncoding.LONG),
        column(type, encoding));
    ResourceId file = FileSystems.matchNewResource(
        dir.resolve("t.00000.parquet").toString(), false);
    List<Object> written = new ArrayList<>(List.of(samples));
    written.add(null);
    Manifest.Chunk chunk;
    try (ChunkWriter writer = new ChunkWriter(file, columns, List.of("id"))) {
      for (int i = 0; i < written.size(); i++) {
        Object value = written.get(i);
        // As readValue gives them: text as its UTF-8 bytes.
        if (value instanceof String s) {
          value = s.getBytes(StandardCharsets.UTF_8);
        }
        writer.write(new Object[] {(long) i, value});
      }
      chunk = writer.finish("t.00000.parquet");
    }
    assertEquals(written.size(), chunk.rowCount());
    try (ChunkReader reader = new ChunkReader(file, chunk, columns)) {
      for (int i = 0; i < written.size(); i++) {
        Object[] row = reader.next();
        assertEquals((long) i, row[0]);
        Object expected = written.get(i);
        if (expected == null) {
          assertNull(row[1]);
        } else if (expected instanceof byte[] bytes) {
          assertArrayEquals(bytes, (byte[]) row[1]);
        } else if (expected instanceof Double d) {
          assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) row[1]));
        } else if (expected instanceof Float f) {
          assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits((Float) row[1]));
        } else {
          assertEquals(expected, row[1]);
        }
      }
      assertNull(reader.next());
    }
  }

  @Test
  void rowversionIsAServerMadeTypeNeverWritten() {
    assertEquals(ColumnEncoding.BYTES, SqlServerValues.encodingOf("rowversion"));
    assertEquals(java.util.Set.of("rowversion", "timestamp"), SqlServerValues.SERVER_MADE_TYPES);
  }

  @Test
  void sqlVariantIsRefusedRatherThanStoredWithoutItsBaseType() {
    UserError e = assertThrows(UserError.class, () -> SqlServerValues.encodingOf("sql_variant"));
    assertEquals("This version cannot back up sql_variant columns exactly; the column's values"
        + " would lose their base type.", e.getMessage());
  }

  @Test
  void anUnknownTypeIsRefused() {
    assertThrows(UserError.class, () -> SqlServerValues.encodingOf("vector(3)"));
  }

  @Test
  void typeNamesAreReadWhateverTheirCaseAndSpacing() {
    assertEquals(ColumnEncoding.TEXT, SqlServerValues.encodingOf("NVARCHAR (MAX)"));
    assertEquals(ColumnEncoding.SERVER_TEXT, SqlServerValues.encodingOf("DateTime2(3)"));
  }
}
