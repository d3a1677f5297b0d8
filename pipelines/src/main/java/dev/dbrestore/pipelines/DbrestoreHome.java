package dev.dbrestore.pipelines;

import java.nio.file.Path;

/**
 * The folder where dbrestore keeps its own files: data sources, task records, and the default
 * backup repository. The system property {@code dbrestore.home}, else the environment variable
 * {@code DBRESTORE_HOME}, else {@code ~/.dbrestore}.
 */
public final class DbrestoreHome {
  private DbrestoreHome() {}

  public static Path get() {
    String property = System.getProperty("dbrestore.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("DBRESTORE_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".dbrestore");
  }

  /** Default data-source file. */
  public static Path dataSources() {
    return get().resolve("datasources.yaml");
  }

  /** Folder of task records. */
  public static Path tasks() {
    return get().resolve("tasks");
  }

  /** Default backup repository root. */
  public static Path backups() {
    return get().resolve("backups");
  }
}
