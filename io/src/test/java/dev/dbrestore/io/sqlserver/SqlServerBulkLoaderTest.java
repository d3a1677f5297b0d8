package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.parquet.ChunkCursor;
import dev.dbrestore.io.parquet.ChunkWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What SQLServerBulkCopy is given: its options, the columns it takes, a chunk's rows. */
class SqlServerBulkLoaderTest {
  private static final SqlServerBulkLoader LOADER =
      new SqlServerBulkLoader(new SqlServerConnections());

  @TempDir Path dir;

  private static Manifest.Column column(String name, String type) {
    return new Manifest.Column(name, type, true, false, null, SqlServerValues.encodingOf(type));
  }

  private static final List<Manifest.Column> COLUMNS = List.of(
      column("id", "bigint"), column("ratio", "real"), column("score", "float"),
      column("name", "nvarchar(max)"), column("code", "varchar(12)"),
      column("blob", "varbinary(16)"), column("amount", "decimal(38,10)"),
      column("guid", "uniqueidentifier"));

  @Test
  void identityAndNullsAreKeptWithoutTimeout_andATableLockOnlyForAnEmptyTable()
      throws Exception {
    for (boolean empty : new boolean[] {true, false}) {
      SQLServerBulkCopyOptions options = SqlServerBulkLoader.options(empty);
      assertTrue(options.isKeepIdentity());
      assertTrue(options.isKeepNulls());
      assertEquals(empty, options.isTableLock());
      assertEquals(0, options.getBulkCopyTimeout());
      assertFalse(options.isCheckConstraints());
      assertFalse(options.isFireTriggers());
      assertFalse(options.isUseInternalTransaction());
    }
  }

  @Test
  void itTakesValuesItSendsAsStored_andLeavesConvertedOnesToTheInsert() {
    assertTrue(LOADER.canLoad(COLUMNS, Map.of()));
    for (String type : new String[] {"datetime2(7)", "time(7)", "money", "xml", "geography",
        "hierarchyid", "datetimeoffset(3)"}) {
      assertFalse(LOADER.canLoad(List.of(column("id", "int"), column("v", type)), Map.of()), type);
    }
    assertFalse(LOADER.canLoad(List.of(), Map.of()));
  }

  @Test
  void eachColumnIsSentAsItsStoredType() {
    assertArrayEquals(new int[] {Types.BIGINT, 19, 0}, SqlServerBulkLoader.sourceType(COLUMNS.get(0)));
    assertArrayEquals(new int[] {Types.REAL, 24, 0}, SqlServerBulkLoader.sourceType(COLUMNS.get(1)));
    assertArrayEquals(new int[] {Types.NVARCHAR, Integer.MAX_VALUE, 0},
        SqlServerBulkLoader.sourceType(COLUMNS.get(3)));
    assertArrayEquals(new int[] {Types.NVARCHAR, 12, 0}, SqlServerBulkLoader.sourceType(COLUMNS.get(4)));
    assertArrayEquals(new int[] {Types.VARBINARY, 16, 0}, SqlServerBulkLoader.sourceType(COLUMNS.get(5)));
    assertArrayEquals(new int[] {Types.DECIMAL, 38, 10}, SqlServerBulkLoader.sourceType(COLUMNS.get(6)));
    assertArrayEquals(new int[] {Types.CHAR, 36, 0}, SqlServerBulkLoader.sourceType(COLUMNS.get(7)));
  }

  @Test
  void theIgnoreAndOverwritePoliciesAreLeftToTheMergeStatement() throws Exception {
    assertEquals(-1, LOADER.loadChunk(null, "shop", "dbo.t", COLUMNS, DataConflictPolicy.IGNORE,
        null, 1));
    assertEquals(-1, LOADER.loadChunk(null, "shop", "dbo.t", COLUMNS,
        DataConflictPolicy.OVERWRITE, null, 1));
  }

  @Test
  void aChunksRowsAreReadFromItsParquetFileAsTheBulkCopyAsksForThem() throws Exception {
    ResourceId file = FileSystems.matchNewResource(dir.resolve("t.00000.parquet").toString(), false);
    Object[][] rows = {
        {1L, 1.5f, -0.0d, "ü 漢字 😀".getBytes(StandardCharsets.UTF_8),
            "code]".getBytes(StandardCharsets.UTF_8), new byte[] {0, -1, 7},
            "-1234567890123456789012345678.0123456789".getBytes(StandardCharsets.UTF_8),
            "6F9619FF-8B86-D011-B42D-00C04FC964FF".getBytes(StandardCharsets.UTF_8)},
        {2L, null, null, null, null, null, null, null}};
    Manifest.Chunk chunk;
    try (ChunkWriter writer = new ChunkWriter(file, COLUMNS, List.of("id"))) {
      for (Object[] row : rows) {
        writer.write(row);
      }
      chunk = writer.finish("t.00000.parquet");
    }
    try (ChunkCursor cursor = new ChunkCursor(file, chunk, COLUMNS)) {
      SqlServerBulkLoader.ChunkRows data = new SqlServerBulkLoader.ChunkRows(cursor, COLUMNS);
      assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), data.getColumnOrdinals());
      assertEquals("amount", data.getColumnName(7));
      assertEquals(Types.DECIMAL, data.getColumnType(7));
      assertEquals(10, data.getScale(7));
      assertTrue(data.next());
      Object[] first = data.getRowData();
      assertEquals(1L, first[0]);
      assertEquals(1.5f, first[1]);
      assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits((Double) first[2]));
      assertEquals("ü 漢字 😀", first[3]);
      assertEquals("code]", first[4]);
      assertArrayEquals(new byte[] {0, -1, 7}, (byte[]) first[5]);
      assertEquals(new BigDecimal("-1234567890123456789012345678.0123456789"), first[6]);
      assertEquals("6F9619FF-8B86-D011-B42D-00C04FC964FF", first[7]);
      assertTrue(data.next());
      Object[] second = data.getRowData();
      assertEquals(2L, second[0]);
      for (int i = 1; i < second.length; i++) {
        assertNull(second[i], COLUMNS.get(i).name());
      }
      assertFalse(data.next());
      assertEquals(2, data.sent);
    }
  }
}
