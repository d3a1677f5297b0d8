package dev.dbrestore.io;

/**
 * A failure the user must act on, carrying one plain sentence that names the thing and what
 * to do. The command line prints its message alone; other exceptions are bugs or surprises.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
