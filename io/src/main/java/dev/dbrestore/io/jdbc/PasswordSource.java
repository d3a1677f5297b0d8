package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a password is: an environment variable or a file (its first line), never the password
 * itself. This is what travels with a pipeline's functions, so a serialized job graph holds at
 * most the variable's name or the file's path; each worker reads the password where it runs.
 */
public record PasswordSource(String environmentVariable, String file) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No password: an account that has none. */
  public static final PasswordSource NONE = new PasswordSource(null, null);

  public PasswordSource {
    if (environmentVariable != null && file != null) {
      throw new UserError("Give the password with --password-env or --password-file, not both.");
    }
  }

  public static PasswordSource environment(String variable) {
    return new PasswordSource(variable, null);
  }

  public static PasswordSource file(String path) {
    return new PasswordSource(null, path);
  }

  public boolean isNone() {
    return environmentVariable == null && file == null;
  }

  /** The password read now, in this process; null for {@link #NONE}. */
  public String read() {
    if (environmentVariable != null) {
      String value = System.getenv(environmentVariable);
      if (value == null) {
        throw new UserError(
            "The environment variable "
                + environmentVariable
                + " that holds the password is not set in this process"
                + " (on a cluster: on every worker); export it, or use a password file.");
      }
      return value;
    }
    if (file != null) {
      try {
        List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(0);
      } catch (NoSuchFileException e) {
        throw new UserError(
            "The password file " + file + " does not exist here (on a cluster: on every worker);"
                + " create it or name another one.");
      } catch (IOException e) {
        throw new UserError("Cannot read the password file " + file + ": " + e.getMessage() + ".");
      }
    }
    return null;
  }

  /** Where the password comes from, for messages: never the password. */
  @Override
  public String toString() {
    return environmentVariable != null
        ? "environment variable " + environmentVariable
        : file != null ? "file " + file : "no password";
  }
}
