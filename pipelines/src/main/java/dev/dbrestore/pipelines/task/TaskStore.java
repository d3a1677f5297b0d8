package dev.dbrestore.pipelines.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.PrivateFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The folder of task records, one {@code <id>.json} per restore task, each replaced atomically so
 * a crash never leaves half a record. A running task whose process is gone reads as interrupted.
 */
public final class TaskStore {
  static final String INTERRUPTED_ERROR = "the dbrestore process ended while the task was running";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final SecureRandom RANDOM = new SecureRandom();
  // A process that started after its task did cannot be the one that ran it: its pid was reused.
  private static final Duration START_TIME_SLACK = Duration.ofSeconds(2);

  private final Path dir;
  private final String host;

  private TaskStore(Path dir, String host) {
    this.dir = dir;
    this.host = host;
  }

  /** The task records in {@code dir} (normally {@code DbrestoreHome.tasks()}), creating it. */
  public static TaskStore open(Path dir) {
    try {
      // The home and the task folder for their owner only: records name servers and accounts.
      PrivateFiles.createFolder(dir);
    } catch (IOException e) {
      throw new UserError(
          "Cannot create the task record folder " + dir + " (" + e + "); make it writable or"
              + " set DBRESTORE_HOME to a writable folder.",
          e);
    }
    return new TaskStore(dir, LocalHost.NAME);
  }

  /** The folder the records are in. */
  public Path dir() {
    return dir;
  }

  /** Records a new task, running in this process from now, and saves it. */
  public TaskRecord start(String name, Map<String, Object> taskAsGiven) {
    return start(name, taskAsGiven, List.of());
  }

  /**
   * Records a new task, running in this process from now, with the task fields flags gave over
   * its task file, and saves it.
   */
  public TaskRecord start(
      String name, Map<String, Object> taskAsGiven, List<String> overriddenByFlags) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String id;
    do {
      id = String.format(Locale.ROOT, "r-%s-%04x", ID_TIME.format(now), RANDOM.nextInt(0x10000));
    } while (Files.exists(file(id)));
    TaskRecord record =
        new TaskRecord(
            id, name, taskAsGiven, TaskState.RUNNING, now.toString(), null, Map.of(), null,
            List.of(), null, ProcessHandle.current().pid(), host, overriddenByFlags, null, Map.of());
    save(record);
    return record;
  }

  /** Replaces the task's record on disk, all at once. */
  public synchronized void save(TaskRecord r) {
    Path target = file(r.id());
    Path tmp = dir.resolve(r.id() + ".json.tmp");
    try {
      byte[] json = JSON.writeValueAsBytes(r);
      try (FileChannel out =
          FileChannel.open(
              tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(json);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        // On disk before the rename, so a machine crash cannot leave a renamed empty file.
        out.force(true);
      }
      PrivateFiles.restrict(tmp, PrivateFiles.FILE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UserError(
          "Cannot save the task record " + target + " (" + e + "); check that the folder is"
              + " writable and the disk is not full.",
          e);
    }
  }

  /** Every task record, newest first; running tasks whose process is gone read as interrupted. */
  public List<TaskRecord> list() {
    List<TaskRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        // A record saved between listing and reading is still whole: only renames replace files.
        read(file).ifPresent(r -> records.add(checkAlive(r)));
      }
    } catch (IOException e) {
      throw new UserError("Cannot list the task records in " + dir + " (" + e + ").", e);
    }
    records.sort(
        Comparator.comparing((TaskRecord r) -> instant(r.startTime()))
            .thenComparing(TaskRecord::id)
            .reversed());
    return records;
  }

  /** The task record with this id; a running task whose process is gone reads as interrupted. */
  public TaskRecord get(String id) {
    Optional<TaskRecord> record =
        id != null && ID.matcher(id).matches() ? read(file(id)) : Optional.empty();
    return checkAlive(
        record.orElseThrow(
            () ->
                new UserError(
                    "There is no restore task with id " + id + "; see dbrestore tasks list.")));
  }

  private Path file(String id) {
    return dir.resolve(id + ".json");
  }

  private Optional<TaskRecord> read(Path file) {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UserError("Cannot read the task record " + file + " (" + e + ").", e);
    }
    try {
      return Optional.of(JSON.readValue(json, TaskRecord.class));
    } catch (IOException e) {
      throw new UserError(
          "The task record " + file + " is not a task record ("
              + e.getMessage().lines().findFirst().orElse("") + "); move it out of " + dir
              + " to list the others.",
          e);
    }
  }

  /** The record as it stands: a running task of this host whose process is gone is interrupted. */
  private TaskRecord checkAlive(TaskRecord r) {
    if (r.state() != TaskState.RUNNING || !host.equals(r.host()) || isRunning(r)) {
      return r;
    }
    TaskRecord interrupted = r.withState(TaskState.INTERRUPTED).withError(INTERRUPTED_ERROR);
    try {
      save(interrupted);
    } catch (UserError e) {
      // Reported right even when not saved: a read-only folder, or another dbrestore saving it.
    }
    return interrupted;
  }

  private static boolean isRunning(TaskRecord r) {
    Optional<ProcessHandle> process = ProcessHandle.of(r.pid());
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    Optional<Instant> processStart = process.get().info().startInstant();
    Instant taskStart = instant(r.startTime());
    return processStart.isEmpty()
        || taskStart.equals(Instant.MIN)
        || !processStart.get().isAfter(taskStart.plus(START_TIME_SLACK));
  }

  private static Instant instant(String isoInstant) {
    try {
      return isoInstant == null ? Instant.MIN : Instant.parse(isoInstant);
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }

  /** This machine's name, looked up once: the lookup may wait on DNS. */
  private static final class LocalHost {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
      }
    }
  }
}
