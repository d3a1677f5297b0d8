package dev.dbrestore.io.format;

import dev.dbrestore.io.AtATime;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Makes files written through Beam's file systems durable before anything points at them. On the
 * local file system a closed file may still be only in the page cache, so a crash could keep a
 * manifest and lose the chunks it lists; object stores hold a file once its upload completes.
 */
public final class DurableFiles {
  private DurableFiles() {}

  /** Flushes a local file's data to its disk (fsync); does nothing for other file systems. */
  public static void sync(ResourceId file) throws IOException {
    Path path = PrivateFiles.localPath(file);
    if (path != null) {
      sync(path);
    }
  }

  /**
   * Flushes local files to their disk, many at a time: the file system then writes the metadata
   * of several in one journal commit, where one sync after another pays a commit each (1,000
   * files of 1 KB: 0.14 to 0.19 s on 2 threads, 0.03 to 0.07 s on 32, on this machine kind).
   * Does nothing for files on other file systems.
   */
  public static void syncAll(List<ResourceId> files) {
    List<Callable<Void>> syncs = new ArrayList<>();
    for (ResourceId file : files) {
      Path path = PrivateFiles.localPath(file);
      if (path != null) {
        syncs.add(() -> {
          sync(path);
          return null;
        });
      }
    }
    AtATime.run(SYNC_THREADS, syncs, "Syncing the backup set's files to disk");
  }

  /** Syncs waiting on the disk, not on a core: more at a time than there are cores. */
  private static final int SYNC_THREADS = 32;

  /** Flushes a local file's data to its disk (fsync). */
  public static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Flushes a local folder's entries (the files created or renamed in it) to its disk, and the
   * folder's own entry in the folder above it (a backup creates its set's folder); does nothing
   * for other file systems, nor where the file system cannot sync a folder.
   */
  public static void syncFolder(ResourceId folder) throws IOException {
    Path path = PrivateFiles.localPath(folder);
    if (path != null) {
      Path absolute = path.toAbsolutePath();
      syncFolder(absolute);
      if (absolute.getParent() != null) {
        syncFolder(absolute.getParent());
      }
    }
  }

  /**
   * Flushes a local folder's entries to its disk; does nothing where the file system cannot
   * sync a folder.
   */
  public static void syncFolder(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException notSupported) {
      // Some file systems cannot sync a folder; what was written is still synced file by file.
    }
  }
}
