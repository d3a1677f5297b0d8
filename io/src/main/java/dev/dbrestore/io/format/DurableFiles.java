package dev.dbrestore.io.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
