package dev.dbrestore.pipelines;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.PasswordSource;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a password from an environment variable or a file; never from a flag's value. */
public final class Passwords {
  private Passwords() {}

  /**
   * Where the password of --password-env or --password-file is, checked now that it can be read
   * here (so a mistake is one sentence before anything starts); only the reference is kept.
   */
  public static PasswordSource source(String environmentVariable, String file) {
    resolve(environmentVariable, file);
    return new PasswordSource(environmentVariable, file);
  }

  /** The password, or null when neither source is given (an account without a password). */
  public static String resolve(String environmentVariable, String file) {
    if (environmentVariable != null && file != null) {
      throw new UserError("Give the password with --password-env or --password-file, not both.");
    }
    // Checked here so the message names the flags.
    if (environmentVariable != null && System.getenv(environmentVariable) == null) {
      throw new UserError(
          "The environment variable "
              + environmentVariable
              + " named by --password-env is not set; export it or use --password-file.");
    }
    if (file != null && !Files.exists(Path.of(file))) {
      throw new UserError("The password file " + file + " does not exist; check --password-file.");
    }
    return new PasswordSource(environmentVariable, file).read();
  }
}
