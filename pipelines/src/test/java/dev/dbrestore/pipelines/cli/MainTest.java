package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void everyCommandHasHelpAndExitsZero() {
    for (String command : new String[] {"backup", "restore", "demo"}) {
      assertEquals(0, Main.execute(new PrintWriter(new StringWriter()), command, "--help"));
    }
    assertEquals(0, Main.execute(new PrintWriter(new StringWriter()), "--help"));
  }

  @Test
  void noCommandIsAUsageError() {
    StringWriter err = new StringWriter();
    assertEquals(2, Main.execute(new PrintWriter(err, true)));
    assertTrue(err.toString().contains("Name a command"), err.toString());
  }

  @Test
  void aPasswordFlagDoesNotExist_soNoPasswordCanReachTheCommandLine() {
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true), "restore", "--backup-set", "x", "--target",
            "jdbc:mysql://127.0.0.1:1/", "--password", "secret");
    assertEquals(2, exit, err.toString());
  }

  @Test
  void anUnknownPipelineOptionIsAUsageError() {
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true), "restore", "--backup-set", "x", "--target",
            "jdbc:mysql://127.0.0.1:1/", "--noSuchOption=1");
    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("noSuchOption"), err.toString());
  }

  @Test
  void aJdbcUrlWithAPasswordIsRefusedWithoutEchoingIt() {
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true), "restore", "--backup-set", "/nonexistent-set",
            "--target", "jdbc:mysql://127.0.0.1:1/?password=Hunter2x");
    assertEquals(1, exit, err.toString());
    assertTrue(err.toString().contains("The JDBC URL carries a password"), err.toString());
    assertTrue(!err.toString().contains("Hunter2x"), err.toString());
  }

  @Test
  void aKnownPipelineOptionOnTheCommandLineIsAccepted() {
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true), "restore", "--backup-set", "/nonexistent-set",
            "--target", "jdbc:mysql://127.0.0.1:1/", "--targetParallelism=3");
    // Past option parsing: the restore itself fails on the missing set, not on the option.
    assertEquals(1, exit, err.toString());
    assertTrue(err.toString().contains("The pre-check failed"), err.toString());
  }
}
