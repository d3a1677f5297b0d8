package dev.dbrestore.io.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits MySQL/MariaDB text into tokens as the server's lexer does: quoted names, strings,
 * comments, and executable comments ({@code /*! ... *}{@code /}, {@code /*!50013 ...},
 * {@code /*M! ...}) whose content is code and comes out as code tokens between an open and a
 * close token. Text whose reading could differ from the server's is refused, not guessed.
 */
public final class MySqlTokenizer {
  /** What a token is. */
  public enum Type {
    /** An unquoted word: keyword, name or number. */
    WORD,
    /** A quoted name: {@code `...`}, or {@code "..."} under ANSI_QUOTES. */
    NAME,
    /** A string literal. */
    STRING,
    /** Any other character; {@code :=} is one symbol. */
    SYMBOL,
    /** A comment the server ignores: {@code /* *}{@code /}, {@code #}, {@code -- }. */
    COMMENT,
    /** The start of an executable comment, with its version if it has one. */
    CODE_OPEN,
    /** The end of an executable comment. */
    CODE_CLOSE
  }

  /**
   * One token: where it stands in the text, and its value (a name or string unquoted and
   * unescaped; a word as written). For CODE_OPEN, {@code version} holds the digits after
   * {@code /*!} (empty if none) and {@code mariaDbOnly} whether it was {@code /*M!}.
   */
  public record Token(Type type, int start, int end, String value, String version,
      boolean mariaDbOnly) {
    public boolean isWord(String word) {
      return type == Type.WORD && value.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
      return type == Type.SYMBOL && value.equals(symbol);
    }

    public boolean isCode() {
      return type != Type.COMMENT && type != Type.CODE_OPEN && type != Type.CODE_CLOSE;
    }

    /** The word in upper case, or null for other tokens. */
    public String upper() {
      return type == Type.WORD ? value.toUpperCase(Locale.ROOT) : null;
    }
  }

  /** Text the tokenizer will not read, with why. */
  public static final class Unreadable extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Unreadable(String why) {
      super(why);
    }
  }

  private final String sql;
  private final boolean ansiQuotes;
  private final boolean noBackslashEscapes;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private boolean inCode;

  private MySqlTokenizer(String sql, boolean ansiQuotes, boolean noBackslashEscapes) {
    this.sql = sql;
    this.ansiQuotes = ansiQuotes;
    this.noBackslashEscapes = noBackslashEscapes;
  }

  /**
   * The tokens of a text read under a sql_mode: ANSI_QUOTES (or a mode that includes it) makes
   * {@code "..."} a name, NO_BACKSLASH_ESCAPES makes a backslash an ordinary character.
   */
  public static List<Token> tokenize(String sql, String sqlMode) {
    return new MySqlTokenizer(sql, ansiQuotes(sqlMode), hasMode(sqlMode, "NO_BACKSLASH_ESCAPES"))
        .run();
  }

  static boolean ansiQuotes(String sqlMode) {
    for (String mode : new String[] {"ANSI_QUOTES", "ANSI", "DB2", "MAXDB", "MSSQL", "ORACLE",
        "POSTGRESQL"}) {
      if (hasMode(sqlMode, mode)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a sql_mode value holds the mode word. */
  public static boolean hasMode(String sqlMode, String mode) {
    if (sqlMode == null) {
      return false;
    }
    for (String part : sqlMode.split(",")) {
      if (part.strip().equalsIgnoreCase(mode)) {
        return true;
      }
    }
    return false;
  }

  private List<Token> run() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      int start = pos;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
        pos++;
      } else if (c == '`' || (c == '"' && ansiQuotes)) {
        add(Type.NAME, start, quotedName(c));
      } else if (c == '\'' || c == '"') {
        add(Type.STRING, start, string(c));
      } else if (c == '#' || (c == '-' && sql.startsWith("--", pos) && dashCommentAt(pos))) {
        if (inCode) {
          throw new Unreadable("a line comment inside an executable comment");
        }
        int newline = sql.indexOf('\n', pos);
        pos = newline < 0 ? sql.length() : newline + 1;
        add(Type.COMMENT, start, null);
      } else if (sql.startsWith("/*", pos)) {
        blockComment(start);
      } else if (c == '*' && inCode && sql.startsWith("*/", pos)) {
        pos += 2;
        inCode = false;
        add(Type.CODE_CLOSE, start, null);
      } else if (isWordChar(c)) {
        while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
          pos++;
        }
        add(Type.WORD, start, sql.substring(start, pos));
      } else if (c < ' ' || c == 0x7F) {
        throw new Unreadable("a control character (code " + (int) c + ") outside a string");
      } else if (c == ':' && sql.startsWith(":=", pos)) {
        pos += 2;
        add(Type.SYMBOL, start, ":=");
      } else {
        pos++;
        add(Type.SYMBOL, start, String.valueOf(c));
      }
    }
    if (inCode) {
      throw new Unreadable("an executable comment that is not closed");
    }
    return tokens;
  }

  /** {@code --} starts a comment only when a space, control character or the end follows. */
  private boolean dashCommentAt(int at) {
    return at + 2 >= sql.length() || sql.charAt(at + 2) <= ' ';
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '$' || c >= 0x80;
  }

  private void blockComment(int start) {
    boolean executable = sql.startsWith("/*!", pos) || sql.startsWith("/*M!", pos);
    if (inCode) {
      throw new Unreadable("a comment inside an executable comment");
    }
    if (!executable) {
      int close = sql.indexOf("*/", pos + 2);
      if (close < 0) {
        throw new Unreadable("a comment that is not closed");
      }
      int inner = sql.indexOf("/*", pos + 2);
      if (inner >= 0 && inner < close) {
        // Servers disagree on whether comments nest.
        throw new Unreadable("a comment inside a comment");
      }
      pos = close + 2;
      add(Type.COMMENT, start, null);
      return;
    }
    boolean maria = sql.charAt(pos + 2) == 'M';
    pos += maria ? 4 : 3;
    int digits = pos;
    while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
      pos++;
    }
    tokens.add(new Token(Type.CODE_OPEN, start, pos, null, sql.substring(digits, pos), maria));
    inCode = true;
  }

  private String quotedName(char quote) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= sql.length()) {
        throw new Unreadable("a quoted name that is not closed");
      }
      char c = sql.charAt(pos++);
      if (c == quote) {
        if (pos < sql.length() && sql.charAt(pos) == quote) {
          value.append(quote);
          pos++;
        } else {
          return value.toString();
        }
      } else {
        value.append(c);
      }
    }
  }

  private String string(char quote) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= sql.length()) {
        throw new Unreadable("a string that is not closed");
      }
      char c = sql.charAt(pos++);
      if (c == '\\' && !noBackslashEscapes) {
        if (pos >= sql.length()) {
          throw new Unreadable("a string that is not closed");
        }
        value.append(c).append(sql.charAt(pos++));
      } else if (c == quote) {
        if (pos < sql.length() && sql.charAt(pos) == quote) {
          value.append(quote);
          pos++;
        } else {
          return value.toString();
        }
      } else {
        if (inCode && c == '*' && pos < sql.length() && sql.charAt(pos) == '/') {
          // Where the server ends an executable comment inside a string is not worth guessing.
          throw new Unreadable("*/ inside a string inside an executable comment");
        }
        value.append(c);
      }
    }
  }

  private void add(Type type, int start, String value) {
    tokens.add(new Token(type, start, pos, value, null, false));
  }
}
