package dev.dbrestore.pipelines;

import dev.dbrestore.io.UserError;

/** A command given wrongly (a missing or invalid flag): the command line exits with 2. */
public final class UsageError extends UserError {
  private static final long serialVersionUID = 1L;

  public UsageError(String message) {
    super(message);
  }
}
