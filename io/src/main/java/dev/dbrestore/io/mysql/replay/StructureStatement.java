package dev.dbrestore.io.mysql.replay;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChangeWriter.CheckedDdl;
import dev.dbrestore.io.jdbc.ChangeWriter.Effect;
import dev.dbrestore.io.jdbc.ChangeWriter.Scope;
import dev.dbrestore.io.jdbc.ChangeWriter.TableEffect;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.mysql.MySqlStatementCheck;
import dev.dbrestore.io.mysql.MySqlTokenizer.Token;
import dev.dbrestore.io.mysql.MySqlTokenizer.Type;
import dev.dbrestore.io.mysql.MySqlTokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks one structure statement of a captured binary log, read with the server's lexer: one
 * statement, of the kind its first words say, naming the tables or databases it changes. Every
 * name it changes is rewritten to the target's name, qualified, so the statement runs the same
 * whatever the session's database. What a replay cannot repeat exactly is refused, not guessed.
 */
final class StructureStatement {
  private static final Set<String> KINDS =
      Set.of("TABLE", "TABLES", "DATABASE", "SCHEMA", "VIEW", "TRIGGER", "EVENT", "FUNCTION",
          "PROCEDURE", "INDEX", "SEQUENCE", "USER", "ROLE", "SERVER", "PACKAGE", "TABLESPACE",
          "LOGFILE");
  private static final Set<String> ROW_IMAGE_KINDS = Set.of("TRIGGER", "EVENT");
  private static final Set<String> DATABASE_OPTIONS =
      Set.of("CHARACTER", "CHARSET", "DEFAULT", "COLLATE", "COMMENT", "READ", "ENCRYPTION");

  private final String sessionDatabase;
  private final String text;
  private final String sqlMode;
  private final Scope scope;
  private final List<Token> code = new ArrayList<>();
  private final List<String[]> replacements = new ArrayList<>();
  private final List<TableEffect> effects = new ArrayList<>();
  private int i;
  private boolean orReplace;
  private boolean routine;

  private StructureStatement(String sessionDatabase, String text, String sqlMode, Scope scope) {
    this.sessionDatabase = sessionDatabase;
    this.text = text;
    this.sqlMode = sqlMode;
    this.scope = scope;
  }

  static CheckedDdl check(String sessionDatabase, String sql, String sqlMode, Scope scope) {
    StructureStatement s = new StructureStatement(sessionDatabase, sql, sqlMode, scope);
    List<Token> tokens;
    try {
      tokens = MySqlTokenizer.tokenize(sql, sqlMode);
    } catch (MySqlTokenizer.Unreadable e) {
      throw s.refuse("cannot be read as the server reads it (" + e.getMessage() + ")");
    }
    boolean separated = false;
    for (Token t : tokens) {
      if (t.isCode()) {
        if (t.isSymbol(";")) {
          separated = true;
          continue;
        }
        s.code.add(t);
      }
    }
    CheckedDdl checked = s.check();
    // A routine's body holds statements of its own, and the set's check reads it whole; any
    // other kind with a separator holds more than one statement. Skipped triggers and events
    // run nothing, so what their bodies hold does not matter.
    if (separated && checked.apply() && !(checked.afterPostData() && s.routine)) {
      throw s.refuse("holds more than one statement");
    }
    return checked;
  }

  private CheckedDdl check() {
    String first = word(0);
    if (first == null) {
      return skip("(empty)", "not a change of a table or database");
    }
    i = 1;
    switch (first) {
      case "CREATE" -> {
        if (atWord("OR") && wordAt(i + 1, "REPLACE")) {
          i += 2;
          orReplace = true;
        }
        String kind = kind("CREATE");
        if (kind == null) {
          return skip("CREATE", "not a change of a table or database");
        }
        return switch (kind) {
          case "TABLE" -> createTable();
          case "DATABASE", "SCHEMA" -> database(Effect.CREATE_DATABASE, "CREATE DATABASE", true);
          case "INDEX" -> indexOn("CREATE INDEX");
          case "VIEW", "FUNCTION", "PROCEDURE" -> createObject("CREATE", kind);
          default -> other("CREATE " + kind, kind);
        };
      }
      case "ALTER" -> {
        String kind = kind("ALTER");
        if (kind == null) {
          return skip("ALTER", "not a change of a table or database");
        }
        return switch (kind) {
          case "TABLE" -> alterTable();
          case "DATABASE", "SCHEMA" -> database(Effect.ALTER_DATABASE, "ALTER DATABASE", false);
          case "VIEW" -> createObject("ALTER", kind);
          case "FUNCTION", "PROCEDURE" -> alterRoutine(kind);
          default -> other("ALTER " + kind, kind);
        };
      }
      case "DROP" -> {
        String kind = kind("DROP");
        if (kind == null) {
          return skip("DROP", "not a change of a table or database");
        }
        return switch (kind) {
          case "TABLE", "TABLES" -> dropTables();
          case "DATABASE", "SCHEMA" -> database(Effect.DROP_DATABASE, "DROP DATABASE", true);
          case "INDEX" -> indexOn("DROP INDEX");
          case "VIEW", "FUNCTION", "PROCEDURE" -> dropObjects(kind);
          default -> other("DROP " + kind, kind);
        };
      }
      case "RENAME" -> {
        if (atWord("TABLE") || atWord("TABLES")) {
          i++;
          return renameTables();
        }
        return skip("RENAME " + (word(1) == null ? "" : word(1)),
            "not a change of a table or database");
      }
      case "TRUNCATE" -> {
        if (atWord("TABLE")) {
          i++;
        }
        return truncate();
      }
      default -> {
        return skip(first, "not a change of a table or database");
      }
    }
  }

  // ---- Kinds ------------------------------------------------------------------------------

  /** The object kind after CREATE/ALTER/DROP and its modifiers; TEMPORARY is never replayed. */
  private String kind(String verb) {
    for (; i < code.size(); i++) {
      String w = word(i);
      if (w == null) {
        continue; // DEFINER = `u`@`h`, ALGORITHM = x, ...
      }
      if (w.equals("TEMPORARY")) {
        return "TEMPORARY";
      }
      if (w.equals("DEFINER") && i + 1 < code.size() && code.get(i + 1).isSymbol("=")) {
        skipDefiner();
        i--; // the loop steps over the last token of the clause
        continue;
      }
      if (KINDS.contains(w)) {
        i++;
        return w;
      }
      if (!Set.of("ONLINE", "OFFLINE", "IGNORE", "UNIQUE", "FULLTEXT", "SPATIAL", "DEFINER",
              "ALGORITHM", "SQL", "SECURITY", "INVOKER", "MERGE", "UNDEFINED", "TEMPTABLE",
              "AGGREGATE", "CURRENT_USER", "NONBLOCKING")
          .contains(w)) {
        return null;
      }
    }
    return null;
  }

  /**
   * Steps over DEFINER = user: CURRENT_USER[()], or a name or string, then its host (@host, as
   * one word or as @ and a name or string), however the statement spells them.
   */
  private void skipDefiner() {
    i += 2;
    if (atWord("CURRENT_USER")) {
      i++;
      if (at("(") && i + 1 < code.size() && code.get(i + 1).isSymbol(")")) {
        i += 2;
      }
      return;
    }
    i++; // the user
    if (at("@")) {
      i += 2;
    } else if (i < code.size() && code.get(i).value().startsWith("@")) {
      i++;
    }
  }

  private CheckedDdl other(String kind, String objectKind) {
    if (objectKind.equals("TEMPORARY")) {
      return skip(kind, "a temporary table, which lives only in its session");
    }
    if (ROW_IMAGE_KINDS.contains(objectKind)) {
      return skip(kind, "triggers and events are not replayed: their effects are in the row"
          + " images");
    }
    if (objectKind.equals("PACKAGE")) {
      return skip(kind, "packages (sql_mode ORACLE) are not replayed by this version");
    }
    return skip(kind, "not a change of a table or database");
  }

  /**
   * CREATE [OR REPLACE] of a view or routine, or ALTER VIEW (a view replaced): checked as the
   * set's own views and routines are (one CREATE of its kind, naming it, its DEFINER removed so
   * the restoring account defines it), and run after the set's post-data objects, in its own
   * database. Names inside are not rewritten, so with a mapping it is refused, as a restore
   * with a mapping refuses views and routines.
   */
  private CheckedDdl createObject(String verb, String kind) {
    String what = verb + (orReplace ? " OR REPLACE " : " ") + kind;
    routine = !kind.equals("VIEW");
    boolean replaces = orReplace || verb.equals("ALTER");
    if (!replaces) {
      ifExists("NOT");
    }
    if (i >= code.size()) {
      throw refuse("ends where a name is expected");
    }
    Name object = name();
    if (!scope.selectsObject(kind, object.database, object.name)) {
      return skip(what, "outside the selection");
    }
    if (scope.mapsNames()) {
      throw refuse("creates " + kind.toLowerCase(Locale.ROOT) + " " + object.database + "."
          + object.name + " while the task maps names: a view or routine names the original"
          + " objects, so a restore with a mapping cannot replay it (restore without the mapping"
          + " or leave the object out)");
    }
    // The CREATE the set's check reads: the words from the first after CREATE [OR REPLACE] (or
    // ALTER) to the end, behind a plain CREATE.
    int firstAfterVerb = orReplace ? 3 : 1;
    String create = "CREATE " + text.substring(code.get(firstAfterVerb).start());
    CheckedStatement checked;
    try {
      checked = MySqlStatementCheck.schemaObject(
          StatementCheck.Kind.valueOf(kind), what + " " + object.name,
          "the captured log",
          new Manifest.SchemaObject(
              object.name, null, create, null, sqlMode, null, null),
          object.database, sqlMode,
          new StatementCheck.Target("log", "0", Set.of(), Set.of(), false));
    } catch (UserError refused) {
      throw refuse("is not a " + what.toLowerCase(Locale.ROOT) + " the replay can check ("
          + refused.getMessage() + ")");
    }
    String sql = checked.sql();
    if (replaces) {
      sql = "CREATE OR REPLACE" + sql.substring("CREATE".length());
    }
    // A view's unqualified names resolve when it is created, in the database the statement ran
    // in, restored or not (the server stores them qualified); a routine's resolve when it runs,
    // in its own database.
    String runIn = !routine && sessionDatabase != null ? sessionDatabase : object.database;
    return new CheckedDdl(true, what, sql, null, List.of(), true, runIn);
  }

  /**
   * ALTER FUNCTION or PROCEDURE: only a routine's characteristics (its SQL data access, SQL
   * SECURITY, COMMENT, LANGUAGE SQL), rebuilt from the words read so nothing else runs, the
   * routine named with its database; after the set's post-data objects, as a CREATE would be.
   */
  private CheckedDdl alterRoutine(String kind) {
    String what = "ALTER " + kind;
    Name routineName = name();
    StringBuilder sql = new StringBuilder("ALTER ").append(kind).append(' ')
        .append(MySqlChangeWriter.qualified(routineName.database, routineName.name));
    while (i < code.size()) {
      String w = word(i);
      String next = word(i + 1);
      String characteristic;
      if (w == null) {
        throw refuse("has " + shortText(code.get(i).value()) + " where a characteristic of a"
            + " routine is expected");
      } else if ((w.equals("CONTAINS") || w.equals("LANGUAGE")) && "SQL".equals(next)) {
        characteristic = w + " SQL";
        i += 2;
      } else if (w.equals("NO") && "SQL".equals(next)) {
        characteristic = "NO SQL";
        i += 2;
      } else if ((w.equals("READS") || w.equals("MODIFIES")) && "SQL".equals(next)
          && wordAt(i + 2, "DATA")) {
        characteristic = w + " SQL DATA";
        i += 3;
      } else if (w.equals("SQL") && "SECURITY".equals(next)
          && (wordAt(i + 2, "DEFINER") || wordAt(i + 2, "INVOKER"))) {
        characteristic = "SQL SECURITY " + word(i + 2);
        i += 3;
      } else if (w.equals("COMMENT") && i + 1 < code.size()
          && code.get(i + 1).type() == Type.STRING) {
        String comment = code.get(i + 1).value();
        if (comment.indexOf('\\') >= 0) {
          throw refuse("has a backslash in its COMMENT, which the server reads differently"
              + " under different sql_modes");
        }
        characteristic = "COMMENT '" + comment.replace("'", "''") + "'";
        i += 2;
      } else {
        throw refuse("changes more of a routine than its characteristics (" + w + ")");
      }
      sql.append(' ').append(characteristic);
    }
    if (!scope.selectsObject(kind, routineName.database, routineName.name)) {
      return skip(what, "outside the selection");
    }
    if (scope.mapsNames()) {
      throw refuse("alters a " + kind.toLowerCase(Locale.ROOT) + " while the task maps names,"
          + " and a restore with a mapping restores no views or routines");
    }
    return new CheckedDdl(true, what, sql.toString(), null, List.of(), true,
        routineName.database);
  }

  /** DROP VIEW (names), DROP FUNCTION or PROCEDURE: after the set's post-data objects too. */
  private CheckedDdl dropObjects(String kind) {
    String what = "DROP " + kind;
    boolean ifExists = ifExists(null);
    List<Name> names = new ArrayList<>();
    names.add(name());
    while (kind.equals("VIEW") && at(",")) {
      i++;
      names.add(name());
    }
    if (kind.equals("VIEW") && (atWord("RESTRICT") || atWord("CASCADE"))) {
      i++;
    }
    end(what);
    long selected =
        names.stream().filter(n -> scope.selectsObject(kind, n.database, n.name)).count();
    if (selected == 0) {
      return skip(what, "outside the selection");
    }
    if (selected != names.size()) {
      throw refuse("drops objects both inside and outside the selection");
    }
    if (scope.mapsNames()) {
      throw refuse("drops a " + kind.toLowerCase(Locale.ROOT) + " while the task maps names,"
          + " and a restore with a mapping restores no views or routines");
    }
    String sql = "DROP " + kind + (ifExists ? " IF EXISTS " : " ")
        + String.join(", ", names.stream()
            .map(n -> MySqlChangeWriter.qualified(n.database, n.name)).toList());
    return new CheckedDdl(true, what, sql, null, List.of(), true, null);
  }

  private CheckedDdl createTable() {
    ifExists("NOT");
    Name table = subject(Effect.CREATE_TABLE, "CREATE TABLE");
    for (; i < code.size(); i++) {
      Token t = code.get(i);
      if (t.isWord("SELECT")) {
        throw refuse("creates a table from a query");
      }
      if (t.isWord("DIRECTORY")) {
        throw refuse("names a DATA DIRECTORY or INDEX DIRECTORY");
      }
      if (t.isWord("LIKE") || t.isWord("REFERENCES")) {
        i++;
        reference();
      }
    }
    return result("CREATE TABLE", table);
  }

  private CheckedDdl alterTable() {
    Name table = subject(Effect.ALTER_TABLE, "ALTER TABLE");
    for (; i < code.size(); i++) {
      Token t = code.get(i);
      if (t.isWord("DIRECTORY") || t.isWord("EXCHANGE") || t.isWord("IMPORT")
          || t.isWord("DISCARD")) {
        throw refuse("moves table data in or out (" + t.upper() + "), which a replay cannot"
            + " repeat");
      }
      if (t.isWord("REFERENCES")) {
        i++;
        reference();
      } else if (t.isWord("RENAME")) {
        String next = word(i + 1);
        if (next != null && Set.of("COLUMN", "INDEX", "KEY", "CONSTRAINT").contains(next)) {
          i++;
          continue;
        }
        i++;
        if (atWord("TO") || atWord("AS")) {
          i++;
        }
        Name to = name();
        renamed(table, to);
      }
    }
    return result("ALTER TABLE", table);
  }

  private CheckedDdl dropTables() {
    boolean ifExists = ifExists(null);
    List<Name> tables = new ArrayList<>();
    tables.add(name());
    while (at(",")) {
      i++;
      tables.add(name());
    }
    String tail = "";
    while (i < code.size()) {
      String w = word(i);
      if (w != null && (w.equals("RESTRICT") || w.equals("CASCADE") || w.equals("NOWAIT"))) {
        i++;
      } else if (w != null && w.equals("WAIT") && i + 1 < code.size()) {
        i += 2;
      } else {
        throw refuse("has more after its tables than DROP TABLE takes");
      }
    }
    List<Name> selected = new ArrayList<>();
    for (Name t : tables) {
      if (scope.selectsTable(t.database, t.name)) {
        selected.add(t);
        effects.add(new TableEffect(Effect.DROP_TABLE, t.database, t.name, null, null));
      }
    }
    if (selected.isEmpty()) {
      return skip("DROP TABLE", "outside the selection");
    }
    StringBuilder sql = new StringBuilder("DROP TABLE ");
    if (ifExists) {
      sql.append("IF EXISTS ");
    }
    for (int k = 0; k < selected.size(); k++) {
      sql.append(k == 0 ? "" : ", ").append(target(selected.get(k)));
    }
    return new CheckedDdl(true, "DROP TABLE", sql + tail, null, List.copyOf(effects));
  }

  private CheckedDdl renameTables() {
    if (atWord("WAIT")) {
      i += 2;
    } else if (atWord("NOWAIT")) {
      i++;
    }
    Name first = null;
    do {
      if (first != null) {
        i++; // the comma
      }
      Name from = name();
      if (!atWord("TO")) {
        throw refuse("is not RENAME TABLE a TO b");
      }
      i++;
      Name to = name();
      renamed(from, to);
      if (first == null) {
        first = from;
      }
    } while (at(","));
    end("RENAME TABLE");
    if (effects.isEmpty()) {
      return skip("RENAME TABLE", "outside the selection");
    }
    return new CheckedDdl(true, "RENAME TABLE", rewritten(), null, List.copyOf(effects));
  }

  private CheckedDdl truncate() {
    Name table = subject(Effect.TRUNCATE_TABLE, "TRUNCATE TABLE");
    if (atWord("WAIT")) {
      i += 2;
    } else if (atWord("NOWAIT")) {
      i++;
    }
    end("TRUNCATE TABLE");
    return result("TRUNCATE TABLE", table);
  }

  /** CREATE INDEX i ON t (...) and DROP INDEX i ON t: a change of table t. */
  private CheckedDdl indexOn(String kind) {
    if (kind.startsWith("CREATE")) {
      ifExists("NOT");
    } else {
      ifExists(null);
    }
    if (i >= code.size() || !(code.get(i).type() == Type.NAME || code.get(i).type() == Type.WORD)) {
      throw refuse("names no index");
    }
    i++;
    if (!atWord("ON")) {
      throw refuse("names no table (no ON)");
    }
    i++;
    Name table = subject(Effect.ALTER_TABLE, kind);
    for (; i < code.size(); i++) {
      if (code.get(i).isWord("SELECT")) {
        throw refuse("holds a SELECT");
      }
    }
    return result(kind, table);
  }

  /** CREATE, ALTER or DROP DATABASE; ALTER DATABASE may name none (the session's). */
  private CheckedDdl database(Effect effect, String kind, boolean named) {
    ifExists(effect == Effect.CREATE_DATABASE ? "NOT" : null);
    String database;
    boolean hasName =
        i < code.size()
            && (code.get(i).type() == Type.NAME
                || (code.get(i).type() == Type.WORD && !DATABASE_OPTIONS.contains(word(i))));
    if (hasName) {
      database = code.get(i).value();
      if (scope.selectsDatabase(database)) {
        replace(i, i, MySqlChangeWriter.quote(scope.targetDatabase(database)));
      }
      i++;
    } else if (named || sessionDatabase == null) {
      throw refuse("names no database");
    } else {
      database = sessionDatabase;
      Token kindToken = code.get(i - 1);
      if (scope.selectsDatabase(database)) {
        replacements.add(new String[] {String.valueOf(kindToken.end()),
            String.valueOf(kindToken.end()),
            " " + MySqlChangeWriter.quote(scope.targetDatabase(database))});
      }
    }
    for (; i < code.size(); i++) {
      if (code.get(i).isWord("DIRECTORY") || code.get(i).isWord("UPGRADE")) {
        throw refuse("is not a plain change of a database's options");
      }
      if (effect == Effect.DROP_DATABASE) {
        throw refuse("has more after its database than DROP DATABASE takes");
      }
    }
    if (!scope.selectsDatabase(database)) {
      return skip(kind, "outside the selection");
    }
    effects.add(new TableEffect(effect, database, null, null, null));
    return new CheckedDdl(true, kind, rewritten(), null, List.copyOf(effects));
  }

  // ---- Names ------------------------------------------------------------------------------

  private record Name(String database, String name, int from, int to) {}

  private Name name() {
    if (i >= code.size()) {
      throw refuse("ends where a name is expected");
    }
    Token t = code.get(i);
    if (t.type() != Type.NAME && t.type() != Type.WORD) {
      throw refuse("has " + shortText(t.value()) + " where a name is expected");
    }
    int from = i;
    i++;
    if (at(".")) {
      i++;
      if (i >= code.size()
          || (code.get(i).type() != Type.NAME && code.get(i).type() != Type.WORD)) {
        throw refuse("has a qualified name without its table");
      }
      Token table = code.get(i);
      i++;
      return new Name(t.value(), table.value(), from, i - 1);
    }
    if (sessionDatabase == null) {
      throw refuse("names table " + shortText(t.value()) + " without a database, and ran in"
          + " none");
    }
    return new Name(sessionDatabase, t.value(), from, i - 1);
  }

  /** The table the statement changes: rewritten to its target name when selected. */
  private Name subject(Effect effect, String kind) {
    Name table = name();
    if (scope.selectsTable(table.database, table.name)) {
      replace(table.from, table.to, target(table));
      effects.add(new TableEffect(effect, table.database, table.name, null, null));
    }
    return table;
  }

  /** A table the statement reads or refers to: the target's when selected, else the source's. */
  private void reference() {
    Name other = name();
    replace(other.from, other.to, scope.selectsTable(other.database, other.name)
        ? target(other)
        : MySqlChangeWriter.qualified(other.database, other.name));
    i--;
  }

  private void renamed(Name from, Name to) {
    boolean fromSelected = scope.selectsTable(from.database, from.name);
    boolean toSelected = scope.selectsTable(to.database, to.name);
    if (fromSelected != toSelected) {
      throw refuse("renames " + from.database + "." + from.name + " to " + to.database + "."
          + to.name + ", into or out of the selection");
    }
    if (fromSelected) {
      if (effects.stream().noneMatch(e -> e.table() != null && e.table().equals(from.name)
          && e.database().equals(from.database) && e.effect() != Effect.RENAME_TABLE)) {
        replace(from.from, from.to, target(from));
      }
      replace(to.from, to.to, target(to));
      effects.add(new TableEffect(Effect.RENAME_TABLE, from.database, from.name, to.database,
          to.name));
    }
  }

  private String target(Name table) {
    return MySqlChangeWriter.qualified(
        scope.targetDatabase(table.database), scope.targetTable(table.database, table.name));
  }

  // ---- Helpers ----------------------------------------------------------------------------

  private CheckedDdl result(String kind, Name table) {
    if (effects.isEmpty()) {
      return skip(kind, "outside the selection");
    }
    return new CheckedDdl(true, kind, rewritten(), null, List.copyOf(effects));
  }

  private CheckedDdl skip(String kind, String reason) {
    return new CheckedDdl(false, kind, null, reason, List.of());
  }

  /** IF EXISTS, or with {@code not} IF NOT EXISTS; true when present. */
  private boolean ifExists(String not) {
    if (atWord("IF")) {
      int k = i + 1;
      if (not != null) {
        if (!wordAt(k, not)) {
          throw refuse("has IF without " + not + " EXISTS");
        }
        k++;
      }
      if (!wordAt(k, "EXISTS")) {
        throw refuse("has IF without EXISTS");
      }
      i = k + 1;
      return true;
    }
    return false;
  }

  private void end(String kind) {
    if (i < code.size()) {
      throw refuse("has more after it than " + kind + " takes");
    }
  }

  private void replace(int fromToken, int toToken, String with) {
    replacements.add(new String[] {String.valueOf(code.get(fromToken).start()),
        String.valueOf(code.get(toToken).end()), with});
  }

  private String rewritten() {
    List<String[]> sorted = new ArrayList<>(replacements);
    sorted.sort(Comparator.comparingInt(r -> Integer.parseInt(r[0])));
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (String[] r : sorted) {
      int start = Integer.parseInt(r[0]);
      if (start < at) {
        throw refuse("names one object twice in one place");
      }
      out.append(text, at, start).append(r[2]);
      at = Integer.parseInt(r[1]);
    }
    return out.append(text.substring(at)).toString();
  }

  private String word(int k) {
    return k < code.size() ? code.get(k).upper() : null;
  }

  private boolean wordAt(int k, String w) {
    return k < code.size() && code.get(k).isWord(w);
  }

  private boolean atWord(String w) {
    return wordAt(i, w);
  }

  private boolean at(String symbol) {
    return i < code.size() && code.get(i).isSymbol(symbol);
  }

  private UserError refuse(String why) {
    return new UserError("The captured statement \"" + shortText(text) + "\" " + why
        + "; the replay cannot apply it exactly, and stops before it.");
  }

  private static String shortText(String s) {
    String flat = s == null ? "" : s.strip().replaceAll("\\s+", " ");
    return flat.length() <= 60 ? flat : flat.substring(0, 60) + "...";
  }

  @Override
  public String toString() {
    return text.toLowerCase(Locale.ROOT);
  }
}
