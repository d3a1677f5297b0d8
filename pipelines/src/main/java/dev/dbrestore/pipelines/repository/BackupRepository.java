package dev.dbrestore.pipelines.repository;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.pipelines.DbrestoreHome;
import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A backup repository: a root folder holding backup sets as
 * {@code <source>/<backup task>/<backup set>/}, where the backup set folder's name is its set id,
 * and each source's captured log in {@code <source>/binlog/}. A set folder with
 * {@code manifest.json} is complete; one without is an unfinished or failed backup. The root is a
 * local folder or a prefix on an object store ({@code s3://bucket/backups}).
 */
public final class BackupRepository {
  private final StorageFolder folder;
  private final Path root;

  private BackupRepository(StorageFolder folder) {
    this.folder = folder;
    this.root = folder.onObjectStore() ? null : folder.path();
  }

  /** The repository at {@code root}, or the default one in dbrestore's home folder when null. */
  public static BackupRepository at(String root) {
    if (root == null) {
      return new BackupRepository(StorageFolder.at(DbrestoreHome.backups().toString()));
    }
    StorageFolder folder = StorageFolder.at(root);
    if (folder.onObjectStore()) {
      try {
        FileSystems.matchNewResource(folder.location(), true);
      } catch (IllegalArgumentException unknownScheme) {
        throw new UserError("The backup repository " + root + " is on a file system this"
            + " dbrestore cannot reach; give a local folder or an s3:// location.");
      }
    }
    return new BackupRepository(folder);
  }

  /** The root's location: a local path or an object store URL. */
  public String root() {
    return folder.location();
  }

  /** The folder of a source's captured log. */
  public StorageFolder logFolder(String source) {
    return folder.child(checkName("source name", source)).child(LogManifest.FOLDER);
  }

  /** The folder a new backup set of this source and backup task is written to. */
  public String setLocation(String source, String backupTask, String setId) {
    return folder.child(checkName("source name", source))
        .child(checkName("backup task", backupTask)).child(checkName("set id", setId)).location();
  }

  /**
   * The folder of an existing backup set; refuses with one sentence naming the first of source,
   * backup task or set that the repository does not hold.
   */
  public String resolve(String source, String backupTask, String setId) {
    if (root == null) {
      return resolveOnObjectStore(source, backupTask, setId);
    }
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
    if (root == null) {
      return sorted(listObjectStore(sourceOrNull));
    }
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
    return sorted(sets);
  }

  private static List<BackupSetInfo> sorted(List<BackupSetInfo> sets) {
    sets.sort(
        Comparator.comparing(BackupSetInfo::source)
            .thenComparing(BackupSetInfo::backupTask)
            .thenComparing(BackupSetInfo::setId));
    return sets;
  }

  /**
   * The sets on an object store, from one listing: a set is the objects under
   * {@code <source>/<task>/<set>/}; the log's objects ({@code <source>/binlog/<file>}) are one
   * level shallower and so never taken for a set.
   */
  private List<BackupSetInfo> listObjectStore(String sourceOrNull) {
    StorageFolder base = sourceOrNull == null
        ? folder : folder.child(checkName("source name", sourceOrNull));
    Map<String, Long> files;
    try {
      files = base.filesBelow();
    } catch (IOException e) {
      throw cannotList(base.location(), e);
    }
    Map<List<String>, long[]> sets = new LinkedHashMap<>();
    Map<List<String>, Boolean> withManifest = new LinkedHashMap<>();
    int depth = sourceOrNull == null ? 3 : 2;
    files.forEach((name, size) -> {
      String[] parts = name.split("/");
      if (parts.length <= depth) {
        return;
      }
      List<String> key = new ArrayList<>(List.of(parts).subList(0, depth));
      if (sourceOrNull != null) {
        key.add(0, sourceOrNull);
      }
      sets.computeIfAbsent(key, k -> new long[1])[0] += size;
      if (parts.length == depth + 1 && parts[depth].equals(Manifest.FILE_NAME)) {
        withManifest.put(key, true);
      }
    });
    List<BackupSetInfo> out = new ArrayList<>();
    sets.forEach((key, bytes) -> {
      String location = folder.child(key.get(0)).child(key.get(1)).child(key.get(2)).location();
      BackupSetInfo complete = withManifest.containsKey(key)
          ? fromManifest(key.get(0), key.get(1), key.get(2), location) : null;
      out.add(complete != null ? complete
          : new BackupSetInfo(key.get(0), key.get(1), key.get(2), null, bytes[0], -1, false));
    });
    return out;
  }

  private String resolveOnObjectStore(String source, String backupTask, String setId) {
    checkName("source name", source);
    checkName("backup task", backupTask);
    checkName("set id", setId);
    List<BackupSetInfo> sets = listObjectStore(source);
    if (sets.isEmpty()) {
      throw new UserError("The backup repository at " + root() + " holds no backups of the"
          + " source " + source + "; `dbrestore backups list` shows what it holds.");
    }
    if (sets.stream().noneMatch(s -> s.backupTask().equals(backupTask))) {
      throw new UserError("The backup repository at " + root() + " has no backup task "
          + backupTask + " for the source " + source + "; `dbrestore backups list --source "
          + source + "` shows its backup tasks.");
    }
    if (sets.stream().noneMatch(s -> s.backupTask().equals(backupTask)
        && s.setId().equals(setId))) {
      throw new UserError("The backup task " + backupTask + " of the source " + source
          + " has no backup set " + setId + " in the backup repository at " + root()
          + "; `dbrestore backups list --source " + source + "` shows its backup sets.");
    }
    return setLocation(source, backupTask, setId);
  }

  /** A complete set's line, or null when its manifest is refused or malformed. */
  private static BackupSetInfo fromManifest(
      String sourceName, String taskName, String setId, String location) {
    try {
      Manifest manifest = BackupSet.open(location).manifest();
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
      return null;
    }
  }

  private BackupSetInfo describe(Path source, Path task, Path set) {
    String sourceName = name(source);
    String taskName = name(task);
    String setId = name(set);
    if (Files.exists(set.resolve(Manifest.FILE_NAME))) {
      BackupSetInfo complete = fromManifest(sourceName, taskName, setId, set.toString());
      if (complete != null) {
        return complete;
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

  private UserError cannotList(Object folder, IOException e) {
    return new UserError(
        "Cannot list the folder " + folder + " of the backup repository at " + root() + ": " + e
            + ".",
        e);
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
