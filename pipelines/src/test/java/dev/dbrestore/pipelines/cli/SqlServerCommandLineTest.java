package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line takes jdbc:sqlserver:// URLs, and says in one sentence what it refuses before
 * it connects (no SQL Server runs here: these are the refusals that need none).
 */
class SqlServerCommandLineTest {
  @TempDir Path dir;

  private record Run(int exit, String all) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      exit = Main.execute(new PrintWriter(err, true), args);
    } finally {
      System.setErr(original);
    }
    return new Run(exit, err + stderr.toString(StandardCharsets.UTF_8));
  }

  /** A backup of database shop from a source URL; it fails (exit 1) in every test here. */
  private Run backup(String url) {
    Run run = run("backup", "--source", url, "--user", "sa", "--database", "shop", "--output",
        dir.resolve("set").toString());
    assertEquals(1, run.exit(), run.all());
    return run;
  }

  @Test
  void aBackupUrlThatLoosensATimeSettingIsRefusedBeforeConnecting() {
    Run run = backup("jdbc:sqlserver://127.0.0.1:1;sendTimeAsDatetime=true");
    assertTrue(run.all().contains("The JDBC URL sets sendTimeAsDatetime, which dbrestore sets"
        + " itself for every connection (it may not be changed or loosened); remove it from the"
        + " URL."), run.all());
    assertFalse(Files.exists(dir.resolve("set")), "no set folder for a refused backup");
  }

  @Test
  void aBackupOfAnUnreachableSqlServerSaysSoInOneSentence() {
    Run run = backup("jdbc:sqlserver://127.0.0.1:1;databaseName=shop");
    assertTrue(run.all().contains("Cannot reach the source server at"
        + " jdbc:sqlserver://127.0.0.1:1;databaseName=shop; check the host and port and that the"
        + " server is running."), run.all());
  }

  @Test
  void aPointInTimeRestoreFromASqlServerDataSourceIsRefusedWithTheProductsSentence()
      throws Exception {
    Path dataSources = dir.resolve("datasources.yaml");
    Files.writeString(dataSources, "datasources:\n  mssql:\n    kind: sqlserver\n"
        + "    url: jdbc:sqlserver://127.0.0.1:1;databaseName=shop\n    user: sa\n");
    Run run = run("restore", "--source", "mssql", "--backup-task", "nightly",
        "--point-in-time", "2026-12-01T14:04:59Z", "--target", "mssql",
        "--datasources", dataSources.toString(), "--repository", dir.toString());
    assertEquals(1, run.exit(), run.all());
    assertTrue(run.all().contains("A SQL Server source has no point-in-time restore: it keeps"
        + " no change log this version captures"), run.all());
  }

  @Test
  void aDataSourceOfKindSqlServerIsTakenAsOneThisVersionUses() throws Exception {
    Path dataSources = dir.resolve("datasources.yaml");
    Files.writeString(dataSources, "datasources:\n  mssql:\n    kind: sqlserver\n"
        + "    url: jdbc:sqlserver://127.0.0.1:1;databaseName=shop\n    user: sa\n");
    assertEquals(java.util.Optional.of("sqlserver"), dev.dbrestore.pipelines.task.DataSources
        .load(dataSources).get("mssql").map(dev.dbrestore.pipelines.task.DataSource::kind));
  }
}
