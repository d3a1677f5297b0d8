package dev.dbrestore.pipelines;

import dev.dbrestore.io.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads a password from an environment variable or a file; never from a flag's value. */
public final class Passwords {
  private Passwords() {}

  /** The password, or null when neither source is given (an account without a password). */
  public static String resolve(String environmentVariable, String file) {
    if (environmentVariable != null && file != null) {
      throw new UserError("Give the password with --password-env or --password-file, not both.");
    }
    if (environmentVariable != null) {
      String value = System.getenv(environmentVariable);
      if (value == null) {
        throw new UserError(
            "The environment variable "
                + environmentVariable
                + " named by --password-env is not set; export it or use --password-file.");
      }
      return value;
    }
    if (file != null) {
      try {
        List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(0);
      } catch (NoSuchFileException e) {
        throw new UserError("The password file " + file + " does not exist; check --password-file.");
      } catch (IOException e) {
        throw new UserError("Cannot read the password file " + file + ": " + e.getMessage() + ".");
      }
    }
    return null;
  }
}
