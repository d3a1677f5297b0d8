package dev.dbrestore.pipelines.cli;

import picocli.CommandLine.Option;

/**
 * The account a command connects as and where its password is, never the password itself:
 * shared by every command that connects to a server.
 */
public final class ConnectionOptions {
  @Option(names = "--user", paramLabel = "USER",
      description = "The account to connect as (with a JDBC URL; a data source names its own).")
  String user;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Read the password from this environment variable.")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the password from the first line of this file.")
  String passwordFile;

  /** One line on standard error when others may read the password file. */
  void warnIfPasswordFileReadableByOthers() {
    FileWarnings.warnIfReadableByOthers("password file", passwordFile);
  }
}
