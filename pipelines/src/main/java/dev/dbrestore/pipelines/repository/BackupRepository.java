package dev.dbrestore.pipelines.repository;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.DbrestoreHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A backup repository: a local root folder holding backup sets as
 * {@code <source>/<backup task>/<backup set>/}, where the backup set folder's name is its set id.
 * A set folder with {@code manifest.json} is complete; one without is an unfinished or failed
 * backup.
 */
public final class BackupRepository {
  private final Path root;

  private BackupRepository(Path root) {
    this.root = root;
  }

  /** The repository at {@code root}, or the default one in dbrestore's home folder when null. */
  public static BackupRepository at(String root) {
    if (root == null) {
      return new BackupRepository(DbrestoreHome.backups().toAbsolutePath());
    }
    if (root.contains("://")) {
      // Listing walks folders, which object stores do not have; --output takes any file system.
      throw new UserError(
          "The backup repository "
              + root
              + " is not a local folder; a repository must be on local disk (give --output for"
              + " other file systems).");
    }
    return new BackupRepository(Path.of(root).toAbsolutePath());
  }

  public Path root() {
    return root;
  }

  /** The folder a new backup set of this source and backup task is written to. */
  public String setLocation(String source, String backupTask, String setId) {
    return setFolder(source, backupTask, setId).toString();
  }

  /**
   * The folder of an existing backup set; refuses with one sentence naming the first of source,
   * backup task or set that the repository does not hold.
   */
  public String resolve(String source, String backupTask, String setId) {
    Path sourceFolder = root.resolve(checkName("source name", source));
    if (!Files.isDirectory(sourceFolder)) {
      throw new UserError(
          "The backup repository at "
              + root
              + " holds no backups of the source "
              + source
              + "; `dbrestore backups list` shows what it holds.");
    }
    Path taskFolder = sourceFolder.resolve(checkName("backup task", backupTask));
    if (!Files.isDirectory(taskFolder)) {
      throw new UserError(
          "The backup repository at "
              + root
              + " has no backup task "
              + backupTask
              + " for the source "
              + source
              + "; `dbrestore backups list --source "
              + source
              + "` shows its backup tasks.");
    }
    Path setFolder = taskFolder.resolve(checkName("set id", setId));
    if (!Files.isDirectory(setFolder)) {
      throw new UserError(
          "The backup task "
              + backupTask
              + " of the source "
              + source
              + " has no backup set "
              + setId
              + " in the backup repository at "
              + root
              + "; `dbrestore backups list --source "
              + source
              + "` shows its backup sets.");
    }
    return setFolder.toString();
  }

  /**
   * Every backup set in the repository, or of one source, sorted by source, backup task and set
   * id. A set whose manifest cannot be read is listed as not complete rather than failing the
   * listing.
   */
  public List<BackupSetInfo> list(String sourceOrNull) {
    List<BackupSetInfo> sets = new ArrayList<>();
    List<Path> sources =
        sourceOrNull == null
            ? folders(root)
            : Stream.of(root.resolve(checkName("source name", sourceOrNull)))
                .filter(Files::isDirectory)
                .toList();
    for (Path source : sources) {
      for (Path task : folders(source)) {
        for (Path set : folders(task)) {
          sets.add(describe(source, task, set));
        }
      }
    }
    sets.sort(
        Comparator.comparing(BackupSetInfo::source)
            .thenComparing(BackupSetInfo::backupTask)
            .thenComparing(BackupSetInfo::setId));
    return sets;
  }

  private BackupSetInfo describe(Path source, Path task, Path set) {
    String sourceName = name(source);
    String taskName = name(task);
    String setId = name(set);
    if (Files.exists(set.resolve(Manifest.FILE_NAME))) {
      try {
        Manifest manifest = BackupSet.open(set.toString()).manifest();
        long bytes = 0;
        int tables = 0;
        for (Manifest.Database db : manifest.databases()) {
          tables += db.tables().size();
          for (Manifest.Table table : db.tables()) {
            bytes += table.chunks().stream().mapToLong(Manifest.Chunk::bytes).sum();
          }
        }
        return new BackupSetInfo(
            sourceName, taskName, setId, manifest.startTime(), bytes, tables, true);
      } catch (RuntimeException damaged) {
        // A refused or malformed manifest (missing fields fail as NPE): listed as not complete.
      }
    }
    return new BackupSetInfo(sourceName, taskName, setId, null, fileBytes(set), -1, false);
  }

  private long fileBytes(Path set) {
    try (Stream<Path> files = Files.list(set)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0; // Removed while listing.
                }
              })
          .sum();
    } catch (IOException e) {
      throw cannotList(set, e);
    }
  }

  /** The sub-folders of a folder; none when it does not exist. */
  private List<Path> folders(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(folder)) {
      return children.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw cannotList(folder, e);
    }
  }

  private UserError cannotList(Path folder, IOException e) {
    return new UserError(
        "Cannot list the folder " + folder + " of the backup repository at " + root + ": " + e
            + ".",
        e);
  }

  private Path setFolder(String source, String backupTask, String setId) {
    return root.resolve(checkName("source name", source))
        .resolve(checkName("backup task", backupTask))
        .resolve(checkName("set id", setId));
  }

  /** A name that becomes one folder of the repository: never a path, never empty. */
  static String checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new UserError("The " + what + " is empty; give a name.");
    }
    if (name.equals(".")
        || name.equals("..")
        || name.contains("/")
        || name.contains("\\")
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new UserError(
          "The "
              + what
              + " '"
              + name
              + "' cannot be a folder name in the backup repository: a name must not be . or ..,"
              + " nor hold /, \\ or a control character.");
    }
    return name;
  }

  private static String name(Path folder) {
    return folder.getFileName().toString();
  }
}
