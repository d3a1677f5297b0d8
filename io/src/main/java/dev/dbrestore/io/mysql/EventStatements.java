package dev.dbrestore.io.mysql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status clause of a server-printed {@code SHOW CREATE EVENT} statement: {@code ON COMPLETION
 * [NOT] PRESERVE} followed by {@code ENABLE}, {@code DISABLE} or {@code DISABLE ON SLAVE}. The
 * clause is looked for with every quoted name and string blanked out (same length, so positions
 * hold), and the first one counts: the server prints it before the body, so neither a name nor
 * the body can pose as it.
 */
final class EventStatements {
  private static final Pattern STATUS =
      Pattern.compile(
          "\\bON\\s+COMPLETION\\s+(?:NOT\\s+)?PRESERVE\\s+(ENABLE|DISABLE\\s+ON\\s+SLAVE|DISABLE)\\b",
          Pattern.CASE_INSENSITIVE);

  private EventStatements() {}

  /** ENABLE, DISABLE or DISABLE ON SLAVE (upper case, single spaces), or null if not found. */
  static String status(String createEvent) {
    Matcher m = STATUS.matcher(masked(createEvent));
    return m.find() ? m.group(1).toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ") : null;
  }

  /** The statement with its status clause set to DISABLE; unchanged if no clause is found. */
  static String disabled(String createEvent) {
    Matcher m = STATUS.matcher(masked(createEvent));
    if (!m.find()) {
      return createEvent;
    }
    return createEvent.substring(0, m.start(1)) + "DISABLE" + createEvent.substring(m.end(1));
  }

  /** The text with the inside of every `name`, 'string' and "string" replaced by spaces. */
  static String masked(String sql) {
    StringBuilder out = new StringBuilder(sql);
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote == 0) {
        if (c == '`' || c == '\'' || c == '"') {
          quote = c;
        }
      } else if (c == '\\' && quote != '`' && i + 1 < sql.length()) {
        out.setCharAt(i, ' ');
        out.setCharAt(++i, ' ');
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          out.setCharAt(i, ' ');
          out.setCharAt(++i, ' ');
        } else {
          quote = 0;
        }
      } else {
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }
}
