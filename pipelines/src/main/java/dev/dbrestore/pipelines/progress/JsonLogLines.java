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
 * Standard error under {@code --progress=json}: every line written to it (log lines, warnings)
 * becomes {@code {"event":"log","message":...}}, so that each line is one JSON object.
 */
final class JsonLogLines extends OutputStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  JsonLogLines(PrintStream out) {
    this.out = out;
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
