package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every column type a DBA stores comes back exactly. Values are written at the source with SQL
 * literals and compared with SQL computed by each server, never through dbrestore's own
 * conversions.
 */
class TypesRoundTripIT {
  private static final String DB = "types_rt";

  static final String TABLE =
      "CREATE TABLE `types_rt`.`t` ("
          + " id INT PRIMARY KEY,"
          + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,"
          + " mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,"
          + " bi BIGINT, biu BIGINT UNSIGNED,"
          + " dec65 DECIMAL(65,30), f FLOAT, d DOUBLE,"
          + " b1 BIT(1), b17 BIT(17), b64 BIT(64),"
          + " c_utf CHAR(10) CHARACTER SET utf8mb4, vc_utf VARCHAR(100) CHARACTER SET utf8mb4,"
          + " tx_utf TEXT CHARACTER SET utf8mb4,"
          + " c_lat CHAR(10) CHARACTER SET latin1, vc_lat VARCHAR(100) CHARACTER SET latin1,"
          + " tx_lat TEXT CHARACTER SET latin1,"
          + " bin8 BINARY(8), vbin VARBINARY(100), blb LONGBLOB,"
          + " dt DATE, dtm0 DATETIME, dtm6 DATETIME(6),"
          + " ts0 TIMESTAMP NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL,"
          + " tm0 TIME, tm6 TIME(6), yr YEAR,"
          + " en ENUM('a','b','c'), st SET('x','y','z'), js JSON,"
          + " pt POINT, geo GEOMETRY,"
          + " en_lat ENUM('red','gr\u00fcn') CHARACTER SET latin1,"
          + " st_lat SET('\u00e4','b') CHARACTER SET latin1,"
          + " gc BIGINT AS (i + 1) VIRTUAL,"
          + " gs VARCHAR(120) AS (CONCAT(vc_utf, '!')) STORED"
          + ") ENGINE=InnoDB";

  static final String COLUMNS =
      "id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, dec65, f, d, b1, b17, b64,"
          + " c_utf, vc_utf, tx_utf, c_lat, vc_lat, tx_lat, bin8, vbin, blb,"
          + " dt, dtm0, dtm6, ts0, ts6, tm0, tm6, yr, en, st, js, pt, geo, en_lat, st_lat";

  static final List<String> ROWS =
      List.of(
          // The smallest values, empty strings and zero dates.
          "(1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,"
              + " -99999999999999999999999999999999999.999999999999999999999999999999,"
              + " -1.17549435e-38, -1.7976931348623157e308, b'0', b'0', b'0',"
              + " '', '', '', '', '', '', X'', X'', '',"
              + " '0000-00-00', '0000-00-00 00:00:00', '1000-01-01 00:00:00.000000',"
              + " '1970-01-01 00:00:01', '1970-01-01 00:00:01.000001',"
              + " '-838:59:59', '-00:00:00.000001', 1901, 'a', '', '{}',"
              + " ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))', 4326),"
              + " 'red', '')",
          // The largest values, 4-byte characters, latin1 bytes, trailing zero bytes, a big BLOB.
          "(2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,"
              + " 9223372036854775807, 18446744073709551615,"
              + " 99999999999999999999999999999999999.999999999999999999999999999999,"
              + " 0.1, 0.1, b'1', b'11111111111111111',"
              + " b'1111111111111111111111111111111111111111111111111111111111111111',"
              + " '😀é', 'héllo 😀 𝄞 世界', REPEAT('😀', 1000),"
              + " _latin1 X'E9FF', _latin1 X'E9FF818D8F909D20', _latin1 X'C0C1C2E0E1E2818D',"
              + " X'0102000000000000', X'00FF0000', REPEAT(RANDOM_BYTES(1000), 20000),"
              + " '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999999',"
              + " '2038-01-19 03:14:07', '2038-01-19 03:14:07.999999',"
              + " '838:59:59', '100:00:00.5', 2155, 'c', 'x,z',"
              + " '{\"k\": [1, 2.5, \"é😀\"], \"n\": null}',"
              + " ST_GeomFromText('POINT(1.5 -2.25)'),"
              + " ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0.5)', 3857),"
              + " 'gr\u00fcn', '\u00e4,b')",
          // NULL in every nullable column.
          "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              + " NULL, NULL)",
          // The text 'NULL' and values that print with more digits than FLOAT shows.
          "(4, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0.000000000000000000000000000001,"
              + " 1.2345678, 3.141592653589793, b'1', b'10000000000000000', b'1',"
              + " 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', X'00', X'00', X'00',"
              + " '2024-02-29', '2024-02-29 12:34:56', '2024-02-29 12:34:56.123456',"
              + " '2024-03-31 01:30:00', '2024-10-27 02:30:00.5',"
              + " '00:00:00', '-12:00:00.25', 2000, 'b', 'x,y,z', '[]', NULL, NULL, 'gr\u00fcn',"
              + " '\u00e4')",
          // Denormal and extreme floating-point values.
          "(5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12345.678900000000000000000000000001,"
              + " 1e-45, 2.2250738585072014e-308, b'0', b'1', b'1000000000000000000000000000000000000000000000000000000000000000',"
              + " ' lead', 'trail  ', 'tab\there', 'a', 'b', 'c', X'FF', X'FF', X'FF',"
              + " '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00.000001',"
              + " NULL, NULL, '23:59:59', '24:00:00.000001', 0, NULL, NULL, 'null', NULL, NULL,"
              + " 'red', NULL)");

  private static final java.util.Set<String> NUMERIC =
      java.util.Set.of(
          "id", "ti", "tiu", "si", "siu", "mi", "miu", "i", "iu", "bi", "biu", "dec65", "d", "gc");

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;

  @BeforeAll
  static void backUpAndRestore() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      s.execute("SET SESSION sql_mode = ''");
      s.execute("SET SESSION time_zone = '+00:00'");
      s.execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4");
      s.execute(TABLE);
      for (String row : ROWS) {
        s.execute("INSERT INTO `types_rt`.`t` (" + COLUMNS + ") VALUES " + row);
      }
    }
    String set = work.resolve("types-set").toString();
    BackupJob.run(TestServers.backupOptions("direct", source, set, DB));
    RestoreReport report = RestoreJob.run(TestServers.restoreOptions("direct", set, target));
    assertEquals(ROWS.size(), report.rowsRestored());
  }

  @Test
  void checksumTableIsEqual_soEveryStoredByteCameBack() throws Exception {
    String sql = "CHECKSUM TABLE `types_rt`.`t` EXTENDED";
    assertEquals(checksum(source, sql), checksum(target, sql));
  }

  @Test
  void everyColumnHasTheSameValuesInEveryRow() throws Exception {
    Map<String, String> sourceValues = fingerprints(source);
    Map<String, String> targetValues = fingerprints(target);
    List<String> differing = new ArrayList<>();
    for (String column : sourceValues.keySet()) {
      if (!sourceValues.get(column).equals(targetValues.get(column))) {
        differing.add(column + ": source " + sourceValues.get(column) + " target " + targetValues.get(column));
      }
    }
    assertEquals(List.of(), differing);
  }

  @Test
  void valuesAUserWouldCheckAreExact() throws Exception {
    assertEquals("18446744073709551615", TestServers.single(target, "SELECT biu FROM types_rt.t WHERE id = 2"));
    assertEquals("0102000000000000", TestServers.single(target, "SELECT HEX(bin8) FROM types_rt.t WHERE id = 2"));
    assertEquals("E9FF818D8F909D20", TestServers.single(target, "SELECT HEX(vc_lat) FROM types_rt.t WHERE id = 2"));
    assertEquals("0000-00-00", TestServers.single(target, "SELECT CAST(dt AS CHAR) FROM types_rt.t WHERE id = 1"));
    assertEquals("-838:59:59", TestServers.single(target, "SELECT CAST(tm0 AS CHAR) FROM types_rt.t WHERE id = 1"));
    assertEquals("100:00:00.500000", TestServers.single(target, "SELECT CAST(tm6 AS CHAR) FROM types_rt.t WHERE id = 2"));
    assertEquals("3", TestServers.single(target, "SELECT GROUP_CONCAT(id) FROM types_rt.t WHERE vc_utf IS NULL"));
    assertEquals("1", TestServers.single(target, "SELECT GROUP_CONCAT(id) FROM types_rt.t WHERE vc_utf = ''"));
    assertEquals("4", TestServers.single(target, "SELECT GROUP_CONCAT(id) FROM types_rt.t WHERE vc_utf = 'NULL'"));
    assertEquals("20000000", TestServers.single(target, "SELECT LENGTH(blb) FROM types_rt.t WHERE id = 2"));
    assertEquals(
        TestServers.single(source, "SELECT MD5(blb) FROM types_rt.t WHERE id = 2"),
        TestServers.single(target, "SELECT MD5(blb) FROM types_rt.t WHERE id = 2"));
    assertEquals("3857", TestServers.single(target, "SELECT ST_SRID(geo) FROM types_rt.t WHERE id = 2"));
  }

  /** Per column: every row's value as hex text, computed by the server. */
  private static Map<String, String> fingerprints(EmbeddedMariaDb server) throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00'");
      s.execute("SET SESSION group_concat_max_len = 1073741824");
      List<String> columns = new ArrayList<>(List.of(COLUMNS.split(",\\s*")));
      columns.add("gc");
      columns.add("gs");
      for (String column : columns) {
        // Numbers as the server prints them (FLOAT widened to DOUBLE so every bit shows);
        // everything else as the hex of its exact bytes or text.
        String expression =
            column.equals("f")
                ? "CAST(CAST(f AS DOUBLE) AS CHAR)"
                : NUMERIC.contains(column) ? "CAST(" + column + " AS CHAR)" : "HEX(" + column + ")";
        try (ResultSet r =
            s.executeQuery(
                "SELECT MD5(GROUP_CONCAT(IFNULL(" + expression + ", '<null>') ORDER BY id"
                    + " SEPARATOR '|')), GROUP_CONCAT(LEFT(IFNULL(" + expression
                    + ", '<null>'), 40) ORDER BY id SEPARATOR '|') FROM types_rt.t")) {
          r.next();
          values.put(column, r.getString(1) + " [" + r.getString(2) + "]");
        }
      }
    }
    return values;
  }

  private static String checksum(EmbeddedMariaDb server, String sql) throws Exception {
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(2);
    }
  }
}
