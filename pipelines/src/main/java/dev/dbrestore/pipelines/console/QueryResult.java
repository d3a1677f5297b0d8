package dev.dbrestore.pipelines.console;

import dev.dbrestore.io.query.QueryRows;
import java.util.ArrayList;
import java.util.List;

/**
 * A query's result for the page: its columns, its first {@value #SHOWN} rows as text (as {@code
 * dbrestore query} prints values), how many rows it had, and the notices the query gave.
 */
final class QueryResult implements QueryRows {
  static final int SHOWN = 1000;

  private List<Column> columns = List.of();
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();
  private long count;

  @Override
  public void columns(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  @Override
  public void row(List<Object> values) {
    count++;
    if (rows.size() < SHOWN) {
      rows.add(values.stream().map(QueryRows::text).toList());
    }
  }

  void notice(String sentence) {
    notices.add(sentence);
  }

  List<Column> columns() {
    return columns;
  }

  List<List<String>> rows() {
    return rows;
  }

  List<String> notices() {
    return notices;
  }

  long count() {
    return count;
  }

  boolean cut() {
    return count > rows.size();
  }
}
