package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.CheckedStatement;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.jdbc.StatementChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Backup-set statements in MySQL and MariaDB grammar: the checks, the references of a view,
 * deferred indexes, renames and event status.
 */
final class MySqlStatements implements StatementChecker {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  /** A secondary index's line in a CREATE TABLE statement as the server prints it. */
  static final Pattern SECONDARY_INDEX =
      Pattern.compile("^\\s+(?:UNIQUE |FULLTEXT |SPATIAL )?KEY `((?:[^`]|``)*)`.*$");

  @Override
  public DeferredIndexes deferSecondaryIndexes(String createStatement) {
    if (createStatement.toUpperCase(Locale.ROOT).contains("FOREIGN KEY")) {
      return new DeferredIndexes(createStatement, List.of());
    }
    String[] lines = createStatement.split("\n", -1);
    List<String> kept = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    for (String line : lines) {
      if (SECONDARY_INDEX.matcher(line).matches()) {
        String definition = line.strip();
        indexes.add(definition.endsWith(",") ? definition.substring(0, definition.length() - 1)
            : definition);
      } else {
        kept.add(line);
      }
    }
    if (indexes.isEmpty()) {
      return new DeferredIndexes(createStatement, List.of());
    }
    // The definition before the closing ") ENGINE=..." line must not end with a comma.
    for (int i = kept.size() - 1; i > 0; i--) {
      if (kept.get(i).startsWith(")")) {
        String before = kept.get(i - 1);
        if (before.endsWith(",")) {
          kept.set(i - 1, before.substring(0, before.length() - 1));
        }
        break;
      }
    }
    return new DeferredIndexes(String.join("\n", kept), indexes);
  }

  @Override
  public String renameInCreateTable(String createStatement, String sourceTable, String targetTable) {
    String prefix = "CREATE TABLE " + SQL.quote(sourceTable);
    if (!createStatement.startsWith(prefix)) {
      throw new UserError(
          "The CREATE statement of table "
              + SQL.quote(sourceTable)
              + " in the backup set does not start as the server prints it; it cannot be renamed.");
    }
    return "CREATE TABLE " + SQL.quote(targetTable) + createStatement.substring(prefix.length());
  }

  @Override
  public CheckedStatement checkTable(
      String entry, String where, String createStatement, String database, String table,
      String sqlMode, StatementCheck.Target target) {
    return MySqlStatementCheck.table(entry, where, createStatement, database, table, sqlMode, target);
  }

  @Override
  public CheckedStatement checkIndex(
      String entry, String where, String definition, String sqlMode,
      StatementCheck.Target target) {
    return MySqlStatementCheck.index(entry, where, definition, sqlMode, target);
  }

  @Override
  public CheckedStatement checkSchemaObject(
      StatementCheck.Kind kind, String entry, String where, Manifest.SchemaObject object,
      String database, String sqlModeDefault, StatementCheck.Target target) {
    return MySqlStatementCheck.schemaObject(
        kind, entry, where, object, database, sqlModeDefault, target);
  }

  /**
   * Reads the statement's backtick-quoted names, skipping string literals: {@code `db`.`f`(} and
   * {@code `f`(} are calls, {@code `db`.`t`} and {@code `db`.`t`.`column`} name a table or view,
   * and an unqualified name after FROM or JOIN one of the statement's own database. The server
   * prints a view's body with every table and function qualified when no database is selected,
   * as in a backup's session.
   */
  @Override
  public Set<Reference> referencesOf(String database, String createStatement) {
    Set<Reference> found = new java.util.LinkedHashSet<>();
    List<MySqlTokenizer.Token> tokens = codeTokens(createStatement);
    if (tokens == null) {
      // Pre-check item 17 refuses such a statement; it names nothing to order by.
      return found;
    }
    String lastWord = "";
    for (int i = 0; i < tokens.size(); i++) {
      MySqlTokenizer.Token token = tokens.get(i);
      switch (token.type()) {
        case NAME -> {
          List<String> parts = new ArrayList<>(List.of(token.value()));
          while (i + 2 < tokens.size()
              && tokens.get(i + 1).isSymbol(".")
              && tokens.get(i + 2).type() == MySqlTokenizer.Type.NAME) {
            parts.add(tokens.get(i + 2).value());
            i += 2;
          }
          boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
          if (parts.size() >= 2) {
            found.add(new Reference(parts.get(0), parts.get(1), call && parts.size() == 2));
          } else if (call) {
            found.add(new Reference(database, parts.get(0), true));
          } else if (lastWord.equals("from") || lastWord.equals("join")) {
            found.add(new Reference(database, parts.get(0), false));
          }
          lastWord = "";
        }
        case WORD -> lastWord = token.value().toLowerCase(Locale.ROOT);
        // "from (`a` join `b`)": a parenthesis keeps the table context.
        case SYMBOL -> lastWord = token.isSymbol("(") ? lastWord : "";
        default -> lastWord = "";
      }
    }
    return found;
  }

  /** The name after each REFERENCES of a table's statement: `t` or `db`.`t`. */
  @Override
  public Set<Reference> foreignKeyReferences(String database, String createTable) {
    Set<Reference> found = new java.util.LinkedHashSet<>();
    List<MySqlTokenizer.Token> tokens = codeTokens(createTable);
    if (tokens == null) {
      // Pre-check item 17 refuses such a statement.
      return found;
    }
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (tokens.get(i).isWord("REFERENCES")
          && tokens.get(i + 1).type() == MySqlTokenizer.Type.NAME) {
        String first = tokens.get(i + 1).value();
        if (i + 3 < tokens.size()
            && tokens.get(i + 2).isSymbol(".")
            && tokens.get(i + 3).type() == MySqlTokenizer.Type.NAME) {
          found.add(new Reference(first, tokens.get(i + 3).value(), false));
        } else {
          found.add(new Reference(database, first, false));
        }
      }
    }
    return found;
  }

  /**
   * Each REFERENCES `t` or `db`.`t` of the statement under the name {@code renamed} gives the
   * table: `t'` where its database is the one the statement runs in, else `db'`.`t'`, as the
   * server prints a reference. Comments and string literals are read past, not changed.
   */
  @Override
  public String renameReferences(
      String statement, String database, String targetDatabase,
      java.util.function.Function<Reference, Reference> renamed) {
    List<MySqlTokenizer.Token> tokens = codeTokens(statement);
    if (tokens == null) {
      // Pre-check item 17 refuses such a statement.
      return statement;
    }
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (!tokens.get(i).isWord("REFERENCES")
          || tokens.get(i + 1).type() != MySqlTokenizer.Type.NAME) {
        continue;
      }
      MySqlTokenizer.Token first = tokens.get(i + 1);
      boolean qualified =
          i + 3 < tokens.size()
              && tokens.get(i + 2).isSymbol(".")
              && tokens.get(i + 3).type() == MySqlTokenizer.Type.NAME;
      MySqlTokenizer.Token last = qualified ? tokens.get(i + 3) : first;
      Reference from =
          qualified
              ? new Reference(first.value(), last.value(), false)
              : new Reference(database, first.value(), false);
      Reference to = renamed.apply(from);
      if (to == null) {
        continue;
      }
      String name =
          to.database().equals(targetDatabase)
              ? SQL.quote(to.name())
              : SQL.quote(to.database()) + "." + SQL.quote(to.name());
      out.append(statement, copied, first.start()).append(name);
      copied = last.end();
    }
    return out.append(statement.substring(copied)).toString();
  }

  /** The statement's tokens but comments, or null where the tokenizer cannot read it. */
  private static List<MySqlTokenizer.Token> codeTokens(String statement) {
    try {
      return MySqlTokenizer.tokenize(statement, null).stream()
          .filter(MySqlTokenizer.Token::isCode)
          .toList();
    } catch (MySqlTokenizer.Unreadable e) {
      return null;
    }
  }

  /** The statement with its DEFINER clauses removed (read as the tokenizer reads it). */
  static String withoutDefiner(String createStatement) {
    return MySqlStatementCheck.withoutDefiner(createStatement, null);
  }

  // ---- Events ---------------------------------------------------------------------------------

  @Override
  public boolean eventEnabled(String createEvent) {
    String status = EventStatements.status(createEvent);
    // Not found: count it as enabled, so the pre-check warns rather than stays silent.
    return status == null || status.equals("ENABLE");
  }

  @Override
  public String eventDisabled(String createEvent) {
    return EventStatements.disabled(createEvent);
  }
}
