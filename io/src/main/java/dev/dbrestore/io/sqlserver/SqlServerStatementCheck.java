package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.jdbc.StatementCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks T-SQL read from a backup set against what it claims to be, before any of it is run: a
 * column type is a known type with a length or precision, a default, computed column or check is
 * one expression and nothing else, and a view, function, procedure or trigger is one CREATE of
 * that kind and name (on its claimed table, for a trigger). Anything else is refused, never run.
 */
public final class SqlServerStatementCheck {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  private static final Pattern TYPE =
      Pattern.compile("([a-z0-9_]+)(\\((max|\\d{1,10})(,\\d{1,2})?\\))?");

  private static final Set<String> TYPES =
      Set.of(
          "bit", "tinyint", "smallint", "int", "bigint", "decimal", "numeric", "money",
          "smallmoney", "float", "real", "date", "time", "datetime", "datetime2",
          "smalldatetime", "datetimeoffset", "char", "varchar", "nchar", "nvarchar", "text",
          "ntext", "binary", "varbinary", "image", "uniqueidentifier", "xml", "sql_variant",
          "hierarchyid", "geography", "geometry", "rowversion", "timestamp", "sysname");

  private static final Pattern COLLATION = Pattern.compile("[A-Za-z0-9_]{1,128}");

  /**
   * Words no default, computed column or check has, each of which would make an expression a
   * statement, a query of other data or a call out of the database.
   */
  private static final Set<String> STATEMENT_WORDS =
      Set.of(
          "select", "insert", "update", "delete", "merge", "exec", "execute", "drop", "alter",
          "create", "grant", "revoke", "deny", "declare", "set", "use", "go", "truncate",
          "backup", "restore", "dbcc", "kill", "shutdown", "waitfor", "openrowset",
          "openquery", "opendatasource", "openxml", "into", "from", "bulk", "reconfigure",
          "begin", "commit", "rollback", "print", "raiserror", "throw", "return");

  /** The type, as checked: one of SQL Server's types with at most a length or precision. */
  public String checkType(String where, String type) {
    String spelled = type.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    var m = TYPE.matcher(spelled);
    if (!m.matches() || !TYPES.contains(m.group(1))) {
      throw new StatementCheck.Refused(
          "The backup set's " + where + " has the type " + type
              + ", which is not a SQL Server type this version restores; nothing was run.");
    }
    return spelled;
  }

  /** The collation, as checked: a name of letters, digits and underscores. */
  public String checkCollation(String where, String collation) {
    if (!COLLATION.matcher(collation).matches()) {
      throw new StatementCheck.Refused(
          "The backup set's " + where + " names the collation " + collation
              + ", which is no collation name; nothing was run.");
    }
    return collation;
  }

  /**
   * An expression, as checked: one parenthesised expression, as sys.* views print them (written
   * back as it is, so the server stores the same text again), of literals, quoted names,
   * operators, function calls and the words of CASE; no statement word, variable, temporary
   * name, comment or statement end.
   */
  public String checkExpression(String where, String expression) {
    List<Token> tokens = tokenize(where, expression, false);
    int depth = 0;
    for (Token t : tokens) {
      switch (t.kind) {
        case WORD -> {
          String word = t.text.toLowerCase(Locale.ROOT);
          if (STATEMENT_WORDS.contains(word) || word.startsWith("xp_")
              || word.startsWith("sp_")) {
            throw refused(where, expression, "it holds the word " + t.text);
          }
        }
        case PUNCT -> {
          if (t.text.equals("(")) {
            depth++;
          } else if (t.text.equals(")") && --depth < 0) {
            throw refused(where, expression, "its parentheses do not balance");
          } else if (t.text.equals(";")) {
            throw refused(where, expression, "it ends a statement");
          } else if (t.text.equals("@") || t.text.equals("#")) {
            throw refused(where, expression, "it names a variable or temporary object");
          }
        }
        default -> { }
      }
    }
    if (depth != 0) {
      throw refused(where, expression, "its parentheses do not balance");
    }
    if (!enclosedInOneParenthesis(tokens)) {
      throw refused(where, expression, "it is not one expression in parentheses");
    }
    return expression.strip();
  }

  /**
   * A view, function, procedure or trigger's definition, as checked: it starts with CREATE (or
   * CREATE OR ALTER) of the claimed kind and the claimed name, in the claimed schema or none; a
   * trigger is ON its claimed table; a view is one statement.
   */
  public String checkModule(
      StatementCheck.Kind kind, String where, String schema, String name, String table,
      String definition) {
    List<Token> tokens = tokenize(where, definition, true);
    int i = 0;
    if (!word(tokens, i++, "create")) {
      throw refused(where, definition, "it does not start with CREATE");
    }
    if (word(tokens, i, "or") && word(tokens, i + 1, "alter")) {
      i += 2;
    }
    boolean kindMatches = switch (kind) {
      case VIEW -> word(tokens, i, "view");
      case FUNCTION -> word(tokens, i, "function");
      case PROCEDURE -> word(tokens, i, "procedure") || word(tokens, i, "proc");
      case TRIGGER -> word(tokens, i, "trigger");
      default -> false;
    };
    if (!kindMatches) {
      throw refused(where, definition, "it does not create a " + kind.word().toLowerCase(Locale.ROOT));
    }
    i++;
    List<String> claimed = new ArrayList<>();
    i = name(tokens, i, claimed);
    if (!(claimed.size() == 1 && claimed.get(0).equals(name))
        && !(claimed.size() == 2 && claimed.get(0).equals(schema) && claimed.get(1).equals(name))) {
      throw refused(where, definition, "it creates " + String.join(".", claimed) + ", not "
          + schema + "." + name);
    }
    if (kind == StatementCheck.Kind.TRIGGER) {
      List<String> on = new ArrayList<>();
      if (!word(tokens, i, "on")) {
        throw refused(where, definition, "it is no table's trigger");
      }
      name(tokens, i + 1, on);
      String tableName = SqlServerSyntax.nameOf(table);
      String tableSchema = SqlServerSyntax.schemaOf(table);
      if (!(on.size() == 1 && on.get(0).equals(tableName))
          && !(on.size() == 2 && on.get(0).equals(tableSchema) && on.get(1).equals(tableName))) {
        throw refused(where, definition, "it is a trigger on " + String.join(".", on)
            + ", not on " + table);
      }
    }
    if (kind == StatementCheck.Kind.VIEW) {
      for (int j = i; j < tokens.size(); j++) {
        if (tokens.get(j).text.equals(";") && j != tokens.size() - 1) {
          throw refused(where, definition, "it holds a second statement");
        }
      }
    }
    return definition;
  }

  /** Whether the first token opens a parenthesis that the last token, and only it, closes. */
  private static boolean enclosedInOneParenthesis(List<Token> tokens) {
    if (tokens.isEmpty() || !tokens.get(0).text.equals("(")) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind == Kind.PUNCT && t.text.equals("(")) {
        depth++;
      } else if (t.kind == Kind.PUNCT && t.text.equals(")") && --depth == 0) {
        return i == tokens.size() - 1;
      }
    }
    return false;
  }

  private static boolean word(List<Token> tokens, int i, String word) {
    return i < tokens.size() && tokens.get(i).kind == Kind.WORD
        && tokens.get(i).text.equalsIgnoreCase(word);
  }

  /** Reads a one- or two-part name from {@code i}; returns the index after it. */
  private static int name(List<Token> tokens, int i, List<String> parts) {
    while (i < tokens.size()
        && (tokens.get(i).kind == Kind.WORD || tokens.get(i).kind == Kind.QUOTED_NAME)) {
      parts.add(tokens.get(i).value);
      i++;
      if (i < tokens.size() && tokens.get(i).text.equals(".")) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static StatementCheck.Refused refused(String where, String text, String why) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return new StatementCheck.Refused(
        "The backup set's " + where + " (" + shown.strip() + ") was refused: " + why
            + "; nothing was run.");
  }

  enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, PUNCT }

  /** A token: its kind, its text as written, and for names their unquoted value. */
  record Token(Kind kind, String text, String value) {}

  /** T-SQL tokens, skipping comments or refusing them; refuses unterminated quotes. */
  static List<Token> tokenize(String where, String text, boolean skipComments) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("--", i) || text.startsWith("/*", i)) {
        if (!skipComments) {
          throw refused(where, text, "it holds a comment");
        }
        boolean line = text.startsWith("--", i);
        int end = line ? text.indexOf('\n', i) : text.indexOf("*/", i + 2);
        if (end < 0 && !line) {
          throw refused(where, text, "a comment does not end");
        }
        i = end < 0 ? n : end + (line ? 1 : 2);
      } else if (c == '[' || c == '"') {
        char close = c == '[' ? ']' : '"';
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw refused(where, text, "a quoted name does not end");
          }
          if (text.charAt(j) == close) {
            if (j + 1 < n && text.charAt(j + 1) == close) {
              value.append(close);
              j += 2;
              continue;
            }
            break;
          }
          value.append(text.charAt(j++));
        }
        tokens.add(new Token(Kind.QUOTED_NAME, text.substring(i, j + 1), value.toString()));
        i = j + 1;
      } else if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < n && text.charAt(i + 1) == '\'')) {
        int j = text.charAt(i) == '\'' ? i + 1 : i + 2;
        while (true) {
          if (j >= n) {
            throw refused(where, text, "a string does not end");
          }
          if (text.charAt(j) == '\'') {
            if (j + 1 < n && text.charAt(j + 1) == '\'') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        tokens.add(new Token(Kind.STRING, text.substring(i, j + 1), null));
        i = j + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
            || text.charAt(j) == '$')) {
          j++;
        }
        String word = text.substring(i, j);
        tokens.add(new Token(Kind.WORD, word, word));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.')) {
          j++;
        }
        tokens.add(new Token(Kind.NUMBER, text.substring(i, j), null));
        i = j;
      } else {
        tokens.add(new Token(Kind.PUNCT, String.valueOf(c), null));
        i++;
      }
    }
    return tokens;
  }
}
