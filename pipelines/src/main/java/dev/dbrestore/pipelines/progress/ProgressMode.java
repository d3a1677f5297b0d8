package dev.dbrestore.pipelines.progress;

import dev.dbrestore.pipelines.UsageError;
import java.util.Locale;

/** How progress is shown on standard error: {@code --progress=auto|plain|json|none}. */
public enum ProgressMode {
  /** One line redrawn in place when standard error is a terminal, else as {@link #PLAIN}. */
  AUTO,
  /** A line every few seconds and one when a stage ends, for logs. */
  PLAIN,
  /** One JSON object a line, at least one a second and one at every stage change. */
  JSON,
  /** Nothing on standard error; the task record still holds the figures. */
  NONE;

  /** The mode a user named, in any case; anything else is a usage error. */
  public static ProgressMode parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageError(
          "--progress takes auto, plain, json or none, not \"" + text + "\"; for example"
              + " --progress=plain.");
    }
  }
}
