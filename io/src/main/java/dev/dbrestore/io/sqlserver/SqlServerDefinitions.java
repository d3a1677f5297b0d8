package dev.dbrestore.io.sqlserver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.jdbc.StatementCheck;

/**
 * A SQL Server table's definition as a backup set keeps it: the {@link SqlServerTableDefinition}
 * as JSON in the table's {@code createStatement}, and a deferred index or foreign key as JSON of
 * its own. A restore reads these strictly (an unknown field is refused) and writes its T-SQL
 * from them with {@link SqlServerSchemaWriter}, which checks every type, collation and
 * expression; no text of the set runs as it is.
 */
final class SqlServerDefinitions {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  /** What a table adds after its rows: one secondary index or one foreign key. */
  record Deferred(SqlServerTableDefinition.Index index, SqlServerTableDefinition.ForeignKey foreignKey) {}

  private SqlServerDefinitions() {}

  static String toJson(Object definition) {
    try {
      return JSON.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A definition could not be written as JSON", e);
    }
  }

  /** Reads a definition of the set; refuses, naming the entry, one that is not of that form. */
  static <T> T read(String entry, String where, String json, Class<T> type) {
    try {
      T value = JSON.readValue(json, type);
      if (value == null) {
        throw new StatementCheck.Refused("The " + entry + " in " + where + " has no definition.");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new StatementCheck.Refused("The " + entry + " in " + where + " is not a SQL Server"
          + " table definition this version reads (" + e.getOriginalMessage() + ").");
    }
  }
}
