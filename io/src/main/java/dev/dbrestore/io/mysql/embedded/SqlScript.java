package dev.dbrestore.io.mysql.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an SQL script the way the mariadb client does: statements end at the current
 * delimiter outside quotes and comments, and {@code DELIMITER x} lines change it.
 */
public final class SqlScript {
  private SqlScript() {}

  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    String delimiter = ";";
    int i = 0;
    int n = script.length();
    boolean lineStart = true;
    while (i < n) {
      if (lineStart) {
        int end = script.indexOf('\n', i);
        String line = script.substring(i, end < 0 ? n : end).strip();
        if (line.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
          flush(current, statements);
          delimiter = line.substring("DELIMITER ".length()).strip();
          i = end < 0 ? n : end + 1;
          continue;
        }
      }
      char c = script.charAt(i);
      lineStart = false;
      if (c == '\'' || c == '"' || c == '`') {
        int start = i++;
        while (i < n && script.charAt(i) != c) {
          if (script.charAt(i) == '\\' && c != '`') {
            i++;
          }
          i++;
        }
        current.append(script, start, Math.min(i + 1, n));
        i++;
      } else if (c == '#' || (c == '-' && script.startsWith("-- ", i))) {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c == '/' && script.startsWith("/*", i) && !script.startsWith("/*!", i)) {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (script.startsWith(delimiter, i)) {
        flush(current, statements);
        i += delimiter.length();
      } else {
        current.append(c);
        lineStart = c == '\n';
        i++;
      }
    }
    flush(current, statements);
    return statements;
  }

  private static void flush(StringBuilder current, List<String> statements) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }
}
