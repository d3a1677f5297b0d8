package dev.dbrestore.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Whether a file that holds or leads to a secret can be read by others than its owner. */
public final class FilePermissions {
  private FilePermissions() {}

  /**
   * A one-sentence warning when group or others may read {@code file} ({@code what} says what it
   * is, e.g. "password file"), or null when only its owner may, or the file system has no POSIX
   * modes, or the file cannot be read (reading it reports that).
   */
  public static String warnIfReadableByOthers(Path file, String what) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    boolean group = permissions.contains(PosixFilePermission.GROUP_READ);
    boolean others = permissions.contains(PosixFilePermission.OTHERS_READ);
    if (!group && !others) {
      return null;
    }
    return "The " + what + " " + file + " can be read by "
        + (group && others ? "its group and others" : group ? "its group" : "others")
        + "; make it private: chmod 600 " + file;
  }
}
