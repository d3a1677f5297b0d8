package dev.dbrestore.io.jdbc;

import java.util.ArrayList;
import java.util.List;

/** How a kind of database spells names and key conditions, and which schemas are its own. */
public interface SqlSyntax {
  /** The identifier quoted for this database. */
  String quote(String identifier);

  /** A table name qualified by its database, both quoted. */
  default String qualified(String database, String table) {
    return quote(database) + "." + quote(table);
  }

  /**
   * A condition: the key is above {@code values}; adds the parameters it needs. Spelled out
   * ({@code a > ? OR (a = ? AND b > ?)}) rather than as a row comparison, which not every
   * server has and not every server answers from the index.
   */
  default String keyAfter(List<String> key, Object[] values, List<Object> parameters) {
    return keyCompare(key, values, ">", false, parameters);
  }

  /** A condition: the key is at most {@code values}; adds the parameters it needs. */
  default String keyAtMost(List<String> key, Object[] values, List<Object> parameters) {
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

  /** The server's own schemas, never restored into, in the order messages name them. */
  List<String> systemSchemas();

  /** Whether a database name is one of the server's own schemas, never restored into. */
  default boolean isSystemSchema(String database) {
    return database != null
        && systemSchemas().contains(database.toLowerCase(java.util.Locale.ROOT));
  }
}
