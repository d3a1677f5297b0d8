package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunk bounds around the chunk size: a keyed table of n rows backed up with --chunk-rows c
 * splits at every c-th key, so it has n / c + 1 chunks (the last open-ended, empty when c
 * divides n); a table of fewer rows than c is one chunk, and so is a table without a key.
 */
class ChunkBoundariesIT {
  private static final String DB = "cb_src";
  private static final int CHUNK = 50;

  @TempDir Path work;

  @Test
  void tablesSplitAtEveryChunkRowsKey_andSmallerTablesAreOneChunk() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    TestServers.dropDatabases(source, DB);
    // Rows per table, named by what they test; the backtick name goes through the batched
    // size query quoted.
    Map<String, Integer> keyed = new LinkedHashMap<>();
    keyed.put("empty", 0);
    keyed.put("one_short", CHUNK - 1);
    keyed.put("exactly_one", CHUNK);
    keyed.put("one_over", CHUNK + 1);
    keyed.put("three_full", 3 * CHUNK);
    keyed.put("back`tick", CHUNK + 7);
    List<String> statements = new ArrayList<>();
    statements.add("CREATE DATABASE " + DB);
    for (Map.Entry<String, Integer> table : keyed.entrySet()) {
      String q = quoted(table.getKey());
      statements.add("CREATE TABLE " + q + " (id INT PRIMARY KEY, v VARCHAR(10))");
      statements.addAll(inserts(q, table.getValue()));
    }
    statements.add("CREATE TABLE " + quoted("two_part_key")
        + " (a INT, b INT, PRIMARY KEY (a, b))");
    for (int i = 0; i < 2 * CHUNK + 3; i++) {
      statements.add("INSERT INTO " + quoted("two_part_key") + " VALUES (" + (i / 10) + ", "
          + (i % 10) + ")");
    }
    statements.add("CREATE TABLE " + quoted("no_key") + " (id INT, v VARCHAR(10))");
    statements.addAll(inserts(quoted("no_key"), 3 * CHUNK));
    TestServers.execute(source, statements.toArray(String[]::new));

    String set = work.resolve("set").toString();
    CliRun backup =
        CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--chunk-rows", String.valueOf(CHUNK), "--output", set);
    assertEquals(0, backup.exit(), backup.err());

    Map<String, List<Long>> chunkRows = new LinkedHashMap<>();
    for (Manifest.Table table :
        BackupSet.open(set).manifest().databases().get(0).tables()) {
      chunkRows.put(table.name(), table.chunks().stream().map(Manifest.Chunk::rowCount).toList());
    }
    assertEquals(List.of(0L), chunkRows.get("empty"));
    assertEquals(List.of((long) CHUNK - 1), chunkRows.get("one_short"));
    assertEquals(List.of((long) CHUNK, 0L), chunkRows.get("exactly_one"));
    assertEquals(List.of((long) CHUNK, 1L), chunkRows.get("one_over"));
    assertEquals(
        List.of((long) CHUNK, (long) CHUNK, (long) CHUNK, 0L), chunkRows.get("three_full"));
    assertEquals(List.of((long) CHUNK, 7L), chunkRows.get("back`tick"));
    assertEquals(List.of((long) CHUNK, (long) CHUNK, 3L), chunkRows.get("two_part_key"));
    assertEquals(List.of(3L * CHUNK), chunkRows.get("no_key"));
  }

  private static String quoted(String table) {
    return "`" + DB + "`.`" + table.replace("`", "``") + "`";
  }

  private static List<String> inserts(String table, int rows) {
    List<String> statements = new ArrayList<>();
    for (int i = 1; i <= rows; i++) {
      statements.add("INSERT INTO " + table + " VALUES (" + i + ", 'v" + i + "')");
    }
    return statements;
  }
}
