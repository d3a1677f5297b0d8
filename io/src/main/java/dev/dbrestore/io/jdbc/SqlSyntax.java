package dev.dbrestore.io.jdbc;

import java.util.List;

/** How a kind of database spells names and key conditions, and which schemas are its own. */
public interface SqlSyntax {
  /** The identifier quoted for this database. */
  String quote(String identifier);

  /** A table name qualified by its database, both quoted. */
  default String qualified(String database, String table) {
    return quote(database) + "." + quote(table);
  }

  /** A condition: the key is above {@code values}; adds the parameters it needs. */
  String keyAfter(List<String> key, Object[] values, List<Object> parameters);

  /** A condition: the key is at most {@code values}; adds the parameters it needs. */
  String keyAtMost(List<String> key, Object[] values, List<Object> parameters);

  /** The server's own schemas, never restored into, in the order messages name them. */
  List<String> systemSchemas();

  /** Whether a database name is one of the server's own schemas, never restored into. */
  default boolean isSystemSchema(String database) {
    return database != null
        && systemSchemas().contains(database.toLowerCase(java.util.Locale.ROOT));
  }
}
