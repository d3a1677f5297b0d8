package dev.dbrestore.pipelines.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.PrivateFiles;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tasks saved in the console, one private {@code saved-<id>.yaml} each in the folder of the
 * task records, so a console started again lists them. A file holds the task as given (never a
 * password), when it was saved, its pre-check items and the task it started as; it is read as
 * untrusted input: the task is checked as a task file is, and starting it pre-checks it again.
 */
final class SavedTasks {
  private static final String PREFIX = "saved-";
  private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  /** A saved task as its file holds it. */
  private record Contents(
      String id, String savedAt, String startedAs, Map<String, Object> task,
      List<PreCheck.Item> precheck) {}

  private final Path dir;

  SavedTasks(Path dir) {
    this.dir = dir;
  }

  /** Writes the saved task's file, replacing it all at once. */
  void save(SavedTask saved) {
    Path target = file(saved.id());
    Path tmp = dir.resolve(PREFIX + saved.id() + ".yaml.tmp");
    try {
      byte[] yaml = YAML.writeValueAsBytes(new Contents(saved.id(), saved.savedAt(), saved.startedAs(),
          TaskRecord.scrub(saved.task().asRecord()), saved.items()));
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PrivateFiles.asAttribute(PrivateFiles.FILE));
      Files.write(tmp, yaml);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UserError("Cannot save the task " + target + " (" + e + "); check that the"
          + " folder is writable and the disk is not full.", e);
    }
  }

  /** The saved task with this id. */
  SavedTask get(String id) {
    Optional<SavedTask> saved =
        id != null && ID.matcher(id).matches() ? read(file(id)) : Optional.empty();
    return saved.orElseThrow(() -> new UserError(
        "There is no saved task " + id + " in this console; create it again."));
  }

  /** The saved tasks not started yet, newest first. */
  List<SavedTask> notStarted() {
    List<SavedTask> saved = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*.yaml")) {
      for (Path file : files) {
        read(file).filter(s -> s.startedAs() == null).ifPresent(saved::add);
      }
    } catch (NoSuchFileException e) {
      return saved;
    } catch (IOException e) {
      throw new UserError("Cannot list the saved tasks in " + dir + " (" + e + ").", e);
    }
    saved.sort(Comparator.comparing(SavedTask::savedAt).thenComparing(SavedTask::id).reversed());
    return saved;
  }

  private Path file(String id) {
    return dir.resolve(PREFIX + id + ".yaml");
  }

  private Optional<SavedTask> read(Path path) {
    byte[] yaml;
    try {
      yaml = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UserError("Cannot read the saved task " + path + " (" + e + ").", e);
    }
    try {
      Contents f = YAML.readValue(yaml, Contents.class);
      if (f.id() == null || !path.getFileName().toString().equals(PREFIX + f.id() + ".yaml")
          || f.savedAt() == null || f.task() == null || f.precheck() == null) {
        throw new IOException("its id, savedAt, task or precheck is missing or not its file's");
      }
      return Optional.of(new SavedTask(f.id(), f.savedAt(), RestoreTask.fromRecord(f.task()),
          f.precheck(), f.startedAs()));
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
          .orElse("");
      throw new UserError("The saved task " + path + " is not a task the console saved (" + why
          + "); move it out of " + dir + " to list the others.", e);
    }
  }
}
