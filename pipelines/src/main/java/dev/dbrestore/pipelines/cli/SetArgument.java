package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A backup set named on the command line as a folder or as a set id: an id is looked up in the
 * backup repository, narrowed by {@code --source} and {@code --backup-task} when given. A mixin
 * of the commands that read one set.
 */
final class SetArgument {
  @Option(names = "--source", paramLabel = "NAME",
      description = "With a set id: the source it belongs to, where the id alone is ambiguous.")
  String source;

  @Option(names = "--backup-task", paramLabel = "NAME",
      description = "With a set id: its backup task, where the id alone is ambiguous.")
  String backupTask;

  @Option(names = "--repository", paramLabel = "DIR",
      description = "The backup repository's root folder (default: backups/ in dbrestore's"
          + " home folder).")
  String repository;

  /** The set, opened: its manifest read and checked (a set without one is refused). */
  BackupSet open(String set) {
    return open(set, source, backupTask, repository);
  }

  /** The set's folder; an id found in no backup task, or in several, is refused in a sentence. */
  static String location(String set, String source, String backupTask, String repository) {
    if (source != null && backupTask != null) {
      return BackupRepository.at(repository).resolve(source, backupTask, set);
    }
    if (set.contains("/") || set.contains("\\") || Files.isDirectory(Path.of(set))) {
      return set;
    }
    BackupRepository backups = BackupRepository.at(repository);
    List<BackupSetInfo> found =
        backups.list(source).stream()
            .filter(info -> info.setId().equals(set))
            .filter(info -> backupTask == null || info.backupTask().equals(backupTask))
            .toList();
    if (found.isEmpty()) {
      throw new UserError("There is no folder " + set + ", and the backup repository at "
          + backups.root() + " holds no backup set of that id; give the set's folder, or an id"
          + " that `dbrestore backups list` shows.");
    }
    if (found.size() > 1) {
      throw new UserError("The set id " + set + " is in " + found.size() + " backup tasks ("
          + String.join(", ", found.stream()
              .map(info -> info.source() + "/" + info.backupTask()).toList())
          + "); say which with --source and --backup-task.");
    }
    BackupSetInfo info = found.get(0);
    return backups.resolve(info.source(), info.backupTask(), info.setId());
  }

  /** The set, opened: its manifest read and checked (a set without one is refused). */
  static BackupSet open(String set, String source, String backupTask, String repository) {
    return BackupSet.open(location(set, source, backupTask, repository));
  }
}
