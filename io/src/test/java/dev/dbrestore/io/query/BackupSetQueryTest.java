package dev.dbrestore.io.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkWriter;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A set is untrusted input: names from its manifest with quotes, dots, backticks and semicolons,
 * a column type with SQL after it, and a folder with quotes in its name are read by real DuckDB
 * over real Parquet chunks as data, never as SQL.
 */
class BackupSetQueryTest {
  private static final String DB = "x\"; DROP SCHEMA main; --`db`";
  private static final String TABLE = "it's.a \"table\"";

  @TempDir Path dir;

  @Test
  void hostileNamesAndTypesAreQuotedAndReadAsData() throws Exception {
    Path folder = dir.resolve("it's a \"set\"");
    BackupSet set = writeSet(folder, DB);

    List<List<Object>> rows = run(set, "SELECT \"a\"\"b\", \"_c1\", \"select\", \"ÿ\""
        + " FROM \"x\"\"; DROP SCHEMA main; --`db`\".\"it's.a \"\"table\"\"\" ORDER BY 1");

    assertEquals(2, rows.size());
    assertEquals(List.of(1L, "one", new BigDecimal("12.50"), "Crème"), rows.get(0));
    assertEquals(List.of(2L, "two", new BigDecimal("-0.01"), "ÿ€"), rows.get(1));
    List<List<Object>> types = run(set, "SELECT column_type FROM (DESCRIBE \"x\"\"; DROP SCHEMA"
        + " main; --`db`\".\"it's.a \"\"table\"\"\")");
    assertEquals(List.of(List.of("BIGINT"), List.of("VARCHAR"), List.of("DECIMAL(10,2)"),
        List.of("VARCHAR")), types);
  }

  @Test
  void aDatabaseNamedLikeADuckDbCatalogIsQueriedUnderMemory() throws Exception {
    BackupSet set = writeSet(dir.resolve("set"), "system");
    List<String> notes = new ArrayList<>();

    List<List<Object>> rows = new ArrayList<>();
    BackupSetQuery.over(set).withNotices(notes::add)
        .run("SELECT count(*) FROM memory.system.\"it's.a \"\"table\"\"\"", collect(rows));

    assertEquals(List.of(List.of(2L)), rows);
    assertTrue(notes.stream().anyMatch(n -> n.contains("memory.system")), notes.toString());
  }

  @Test
  void aFolderWhoseNameDuckDbWouldReadAsAPatternIsRefusedInASentence() throws Exception {
    BackupSet set = writeSet(dir.resolve("set[1]"), DB);

    UserError refused = assertThrows(UserError.class, () -> run(set, "SELECT 1"));

    assertTrue(refused.getMessage().contains("set[1]"), refused.getMessage());
  }

  private static List<List<Object>> run(BackupSet set, String sql) {
    List<List<Object>> rows = new ArrayList<>();
    BackupSetQuery.over(set).run(sql, collect(rows));
    return rows;
  }

  private static QueryRows collect(List<List<Object>> rows) {
    return new QueryRows() {
      @Override
      public void columns(List<Column> columns) {}

      @Override
      public void row(List<Object> values) {
        rows.add(values);
      }
    };
  }

  /** One table of two rows in one real chunk; the decimal's type string ends in SQL. */
  private static BackupSet writeSet(Path folder, String database) throws Exception {
    Files.createDirectories(folder);
    List<Manifest.Column> columns = List.of(
        new Manifest.Column("a\"b", "bigint(20)", false, false, null, ColumnEncoding.LONG),
        new Manifest.Column("_c1", "varchar(10)", true, false, "utf8mb4", ColumnEncoding.TEXT),
        new Manifest.Column("select", "decimal(10,2)); DROP SCHEMA main; --", true, false, null,
            ColumnEncoding.SERVER_TEXT),
        new Manifest.Column("ÿ", "varchar(10)", true, false, "latin1", ColumnEncoding.BYTES));
    Charset latin1 = Charset.forName("windows-1252");
    String file = "0001-x.t.00000.parquet";
    Manifest.Chunk chunk;
    try (ChunkWriter writer = new ChunkWriter(
        FileSystems.matchNewResource(folder.resolve(file).toString(), false), columns)) {
      writer.write(new Object[] {1L, "one", "12.50", "Crème".getBytes(latin1)});
      writer.write(new Object[] {2L, "two", "-0.01", "ÿ€".getBytes(latin1)});
      chunk = writer.finish(file);
    }
    Manifest.Table table = new Manifest.Table(TABLE, "CREATE TABLE t (...)", columns,
        List.of("a\"b"), 2, List.of(chunk));
    Manifest.Database db = new Manifest.Database(database, "utf8mb4", "utf8mb4_general_ci",
        List.of(table), List.of(), List.of(), List.of(), List.of(), List.of());
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "20261202-000000-0000",
        "2026-12-02T00:00:00Z", "2026-12-02T00:00:01Z",
        new Manifest.Source("mariadb", "10.11.6-MariaDB", "1", null, "", "+00:00", "utf8mb4", 0),
        new Manifest.ConsistentPoint(null, null, null, "2026-12-02T00:00:00Z"), List.of(db));
    BackupSet.writeManifest(folder.toString(), manifest);
    return BackupSet.open(folder.toString());
  }
}
