package dev.dbrestore.pipelines.replay;

import dev.dbrestore.io.UserError;

/**
 * Why the captured log cannot take a restore to the chosen second, with which of the pre-check's
 * questions it answers: the second outside the window, a gap, a damaged segment, or a structure
 * statement that cannot be replayed.
 */
public final class LogRefusal extends UserError {
  private static final long serialVersionUID = 1L;

  /** The question the refusal answers. */
  public enum Reason {
    OUTSIDE_WINDOW,
    GAP,
    DAMAGED_SEGMENT,
    STATEMENT
  }

  private final Reason reason;

  LogRefusal(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  LogRefusal(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
