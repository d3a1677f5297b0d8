package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dbrestore query} and {@code backups show} given wrongly: exit 2, or 1 with a sentence. */
class QueryCommandTest {
  @TempDir Path dir;

  @Test
  void helpHasAnExample_andSaysHowTypesRead() {
    Output out = run("query", "--help");

    assertEquals(0, out.exit, out.err);
    assertTrue(out.out.contains("  dbrestore query --backup-set"), out.out);
    assertTrue(out.out.contains("INTERVAL"), out.out);
    assertEquals(0, run("backups", "show", "--help").exit);
    assertTrue(run("backups", "show", "--help").out.contains("  dbrestore backups show "));
  }

  @Test
  void aMissingSetOrQueryOrAnUnknownFormatIsAUsageError() {
    assertEquals(2, run("query", "SELECT 1").exit);
    assertEquals(2, run("query", "--backup-set", dir.toString()).exit);
    Output format = run("query", "--backup-set", dir.toString(), "--format", "xml", "SELECT 1");
    assertEquals(2, format.exit, format.err);
    assertTrue(format.err.contains("table, csv, json"), format.err);
  }

  @Test
  void aFolderWithoutAManifestIsRefusedInOneSentence() {
    Output query = run("query", "--backup-set", dir.toString(), "SELECT 1");
    Output show = run("backups", "show", dir.toString());

    for (Output out : new Output[] {query, show}) {
      assertEquals(1, out.exit, out.err);
      assertEquals(1, out.err.lines().count(), out.err);
      assertTrue(out.err.contains("has no manifest.json"), out.err);
    }
  }

  private record Output(int exit, String out, String err) {}

  private static Output run(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = Main.execute(new PrintWriter(err, true), args);
    } finally {
      System.setOut(original);
    }
    return new Output(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }
}
