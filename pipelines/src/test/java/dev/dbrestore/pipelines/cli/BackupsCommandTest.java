package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BackupsCommandTest {
  @TempDir Path root;

  @Test
  void listPrintsOneLinePerSet_withSizeTablesAndWhetherComplete() throws Exception {
    incompleteSet("db1", "nightly", "20261125-150102-3fa9", 3 * 1024 * 1024 / 2);
    incompleteSet("db2", "weekly", "20261120-010000-0b1e", 10);

    Output out = run("list", "--repository", root.toString());

    assertEquals(0, out.exit, out.err);
    List<String> lines = out.out.lines().toList();
    assertEquals(3, lines.size(), out.out);
    assertEquals(
        List.of("source", "backup", "task", "set", "id", "time", "size", "tables", "complete"),
        List.of(lines.get(0).trim().split("\\s+")));
    assertEquals(
        List.of("db1", "nightly", "20261125-150102-3fa9", "-", "1.5", "MiB", "-", "no"),
        List.of(lines.get(1).trim().split("\\s+")));
    assertEquals(
        List.of("db2", "weekly", "20261120-010000-0b1e", "-", "10", "B", "-", "no"),
        List.of(lines.get(2).trim().split("\\s+")));
  }

  @Test
  void listOfOneSource_asJson() throws Exception {
    incompleteSet("db1", "nightly", "20261125-150102-3fa9", 5);
    incompleteSet("db2", "weekly", "20261120-010000-0b1e", 10);

    Output out = run("list", "--repository", root.toString(), "--source", "db2", "--json");

    assertEquals(0, out.exit, out.err);
    JsonNode sets = new ObjectMapper().readTree(out.out);
    assertEquals(1, sets.size(), out.out);
    assertEquals("db2", sets.get(0).get("source").asText());
    assertEquals("weekly", sets.get(0).get("backupTask").asText());
    assertEquals("20261120-010000-0b1e", sets.get(0).get("setId").asText());
    assertEquals(10, sets.get(0).get("bytes").asLong());
    assertEquals(-1, sets.get(0).get("tables").asInt());
    assertEquals(false, sets.get(0).get("complete").asBoolean());
  }

  @Test
  void anEmptyRepositorySaysSo() {
    Output out = run("list", "--repository", root.toString());
    assertEquals(0, out.exit, out.err);
    assertTrue(out.out.contains("holds no backup sets"), out.out);
  }

  @Test
  void noSubcommandIsAUsageError() {
    Output out = run();
    assertEquals(2, out.exit, out.err);
    assertTrue(out.err.contains("Name a command: list"), out.err);
  }

  @Test
  void sizesReadAsBinaryUnits() {
    assertEquals("0 B", BackupsCommand.ListCommand.size(0));
    assertEquals("1023 B", BackupsCommand.ListCommand.size(1023));
    assertEquals("1.0 KiB", BackupsCommand.ListCommand.size(1024));
    assertEquals("3.8 MiB", BackupsCommand.ListCommand.size(3_984_588));
    assertEquals("2.0 GiB", BackupsCommand.ListCommand.size(2L << 30));
  }

  private void incompleteSet(String source, String task, String setId, int bytes)
      throws Exception {
    Path set = Files.createDirectories(root.resolve(source).resolve(task).resolve(setId));
    Files.write(set.resolve("0001-shop.t.00000.parquet"), new byte[bytes]);
  }

  private static Output run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new BackupsCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Output(exit, out.toString(), err.toString());
  }

  private record Output(int exit, String out, String err) {}
}
