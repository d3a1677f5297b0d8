package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.pipelines.UsageError;
import dev.dbrestore.pipelines.task.ObjectKind;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.StructureConflictPolicy;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.task.TaskOverrides;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Task flags beside a task file override its fields; beside --resume, only the connection's. */
class TaskOptionsTest {
  @TempDir Path work;

  private static RestoreCommand parse(String... args) {
    RestoreCommand command = new RestoreCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private Path taskFile(String yaml) throws Exception {
    return Files.writeString(work.resolve("task.yaml"), yaml);
  }

  @Test
  void aTaskFlagGivenWithATaskFile_overridesThatField_andIsListed() throws Exception {
    Path file = taskFile("name: shop\nbackupSet: /backups/s\ntarget: jdbc:mysql://db2:3306/\n"
        + "targetUser: nobody\ntargetPasswordFile: /etc/old.pw\nobjects: all\n"
        + "conflicts:\n  structure: ignore\n  data: stop\nretries: 2\n");
    RestoreCommand command = parse("--task", file.toString(), "--user", "root",
        "--password-env", "NEW_PW", "--data-conflict", "ignore", "--include", "tables:shop.o*");
    RestoreTask task = command.task.task();
    assertEquals("root", task.targetUser());
    assertEquals("NEW_PW", task.targetPasswordEnv());
    // The flag replaces the file's password source as a whole.
    assertNull(task.targetPasswordFile());
    assertEquals(DataConflictPolicy.IGNORE, task.dataConflict());
    assertEquals(Map.of(ObjectKind.TABLES, List.of("shop.o*")), task.objects().include());
    // Fields no flag names stay as the file has them.
    assertEquals(StructureConflictPolicy.IGNORE, task.structureConflict());
    assertEquals(2, task.retries());
    assertEquals("shop", task.name());
    assertEquals(List.of("targetUser", "targetPasswordEnv", "objects.include", "conflicts.data"),
        command.task.overriddenFields());
  }

  @Test
  void aFlagMayGiveWhatTheTaskFileLeavesOut_andFlagsAloneListNothing() throws Exception {
    Path file = taskFile("name: shop\nbackupSet: /backups/s\n");
    RestoreCommand command =
        parse("--task", file.toString(), "--target", "jdbc:mysql://db2:3306/");
    assertEquals("jdbc:mysql://db2:3306/", command.task.task().target());
    assertEquals(List.of("target"), command.task.overriddenFields());

    RestoreCommand flags =
        parse("--backup-set", "/backups/s", "--target", "jdbc:mysql://db2:3306/", "--user", "u");
    assertEquals("u", flags.task.task().targetUser());
    assertEquals(List.of(), flags.task.overriddenFields());
  }

  @Test
  void aFlagOverridingTheFile_isCheckedByTheTaskRules() throws Exception {
    Path file = taskFile("name: shop\nbackupSet: /backups/s\ntarget: jdbc:mysql://db2:3306/\n");
    UsageError e = assertThrows(UsageError.class,
        () -> parse("--task", file.toString(), "--data-conflict", "sometimes").task.task());
    assertTrue(e.getMessage().contains("Unknown data conflict policy 'sometimes'"),
        e.getMessage());
  }

  @Test
  void aResumeTakesTheConnectionFlags_andRefusesATaskChangingFlagInOneSentence() {
    TaskOverrides connection =
        parse("--resume", "r-1", "--user", "root", "--password-file", "/etc/new.pw")
            .task.resumeOverrides("r-1");
    assertEquals(List.of("targetUser", "targetPasswordFile"), connection.fields());
    assertTrue(parse("--resume", "r-1").task.resumeOverrides("r-1").isEmpty());

    List<String> refusals = new ArrayList<>();
    for (String[] flags : List.of(
        new String[] {"--target", "jdbc:mysql://other:3306/"},
        new String[] {"--include", "databases:shop", "--user", "root"},
        new String[] {"--task", "shop.yaml"})) {
      List<String> args = new ArrayList<>(List.of("--resume", "r-1"));
      args.addAll(List.of(flags));
      UsageError e = assertThrows(UsageError.class,
          () -> parse(args.toArray(String[]::new)).task.resumeOverrides("r-1"));
      refusals.add(e.getMessage());
    }
    assertEquals("--resume r-1 continues the task as recorded, so --target cannot be given with"
        + " it; only --user, --password-env and --password-file can (a password may have"
        + " rotated).", refusals.get(0));
    assertTrue(refusals.get(1).contains("so --include cannot be given"), refusals.get(1));
    assertTrue(refusals.get(2).contains("so --task cannot be given"), refusals.get(2));
  }

  @Test
  void aResumeOfATaskThroughADataSource_refusesTheConnectionFlags_beforeConnecting() {
    TaskStore store = TaskStore.open(work.resolve("tasks"));
    RestoreTask recorded = RestoreTask.fromYaml(
        "name: shop\nbackupSet: /backups/s\ntarget: db2-staging\n");
    TaskRecord failed = store.start(recorded.name(), recorded.asRecord())
        .withState(TaskState.FAILED);
    store.save(failed);
    TaskOverrides connection =
        parse("--resume", failed.id(), "--user", "root").task.resumeOverrides(failed.id());
    UsageError e = assertThrows(UsageError.class, () -> RestoreJob.resume(
        PipelineOptionsFactory.create(), failed.id(),
        new RestoreJob.Settings(null, null, false, work.resolve("tasks")), connection));
    assertTrue(e.getMessage().contains("connects through the data source db2-staging"),
        e.getMessage());
    assertEquals(TaskState.FAILED, store.get(failed.id()).state());
  }
}
