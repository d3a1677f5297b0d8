package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void everyCommandHasHelpAndExitsZero() {
    for (String command : new String[] {"backup", "restore", "demo"}) {
      assertEquals(0, Main.execute(new PrintWriter(new StringWriter()), command, "--help"));
    }
    assertEquals(0, Main.execute(new PrintWriter(new StringWriter()), "--help"));
  }

  @Test
  void theTopLevelHelp_namesEveryCommandRegistered() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.execute(new PrintWriter(new StringWriter()), "--help"));
    } finally {
      System.setOut(original);
    }
    String help = out.toString(StandardCharsets.UTF_8);
    StringWriter err = new StringWriter();
    Main.execute(new PrintWriter(err, true));
    Map<String, CommandLine> commands = new CommandLine(new Main()).getSubcommands();
    assertTrue(commands.size() >= 9, commands.keySet().toString());
    for (Map.Entry<String, CommandLine> command : commands.entrySet()) {
      if (command.getValue().getCommandSpec().usageMessage().hidden()) {
        continue; // warm-up: the launcher's own, not a user's
      }
      assertTrue(
          help.lines().anyMatch(line -> line.trim().startsWith(command.getKey() + " ")),
          command.getKey() + " in --help:\n" + help);
      assertTrue(err.toString().contains(command.getKey()), command.getKey() + " in: " + err);
    }
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
