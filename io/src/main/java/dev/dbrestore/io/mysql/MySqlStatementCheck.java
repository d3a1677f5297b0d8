package dev.dbrestore.io.mysql;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.StatementCheck.Kind;
import dev.dbrestore.io.jdbc.StatementCheck.Refused;
import dev.dbrestore.io.jdbc.StatementCheck.Target;
import dev.dbrestore.io.mysql.MySqlTokenizer.Token;
import dev.dbrestore.io.mysql.MySqlTokenizer.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL and MariaDB grammar for checking a statement from a backup set against the entry that holds it: exactly one CREATE of
 * the entry's kind, naming the entry's object in its database; for tables no copy of a query or
 * another table, no DATA/INDEX DIRECTORY and an allowed engine; no DEFINER clause left. A backup
 * set is data: whatever else a statement holds is refused, never run.
 */
public final class MySqlStatementCheck {
  /**
   * Character sets a session may read statements in: those where every byte below 0x80 is the
   * ASCII character. (In big5, cp932, gbk, sjis or gb18030 a quote or backslash can be the
   * second byte of a character, so the server would read a string's end elsewhere than here.)
   */
  private static final Set<String> SAFE_CLIENT_CHARSETS =
      Set.of("utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary", "latin2", "latin5",
          "latin7", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866", "koi8r",
          "koi8u", "greek", "hebrew", "tis620", "armscii8", "dec8", "geostd8", "hp8", "keybcs2",
          "macce", "macroman", "eucjpms", "euckr", "gb2312", "ujis");

  private MySqlStatementCheck() {}

  // ---- DEFINER ------------------------------------------------------------------------------

  /**
   * The statement with every DEFINER=... clause removed, also inside executable comments
   * ({@code /*!50017 DEFINER=`u`@`h`*}{@code /}). A clause split across comments is left in
   * place, and the check refuses the statement.
   */
  public static String withoutDefiner(String sql, String sqlMode) {
    List<Token> tokens;
    try {
      tokens = MySqlTokenizer.tokenize(sql, sqlMode);
    } catch (MySqlTokenizer.Unreadable e) {
      return sql;
    }
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      int end = definerClauseEnd(tokens, i);
      if (end < 0) {
        continue;
      }
      int from = tokens.get(i).start();
      if (from > copied && Character.isWhitespace(sql.charAt(from - 1))) {
        from--;
      }
      out.append(sql, copied, from);
      copied = tokens.get(end).end();
      i = end;
    }
    return out.append(sql.substring(copied)).toString();
  }

  /** The index of the clause's last token if a DEFINER clause starts at i, else -1. */
  private static int definerClauseEnd(List<Token> t, int i) {
    if (!t.get(i).isWord("DEFINER") || i + 2 >= t.size() || !t.get(i + 1).isSymbol("=")) {
      return -1;
    }
    int k = i + 2;
    if (t.get(k).isWord("CURRENT_USER")) {
      if (k + 2 < t.size() && t.get(k + 1).isSymbol("(") && t.get(k + 2).isSymbol(")")) {
        return k + 2;
      }
      return k;
    }
    if (!isAccountPart(t.get(k))) {
      return -1;
    }
    if (k + 2 < t.size() && t.get(k + 1).isSymbol("@") && isAccountPart(t.get(k + 2))) {
      return k + 2;
    }
    return k;
  }

  private static boolean isAccountPart(Token t) {
    return t.type() == Type.WORD || t.type() == Type.NAME || t.type() == Type.STRING;
  }

  // ---- Tables and their deferred indexes ------------------------------------------------------

  /**
   * Checks a CREATE TABLE statement as it will run in {@code database}: one statement, creating
   * exactly {@code table}, with its columns given (no copy of a query or another table), no
   * DATA or INDEX DIRECTORY, and only allowed engines the target has.
   */
  public static CheckedStatement table(
      String entry, String where, String sql, String database, String table, String sqlMode,
      Target target) {
    Check c = new Check(entry, where, sql, sqlMode, target);
    c.noStatementSeparator();
    c.noDefinerClause();
    c.header(Kind.TABLE);
    c.name(database, table, target.foldTableNames(), "table");
    for (int i = 0; i < c.code.size(); i++) {
      Token t = c.code.get(i);
      if (t.isWord("SELECT")) {
        throw c.refuse("holds a SELECT: a table is created from its columns, never from a query");
      }
      if (t.isWord("DIRECTORY")) {
        throw c.refuse("names a DATA DIRECTORY or INDEX DIRECTORY, which a restore never creates");
      }
      if (t.isWord("ENGINE")) {
        int v = i + 1 < c.code.size() && c.code.get(i + 1).isSymbol("=") ? i + 2 : i + 1;
        c.engine(v < c.code.size() ? c.code.get(v) : null);
      }
    }
    if (!c.at("(") || c.peek(1) == null || c.peek(1).isWord("LIKE")) {
      throw c.refuse("does not list the table's columns (it copies another table)");
    }
    c.skipParentheses();
    for (; c.i < c.code.size(); c.i++) {
      Token t = c.code.get(c.i);
      if (t.isSymbol("(")) {
        c.skipParentheses();
        c.i--;
      } else if (t.isWord("AS") || t.isWord("TABLE") || t.isWord("VALUES") || t.isWord("LIKE")) {
        throw c.refuse("copies rows from another table or a query (" + t.upper() + ")");
      }
    }
    return CheckedStatement.of(sql, sqlMode, null, null);
  }

  private static final Set<String> INDEX_OPTIONS =
      Set.of("USING", "BTREE", "HASH", "RTREE", "KEY_BLOCK_SIZE", "VISIBLE", "INVISIBLE",
          "IGNORED", "NOT", "CLUSTERING", "YES", "NO");

  /**
   * Checks one index definition moved out of a CREATE TABLE into the deferred ALTER: exactly one
   * [UNIQUE|FULLTEXT|SPATIAL] KEY name (columns) with index options, nothing else.
   */
  public static CheckedStatement index(
      String entry, String where, String definition, String sqlMode, Target target) {
    Check c = new Check(entry, where, definition, sqlMode, target);
    c.noStatementSeparator();
    String bad = "holds an index definition that is not one plain index: "
        + shortPrefix(definition);
    if (c.atWord("UNIQUE") || c.atWord("FULLTEXT") || c.atWord("SPATIAL")) {
      c.i++;
    }
    if (!(c.atWord("KEY") || c.atWord("INDEX"))) {
      throw c.refuse(bad);
    }
    c.i++;
    if (c.peek(0) == null || !(c.peek(0).type() == Type.NAME || c.peek(0).type() == Type.WORD)) {
      throw c.refuse(bad);
    }
    c.i++;
    if (c.atWord("USING")) {
      c.i += 2;
    }
    if (!c.at("(")) {
      throw c.refuse(bad);
    }
    int open = c.i;
    c.skipParentheses();
    for (int k = open; k < c.i; k++) {
      if (c.code.get(k).isWord("SELECT")) {
        throw c.refuse(bad);
      }
    }
    while (c.i < c.code.size()) {
      Token t = c.code.get(c.i);
      if (t.isWord("COMMENT") && c.peek(1) != null && c.peek(1).type() == Type.STRING) {
        c.i += 2;
      } else if (t.isWord("WITH") && c.peek(1) != null && c.peek(1).isWord("PARSER")
          && c.peek(2) != null && c.peek(2).type() == Type.WORD) {
        c.i += 3;
      } else if (t.type() == Type.WORD && INDEX_OPTIONS.contains(t.upper())) {
        c.i++;
        if (c.at("=")) {
          c.i++;
        }
        if ((t.isWord("KEY_BLOCK_SIZE") || t.isWord("CLUSTERING")) && c.peek(0) != null
            && c.peek(0).type() == Type.WORD) {
          c.i++;
        }
      } else {
        throw c.refuse(bad);
      }
    }
    return CheckedStatement.of(definition, sqlMode, null, null);
  }

  // ---- Views, routines, triggers, events ------------------------------------------------------

  /**
   * Removes the object's DEFINER clauses and checks what is left: one CREATE of the kind,
   * naming the object (in {@code database} if qualified; a trigger on the entry's table), with
   * a body that ends where the text ends. The result runs under the sql_mode and client
   * character set it was checked with.
   */
  public static CheckedStatement schemaObject(
      Kind kind, String entry, String where, Manifest.SchemaObject object, String database,
      String sqlModeDefault, Target target) {
    String sqlMode = object.sqlMode() != null ? object.sqlMode() : sqlModeDefault;
    String sql = withoutDefiner(object.createStatement(), sqlMode);
    Check c = new Check(entry, where, sql, sqlMode, target);
    String charset = object.characterSetClient();
    if (charset != null && !SAFE_CLIENT_CHARSETS.contains(charset.toLowerCase(Locale.ROOT))) {
      throw c.refuse("is to be read in the character set " + shortPrefix(charset)
          + ", in which a quote can hide inside a character");
    }
    if (kind != Kind.VIEW && MySqlTokenizer.hasMode(sqlMode, "ORACLE")) {
      throw c.refuse("was defined under sql_mode ORACLE, whose bodies this version does not"
          + " restore");
    }
    c.noDefinerClause();
    c.header(kind);
    boolean routineCase = kind != Kind.VIEW;
    c.name(database, object.name(), routineCase || target.foldTableNames(),
        kind.name().toLowerCase(Locale.ROOT));
    switch (kind) {
      case VIEW -> {
        c.noStatementSeparator();
        if (c.at("(")) {
          c.skipParentheses();
        }
        c.expectWord("AS", "is not a view definition (no AS after its name)");
      }
      case FUNCTION, PROCEDURE -> {
        if (!c.at("(")) {
          throw c.refuse("has no parameter list after its name (a function from a library,"
              + " SONAME, is never restored)");
        }
        c.skipParentheses();
        if (kind == Kind.FUNCTION) {
          c.expectWord("RETURNS", "has no RETURNS clause");
          c.returnType();
        }
        c.characteristics();
        c.body();
      }
      case TRIGGER -> {
        if (!(c.atWord("BEFORE") || c.atWord("AFTER"))) {
          throw c.refuse("is not a trigger definition (no BEFORE or AFTER)");
        }
        c.i++;
        if (!(c.atWord("INSERT") || c.atWord("UPDATE") || c.atWord("DELETE"))) {
          throw c.refuse("is not a trigger definition (no INSERT, UPDATE or DELETE)");
        }
        c.i++;
        c.expectWord("ON", "is not a trigger definition (no ON table)");
        c.name(database, object.table(), target.foldTableNames(), "table");
        c.expectWord("FOR", "is not a trigger definition (no FOR EACH ROW)");
        c.expectWord("EACH", "is not a trigger definition (no FOR EACH ROW)");
        c.expectWord("ROW", "is not a trigger definition (no FOR EACH ROW)");
        if (c.atWord("FOLLOWS") || c.atWord("PRECEDES")) {
          c.i += 2;
        }
        c.body();
      }
      case EVENT -> {
        c.expectWord("ON", "is not an event definition (no ON SCHEDULE)");
        c.expectWord("SCHEDULE", "is not an event definition (no ON SCHEDULE)");
        while (c.i < c.code.size() && !c.atWord("DO")) {
          if (c.at("(")) {
            c.skipParentheses();
          } else if (c.at(";")) {
            throw c.refuse("holds more than one statement");
          } else {
            c.i++;
          }
        }
        c.expectWord("DO", "is not an event definition (no DO)");
        c.body();
      }
      default -> throw new IllegalArgumentException(kind.name());
    }
    return CheckedStatement.of(
        sql, sqlMode, object.characterSetClient(), object.collationConnection());
  }

  /** The first words of a text, for a message: never a whole hostile statement. */
  static String shortPrefix(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= 40 ? flat : flat.substring(0, 40) + "...";
  }

  /** One statement being checked: its code tokens and a position in them. */
  private static final class Check {
    final String entry;
    final String where;
    final String sql;
    final Target target;
    final List<Token> code = new ArrayList<>();
    int i;

    Check(String entry, String where, String sql, String sqlMode, Target target) {
      this.entry = entry;
      this.where = where;
      this.sql = sql;
      this.target = target;
      List<Token> tokens;
      try {
        tokens = MySqlTokenizer.tokenize(sql, sqlMode);
      } catch (MySqlTokenizer.Unreadable e) {
        throw refuse("cannot be read as one statement (" + e.getMessage() + ")");
      }
      for (Token t : tokens) {
        if (t.type() == Type.CODE_OPEN) {
          checkExecutableComment(t);
        }
        if (t.isCode()) {
          code.add(t);
        }
      }
    }

    /** The target must run every executable comment, or it would read other code than this. */
    private void checkExecutableComment(Token t) {
      boolean maria = "mariadb".equals(target.kind());
      String v = t.version();
      if (t.mariaDbOnly() && !maria) {
        throw refuse("holds a /*M! comment, which the target would skip");
      }
      if (v.isEmpty()) {
        return;
      }
      if (!(v.length() == 5 || (v.length() == 6 && maria))) {
        throw refuse("holds an executable comment with the version " + shortPrefix(v)
            + ", which the target may read differently");
      }
      if (Integer.parseInt(v) > target.versionId()) {
        throw refuse("holds an executable comment for version " + v + ", which the target"
            + " (" + target.version() + ") would skip");
      }
    }

    Refused refuse(String problem) {
      return new Refused("The backup set's entry for " + entry + " in " + where + " " + problem
          + "; the manifest was edited or damaged: take a new backup set.");
    }

    Token peek(int ahead) {
      return i + ahead < code.size() ? code.get(i + ahead) : null;
    }

    boolean at(String symbol) {
      return peek(0) != null && peek(0).isSymbol(symbol);
    }

    boolean atWord(String word) {
      return peek(0) != null && peek(0).isWord(word);
    }

    void expectWord(String word, String problem) {
      if (!atWord(word)) {
        throw refuse(problem);
      }
      i++;
    }

    void noStatementSeparator() {
      if (code.stream().anyMatch(t -> t.isSymbol(";"))) {
        throw refuse("holds more than one statement");
      }
    }

    void noDefinerClause() {
      for (int k = 0; k + 1 < code.size(); k++) {
        if (code.get(k).isWord("DEFINER") && code.get(k + 1).isSymbol("=")) {
          throw refuse("still holds a DEFINER clause where it cannot be removed");
        }
      }
    }

    /** CREATE [ALGORITHM=..] [SQL SECURITY ..] [AGGREGATE] KIND [IF NOT EXISTS]. */
    void header(Kind kind) {
      String claimed = "CREATE " + kind.word();
      if (!atWord("CREATE")) {
        throw refuse("holds " + what() + ", not a " + claimed);
      }
      i++;
      if (atWord("OR")) {
        throw refuse("holds CREATE OR REPLACE, which would replace an existing object");
      }
      while (kind == Kind.VIEW
          && ((atWord("ALGORITHM") && peek(1) != null && peek(1).isSymbol("="))
              || (atWord("SQL") && peek(1) != null && peek(1).isWord("SECURITY")))) {
        i += 3;
      }
      if (kind == Kind.FUNCTION && atWord("AGGREGATE")) {
        i++;
      }
      if (!atWord(kind.word())) {
        i = 0;
        throw refuse("holds " + what() + ", not a " + claimed);
      }
      i++;
      if (atWord("IF")) {
        expectWord("IF", "");
        expectWord("NOT", "holds IF without NOT EXISTS");
        expectWord("EXISTS", "holds IF NOT without EXISTS");
      }
    }

    /** "a CREATE USER statement": the first two words, for a message. */
    private String what() {
      List<String> words = new ArrayList<>();
      for (int k = 0; k < code.size() && words.size() < 2; k++) {
        Token t = code.get(k);
        if (t.type() != Type.WORD) {
          break;
        }
        words.add(shortPrefix(t.upper()));
        if (!t.isWord("CREATE")) {
          break;
        }
      }
      return words.isEmpty() ? "something else" : "a " + String.join(" ", words) + " statement";
    }

    /** name or db.name, which must be the entry's (and the entry's database). */
    void name(String database, String name, boolean fold, String what) {
      String first = identifier();
      String second = null;
      if (at(".")) {
        i++;
        second = identifier();
      }
      String db = second == null ? null : first;
      String object = second == null ? first : second;
      if (object == null) {
        throw refuse("does not name its " + what);
      }
      if (!same(object, name, fold)) {
        throw refuse("names the " + what + " " + quote(object) + ", not " + quote(name));
      }
      if (db != null && !same(db, database, target.foldTableNames())) {
        throw refuse("names the " + what + " in the database " + quote(db) + ", not "
            + quote(database));
      }
    }

    private String identifier() {
      Token t = peek(0);
      if (t == null || !(t.type() == Type.NAME || t.type() == Type.WORD)) {
        return null;
      }
      i++;
      return t.value();
    }

    private static boolean same(String a, String b, boolean fold) {
      return b != null && (fold ? a.equalsIgnoreCase(b) : a.equals(b));
    }

    private static String quote(String name) {
      return "`" + shortPrefix(name).replace("`", "``") + "`";
    }

    /** Moves past the parenthesis at i and everything up to its match. */
    void skipParentheses() {
      int depth = 0;
      do {
        Token t = peek(0);
        if (t == null) {
          throw refuse("has a parenthesis that is not closed");
        }
        if (t.isSymbol("(")) {
          depth++;
        } else if (t.isSymbol(")")) {
          depth--;
        }
        i++;
      } while (depth > 0);
    }

    void engine(Token value) {
      if (value == null || value.type() == Type.SYMBOL) {
        throw refuse("names no engine after ENGINE");
      }
      String engine = value.value().toLowerCase(Locale.ROOT);
      if (!target.allowedEngines().contains(engine)) {
        throw new Refused("The backup set's entry for " + entry + " in " + where
            + " creates it with the engine " + shortPrefix(value.value())
            + ", which a restore does not use unless told to: allow it with --allow-engine "
            + shortPrefix(value.value()) + " (allowEngines in a task file) if the backup set is"
            + " trusted, or exclude the table.");
      }
      if (!target.engines().contains(engine)) {
        throw new Refused("The backup set's entry for " + entry + " in " + where
            + " creates it with the engine " + shortPrefix(value.value())
            + ", which the target does not have; install the engine there or exclude the"
            + " table.");
      }
    }

    private static final Set<String> TYPE_WORDS =
        Set.of("UNSIGNED", "SIGNED", "ZEROFILL", "BINARY", "ASCII", "UNICODE", "BYTE",
            "PRECISION", "VARYING", "VARCHAR", "CHAR", "CHARACTER", "INT", "INTEGER", "TEXT");

    /** A function's return type: a type word, its length, and modifiers or character set. */
    void returnType() {
      if (peek(0) == null || peek(0).type() != Type.WORD) {
        throw refuse("has no return type");
      }
      i++;
      while (peek(0) != null) {
        if (at("(")) {
          skipParentheses();
        } else if (atWord("CHARSET") || atWord("COLLATE")) {
          i += 2;
        } else if (atWord("CHARACTER") && peek(1) != null && peek(1).isWord("SET")) {
          i += 3;
        } else if (peek(0).type() == Type.WORD && TYPE_WORDS.contains(peek(0).upper())) {
          i++;
        } else {
          return;
        }
      }
    }

    /** COMMENT, LANGUAGE SQL, [NOT] DETERMINISTIC, data access, SQL SECURITY. */
    void characteristics() {
      while (peek(0) != null) {
        if (atWord("COMMENT") && peek(1) != null && peek(1).type() == Type.STRING) {
          i += 2;
        } else if (atWord("LANGUAGE") && peek(1) != null && peek(1).isWord("SQL")) {
          i += 2;
        } else if (atWord("NOT") && peek(1) != null && peek(1).isWord("DETERMINISTIC")) {
          i += 2;
        } else if (atWord("DETERMINISTIC")) {
          i++;
        } else if (atWord("CONTAINS") || atWord("NO")) {
          i += 2;
        } else if (atWord("READS") || atWord("MODIFIES")) {
          i += 3;
        } else if (atWord("SQL") && peek(1) != null && peek(1).isWord("SECURITY")) {
          i += 3;
        } else {
          return;
        }
      }
    }

    /**
     * The body, from i to the end, is one statement by the server's grammar: a `;` only inside
     * an open BEGIN, IF, CASE, LOOP, REPEAT, WHILE or FOR block, and once the block the body
     * starts with closes, nothing after it. Blocks open only where a statement starts, as the
     * server reads them; a block missed here makes the body end early and be refused.
     */
    void body() {
      if (peek(0) == null) {
        throw refuse("has no body");
      }
      Deque<String> open = new ArrayDeque<>();
      boolean statementStart = true;
      boolean block = false;
      for (; i < code.size(); i++) {
        Token t = code.get(i);
        if (block && open.isEmpty()) {
          throw refuse("holds more than one statement (text after the end of its body: "
              + shortPrefix(sql.substring(t.start())) + ")");
        }
        if (t.isSymbol(";")) {
          if (open.isEmpty()) {
            throw refuse("holds more than one statement");
          }
          statementStart = true;
          continue;
        }
        String w = t.upper();
        if (w != null && w.equals("END")) {
          if (open.isEmpty()) {
            throw refuse("has an END without a block");
          }
          String closed = open.pop();
          Token next = peek(1);
          String needs = switch (closed) {
            case "CASE_STATEMENT" -> "CASE";
            case "BEGIN", "CASE_EXPRESSION" -> null;
            default -> closed;
          };
          if (needs != null) {
            if (next == null || !next.isWord(needs)) {
              throw refuse("closes a " + needs + " block without END " + needs);
            }
            i++;
            next = peek(1);
          } else if (next != null && next.type() == Type.WORD
              && Set.of("IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR").contains(next.upper())) {
            throw refuse("closes a block with the wrong END");
          }
          boolean labelled = !closed.equals("IF") && !closed.startsWith("CASE");
          if (labelled && next != null && (next.type() == Type.WORD || next.type() == Type.NAME)
              && (peek(2) == null || peek(2).isSymbol(";"))) {
            i++;
          }
          statementStart = false;
          continue;
        }
        String top = open.peek();
        if (w != null && (((w.equals("THEN") || w.equals("ELSE"))
                && ("IF".equals(top) || "CASE_STATEMENT".equals(top)))
            || (w.equals("DO") && ("WHILE".equals(top) || "FOR".equals(top))))) {
          statementStart = true;
          continue;
        }
        if (statementStart) {
          statementStart = false;
          // Only at the body's first statement can a block open with nothing open.
          boolean first = open.isEmpty();
          Token next = peek(1);
          if ((t.type() == Type.WORD || t.type() == Type.NAME) && next != null
              && next.isSymbol(":")) {
            i++;
            statementStart = true;
          } else if (w == null) {
            // A symbol or literal: not a block.
          } else if (w.equals("BEGIN")) {
            open.push("BEGIN");
            if (next != null && next.isWord("NOT") && peek(2) != null
                && peek(2).isWord("ATOMIC")) {
              i += 2;
            }
            statementStart = true;
          } else if (w.equals("IF") || w.equals("WHILE") || w.equals("FOR")) {
            open.push(w);
          } else if (w.equals("CASE")) {
            open.push("CASE_STATEMENT");
          } else if (w.equals("LOOP") || w.equals("REPEAT")) {
            open.push(w);
            statementStart = true;
          } else if (w.equals("DECLARE")) {
            statementStart = handler();
          }
          block |= first && !open.isEmpty();
        } else if (w != null && w.equals("CASE")) {
          open.push("CASE_EXPRESSION");
        }
      }
      if (!open.isEmpty()) {
        throw refuse("has a body whose " + open.peek().replace("_STATEMENT", "")
            .replace("_EXPRESSION", "") + " block does not close");
      }
    }

    /**
     * At DECLARE: if it declares a handler, moves past "{CONTINUE|EXIT|UNDO} HANDLER FOR
     * conditions" and returns true (the handler's statement starts there).
     */
    private boolean handler() {
      Token action = peek(1);
      if (action == null || !(action.isWord("CONTINUE") || action.isWord("EXIT")
          || action.isWord("UNDO")) || peek(2) == null || !peek(2).isWord("HANDLER")
          || peek(3) == null || !peek(3).isWord("FOR")) {
        return false;
      }
      i += 4;
      while (true) {
        if (atWord("SQLSTATE")) {
          i += peek(1) != null && peek(1).isWord("VALUE") ? 3 : 2;
        } else if (atWord("NOT")) {
          i += 2;
        } else {
          i++;
        }
        if (at(",")) {
          i++;
        } else {
          i--;
          return true;
        }
      }
    }
  }
}
