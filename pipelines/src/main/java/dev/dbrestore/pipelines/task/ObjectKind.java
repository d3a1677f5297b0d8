package dev.dbrestore.pipelines.task;

/** The kinds of objects a task selects, as they are named in a task file. */
public enum ObjectKind {
  DATABASES("databases"),
  TABLES("tables"),
  VIEWS("views"),
  FUNCTIONS("functions"),
  PROCEDURES("procedures"),
  TRIGGERS("triggers"),
  EVENTS("events");

  private final String key;

  ObjectKind(String key) {
    this.key = key;
  }

  /** The key in a task file's include and exclude lists. */
  public String key() {
    return key;
  }

  public static ObjectKind ofKey(String key) {
    for (ObjectKind kind : values()) {
      if (kind.key.equals(key)) {
        return kind;
      }
    }
    return null;
  }
}
