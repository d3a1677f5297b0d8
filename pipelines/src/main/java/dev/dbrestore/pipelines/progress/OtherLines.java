package dev.dbrestore.pipelines.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Standard error while progress is shown, line by line: under {@code --progress=json} every line
 * others write (log lines, warnings) becomes {@code {"event":"log","message":...}}, so that each
 * line is one JSON object; on a terminal the progress line is cleared for it and drawn again
 * below it, so a log line never lands in the middle of the progress.
 */
final class OtherLines extends OutputStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final boolean json;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  OtherLines(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void flush() {
    out.flush();
  }

  private void flushLine() {
    String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
    line.reset();
    if (!json) {
      synchronized (out) {
        out.print("\r\033[K" + text + "\n" + Renderer.Line.drawn());
        out.flush();
      }
      return;
    }
    if (text.isEmpty()) {
      return;
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", "log");
    event.put("message", text);
    try {
      out.println(JSON.writeValueAsString(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
