package dev.dbrestore.pipelines;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.JdbcChunkSink;

/** Finds, in a failure's chain of causes, the one to tell the user, and its sentence. */
public final class Failures {
  private Failures() {}

  /** A user error or chunk failure anywhere in the chain, else the root cause. */
  public static Throwable reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UserError) {
        return t;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JdbcChunkSink.ChunkWriteException) {
        return t;
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** The sentence for the user. */
  public static String message(Throwable failure) {
    Throwable reason = reason(failure);
    if (reason instanceof UserError || reason instanceof JdbcChunkSink.ChunkWriteException) {
      return reason.getMessage();
    }
    String text = reason.getMessage() == null ? "" : reason.getMessage().lines().findFirst().orElse("");
    return reason.getClass().getSimpleName() + (text.isEmpty() ? "" : ": " + text);
  }
}
