package dev.dbrestore.pipelines.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;

/** Shows a stage's figures on standard error, in one of the {@link ProgressMode}s. */
abstract class Renderer {
  final PrintStream out;

  Renderer(PrintStream out) {
    this.out = out;
  }

  /** How often the figures are shown while a stage runs. */
  abstract long everyMillis();

  /** Shows the figures while the stage runs; {@code first} when the stage has just started. */
  abstract void show(Figures figures, boolean first);

  /** Shows the stage's last figures. */
  abstract void ended(Figures figures);

  static Renderer of(ProgressMode mode, PrintStream out) {
    return switch (mode) {
      case AUTO -> Terminal.isTerminal() ? new Line(out, Terminal.columns()) : new Plain(out);
      case PLAIN -> new Plain(out);
      case JSON -> new Json(out);
      case NONE -> null;
    };
  }

  /** One line redrawn in place: carriage return, the figures, clear to the end of the line. */
  static final class Line extends Renderer {
    /** The progress line now on screen, drawn again below a log line; empty when none is. */
    private static volatile String drawn = "";

    private final int width;

    Line(PrintStream out, int columns) {
      super(out);
      // One column short of the width: a line that fills it wraps on some terminals.
      this.width = Math.max(20, columns - 1);
    }

    @Override
    long everyMillis() {
      return 500;
    }

    static String drawn() {
      return drawn;
    }

    @Override
    void show(Figures figures, boolean first) {
      String line = figures.toLine();
      synchronized (out) {
        drawn = "\r" + (line.length() > width ? line.substring(0, width) : line) + "\033[K";
        out.print(drawn);
        out.flush();
      }
    }

    @Override
    void ended(Figures figures) {
      show(figures, false);
      synchronized (out) {
        drawn = "";
        out.print("\n"); // the stage's last figures stay on screen, the next stage draws below
        out.flush();
      }
    }
  }

  /** A line every five seconds and one when the stage ends, for a log or a pipe. */
  static final class Plain extends Renderer {
    Plain(PrintStream out) {
      super(out);
    }

    @Override
    long everyMillis() {
      return 5000;
    }

    @Override
    void show(Figures figures, boolean first) {
      out.println(figures.toLine());
      out.flush();
    }

    @Override
    void ended(Figures figures) {
      out.println(figures.toLine() + " (done)");
      out.flush();
    }
  }

  /** One JSON progress event a line, at least one a second and one at every stage change. */
  static final class Json extends Renderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    Json(PrintStream out) {
      super(out);
    }

    @Override
    long everyMillis() {
      return 700; // every third tick (750 ms) and the poll's time: at least once a second
    }

    @Override
    void show(Figures figures, boolean first) {
      try {
        out.println(JSON.writeValueAsString(figures.asEvent()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      out.flush();
    }

    @Override
    void ended(Figures figures) {
      show(figures, false);
    }
  }
}
