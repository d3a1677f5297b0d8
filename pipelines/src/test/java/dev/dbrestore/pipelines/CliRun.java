package dev.dbrestore.pipelines;

import dev.dbrestore.pipelines.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in this JVM as a user does, with standard output and error captured. */
record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      // Log lines and warnings go to System.err: captured too.
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      exit = Main.execute(new PrintWriter(err, true), args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    String errors = err + stderr.toString(StandardCharsets.UTF_8);
    originalErr.print(errors);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), errors);
  }

  /** Everything the run printed. */
  String all() {
    return out + err;
  }
}
