package dev.dbrestore.pipelines.task;

/** How restored events start: with the status they had at the source, or disabled. */
public enum EventStatus {
  /** As the backup has them, as a plain dump restores them: an enabled event runs once restored. */
  KEEP_STATUS("keep-status"),
  /** Every restored event is DISABLE: restored, but not running until someone enables it. */
  DISABLE("disable");

  private final String key;

  EventStatus(String key) {
    this.key = key;
  }

  /** The word in a task file and on the command line. */
  public String key() {
    return key;
  }
}
