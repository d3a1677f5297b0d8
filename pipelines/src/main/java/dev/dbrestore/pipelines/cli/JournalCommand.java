package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dbrestore journal drop}: removes the restore journal from a target after success. */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "The restore journal: a schema in the target where restores record the chunks"
        + " and objects they finished, so a retry or --resume never writes one twice.",
    subcommands = {JournalCommand.Drop.class})
public final class JournalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new dev.dbrestore.pipelines.UsageError("Name a subcommand: journal drop.");
  }

  /** Drops the journal schema. */
  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = {
        "Drops the journal schema from the target. Do it once the restores that wrote into it"
            + " have succeeded: an interrupted task can no longer be resumed.",
        "Drops only a journal: a schema holding anything besides the journal's tables (another"
            + " table, a view, a routine, a trigger, an event, other columns), or one of the"
            + " server's own schemas, is refused with exit 1 and left untouched. No such schema:"
            + " says so, exit 0 (there is no journal to drop)."
      })
  static final class Drop implements Callable<Integer> {
    @Option(names = "--target", required = true, paramLabel = "JDBC_URL|NAME",
        description = "The target server: a JDBC URL or a data source's name.")
    String target;

    @Mixin ConnectionOptions connection;

    @Option(names = "--datasources", paramLabel = "FILE", description = "The data-source file.")
    Path dataSources;

    @Option(names = "--journal-schema", paramLabel = "NAME",
        description = "The journal schema (default " + Journal.DEFAULT_SCHEMA + ").")
    String schema = Journal.DEFAULT_SCHEMA;

    @Override
    public Integer call() {
      RestoreTask probe =
          new RestoreTask(
              "journal drop", null, null, "-", null, target, connection.user,
              connection.passwordEnv, connection.passwordFile,
              null, null, null, null, null, null, null);
      RestoreJob.Target resolved = RestoreJob.resolveTarget(probe, dataSources);
      connection.warnIfPasswordFileReadableByOthers();
      resolved.secretFiles().forEach(f -> FileWarnings.warnIfReadableByOthers(f.what(), f.path()));
      Endpoint endpoint = resolved.endpoint();
      boolean dropped;
      try (Connection c = endpoint.openOrExplain(Endpoint.Purpose.ADMIN, "target")) {
        dropped = endpoint.dialect().dropJournal(c, schema);
      } catch (SQLException e) {
        throw new UserError("Dropping the journal schema failed: " + e.getMessage(), e);
      }
      System.out.println(
          dropped
              ? "Dropped the journal schema " + schema + " from " + endpoint.spec() + "."
              : "There is no journal schema " + schema + " in " + endpoint.spec()
                  + "; nothing to drop.");
      return 0;
    }
  }
}
