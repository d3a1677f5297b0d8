package dev.dbrestore.pipelines.progress;

/** Where a stage's figures come from: asked once a tick what is done so far. */
@FunctionalInterface
public interface ProgressSource {
  /** Rows and bytes done so far; a failure is skipped until the next tick. */
  Done poll() throws Exception;

  /** Rows and bytes done. */
  record Done(long rows, long bytes) {
    public static final Done NOTHING = new Done(0, 0);
  }
}
