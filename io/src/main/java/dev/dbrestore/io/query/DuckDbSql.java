package dev.dbrestore.io.query;

/** Quoting for the DuckDB SQL dbrestore writes: every name and path from a set is quoted. */
final class DuckDbSql {
  private DuckDbSql() {}

  /** A DuckDB identifier: {@code "name"}, each {@code "} doubled; dots and backticks stay. */
  static String name(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A DuckDB string literal: {@code 'text'}, each {@code '} doubled (backslash is literal). */
  static String text(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }
}
