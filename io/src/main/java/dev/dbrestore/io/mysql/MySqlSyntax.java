package dev.dbrestore.io.mysql;

import dev.dbrestore.io.jdbc.SqlSyntax;
import java.util.ArrayList;
import java.util.List;

/** Backtick quoting, key conditions and the system schemas of MySQL and MariaDB. */
final class MySqlSyntax implements SqlSyntax {
  static final MySqlSyntax INSTANCE = new MySqlSyntax();

  private MySqlSyntax() {}

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** {@code (k1, k2, ...) > (v1, v2, ...)} spelled out so every server uses the index. */
  @Override
  public String keyAfter(List<String> key, Object[] values, List<Object> parameters) {
    return keyCompare(key, values, ">", false, parameters);
  }

  /** {@code (k1, k2, ...) <= (v1, v2, ...)} spelled out. */
  @Override
  public String keyAtMost(List<String> key, Object[] values, List<Object> parameters) {
    return keyCompare(key, values, "<", true, parameters);
  }

  private String keyCompare(
      List<String> key, Object[] values, String op, boolean orEqual, List<Object> parameters) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      StringBuilder term = new StringBuilder("(");
      for (int j = 0; j < i; j++) {
        term.append(quote(key.get(j))).append(" = ? AND ");
        parameters.add(values[j]);
      }
      term.append(quote(key.get(i))).append(' ').append(op).append(" ?)");
      parameters.add(values[i]);
      terms.add(term.toString());
    }
    if (orEqual) {
      StringBuilder all = new StringBuilder("(");
      for (int j = 0; j < key.size(); j++) {
        all.append(j == 0 ? "" : " AND ").append(quote(key.get(j))).append(" = ?");
        parameters.add(values[j]);
      }
      terms.add(all.append(')').toString());
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  private static final List<String> SYSTEM_SCHEMAS =
      List.of("mysql", "sys", "performance_schema", "information_schema");

  @Override
  public List<String> systemSchemas() {
    return SYSTEM_SCHEMAS;
  }
}
