package dev.dbrestore.pipelines.task;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.PasswordSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named server from the data-source file: its kind (one of {@link
 * dev.dbrestore.io.jdbc.Dialects#dataSourceKinds()}), JDBC URL, user, and where its password is
 * (an environment variable or a file), never the password itself.
 */
public record DataSource(
    String name, String kind, String url, String user, String passwordEnv, String passwordFile) {

  /** The password, read now from its environment variable or file; null when neither is given. */
  public String password() {
    return passwordSource().read();
  }

  /**
   * Where the password is, checked now that it can be read here; the reference, not the
   * password, is what connections carry to the workers.
   */
  public PasswordSource passwordSource() {
    // Checked here so the message names the data source, not the command-line flags.
    if (passwordEnv != null && System.getenv(passwordEnv) == null) {
      throw new UserError(
          "The environment variable "
              + passwordEnv
              + " named by passwordEnv of the data source "
              + name
              + " is not set; export it before running dbrestore.");
    }
    if (passwordFile != null && !Files.exists(Path.of(passwordFile))) {
      throw new UserError(
          "The password file "
              + passwordFile
              + " named by passwordFile of the data source "
              + name
              + " does not exist.");
    }
    PasswordSource source = new PasswordSource(passwordEnv, passwordFile);
    source.read();
    return source;
  }
}
