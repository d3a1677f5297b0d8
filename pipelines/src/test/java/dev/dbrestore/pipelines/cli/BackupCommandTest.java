package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Where a backup set goes: exactly one of --output or --source-name with --backup-task. */
class BackupCommandTest {
  private static final String[] SOURCE = {
    "backup", "--source", "jdbc:mysql://127.0.0.1:1/", "--user", "root", "--database", "shop"
  };

  @Test
  void neitherOutputNorRepositoryPlaceIsAUsageError() {
    String err = assertUsageError();
    assertTrue(err.contains("--output DIR, or --source-name NAME and --backup-task NAME"), err);
  }

  @Test
  void outputTogetherWithARepositoryPlaceIsAUsageError() {
    String err =
        assertUsageError("--output", "/tmp/x", "--source-name", "db1", "--backup-task", "nightly");
    assertTrue(err.contains("not both"), err);
    assertTrue(assertUsageError("--output", "/tmp/x", "--repository", "/tmp/r").contains("not both"));
  }

  @Test
  void aSourceNameWithoutBackupTaskIsAUsageError() {
    assertUsageError("--source-name", "db1");
    assertUsageError("--backup-task", "nightly");
  }

  private static String assertUsageError(String... more) {
    String[] args = new String[SOURCE.length + more.length];
    System.arraycopy(SOURCE, 0, args, 0, SOURCE.length);
    System.arraycopy(more, 0, args, SOURCE.length, more.length);
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    assertEquals(2, exit, err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    return err.toString();
  }
}
