package dev.dbrestore.io.format;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Makes the files dbrestore writes readable by their owner only (folders 0700, files 0600) where
 * they are on a local POSIX file system. Beam's local file system creates files with the
 * process's umask; other file systems keep their own access control and are left alone.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /** Restricts a file written through Beam's file systems to its owner, if it is local. */
  public static void restrict(ResourceId resource) throws IOException {
    Path path = localPath(resource);
    if (path != null) {
      restrict(path, FILE);
    }
  }

  /** Sets the permissions of a local file or folder, where the file system has POSIX modes. */
  public static void restrict(Path path, Set<PosixFilePermission> permissions)
      throws IOException {
    try {
      Files.setPosixFilePermissions(path, permissions);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): its own access control applies.
    }
  }

  /**
   * Creates a folder, and any missing parent, for its owner only; an existing folder is kept as
   * it is. Does nothing for a location that is not on the local file system.
   */
  public static void createFolder(ResourceId folder) throws IOException {
    Path path = localPath(folder);
    if (path != null) {
      createFolder(path);
    }
  }

  /** Creates a local folder, and any missing parent, for its owner only. */
  public static void createFolder(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return;
    }
    try {
      Files.createDirectories(path, asAttribute(FOLDER));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(path);
    } catch (FileSystemException e) {
      if (!Files.isDirectory(path)) {
        throw e;
      }
    }
  }

  /** The permissions as a file attribute for {@code Files.create*}. */
  public static FileAttribute<Set<PosixFilePermission>> asAttribute(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }

  static Path localPath(ResourceId resource) {
    if (!"file".equals(resource.getScheme())) {
      return null;
    }
    String spec = resource.toString();
    return spec.startsWith("file:") ? Path.of(java.net.URI.create(spec)) : Path.of(spec);
  }
}
