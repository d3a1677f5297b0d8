package dev.dbrestore.pipelines;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares a database on the target with the same database on the source as a DBA would, from
 * the servers alone: the catalog's lists of objects (schema with its character set and collation,
 * tables, columns, indexes, foreign keys, partitions, views, routines, parameters, triggers,
 * events), CHECKSUM TABLE EXTENDED of every base table, and SHOW CREATE of every object. Only the
 * DEFINER is normalised: a restore makes the restoring account the definer by design.
 */
final class SameAsSource {
  private static final String[][] LISTS = {
    {"schema", "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
        + " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"},
    {"tables", "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, ROW_FORMAT, TABLE_COLLATION, CREATE_OPTIONS,"
        + " TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
        + " ORDER BY BINARY TABLE_NAME"},
    {"columns", "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE,"
        + " COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_KEY, EXTRA,"
        + " GENERATION_EXPRESSION, COLUMN_COMMENT FROM information_schema.COLUMNS"
        + " WHERE TABLE_SCHEMA = ? ORDER BY BINARY TABLE_NAME, ORDINAL_POSITION"},
    {"indexes", "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, NON_UNIQUE,"
        + " INDEX_TYPE, COLLATION FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
        + " ORDER BY BINARY TABLE_NAME, BINARY INDEX_NAME, SEQ_IN_INDEX"},
    {"foreign keys", "SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE,"
        + " DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS"
        + " WHERE CONSTRAINT_SCHEMA = ? ORDER BY BINARY CONSTRAINT_NAME"},
    {"partitions", "SELECT TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME, PARTITION_METHOD,"
        + " PARTITION_EXPRESSION, PARTITION_DESCRIPTION, PARTITION_ORDINAL_POSITION"
        + " FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL"
        + " ORDER BY BINARY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION"},
    {"views", "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, IS_UPDATABLE, SECURITY_TYPE,"
        + " CHARACTER_SET_CLIENT, COLLATION_CONNECTION, ALGORITHM FROM information_schema.VIEWS"
        + " WHERE TABLE_SCHEMA = ? ORDER BY BINARY TABLE_NAME"},
    {"routines", "SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION,"
        + " IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, SQL_MODE, ROUTINE_COMMENT,"
        + " CHARACTER_SET_CLIENT, COLLATION_CONNECTION, DATABASE_COLLATION"
        + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"
        + " ORDER BY ROUTINE_TYPE, ROUTINE_NAME"},
    {"parameters", "SELECT SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION, PARAMETER_MODE,"
        + " PARAMETER_NAME, DTD_IDENTIFIER FROM information_schema.PARAMETERS"
        + " WHERE SPECIFIC_SCHEMA = ? ORDER BY ROUTINE_TYPE, SPECIFIC_NAME, ORDINAL_POSITION"},
    {"triggers", "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER,"
        + " ACTION_STATEMENT, ACTION_TIMING, SQL_MODE, CHARACTER_SET_CLIENT, COLLATION_CONNECTION,"
        + " DATABASE_COLLATION FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
        + " ORDER BY BINARY TRIGGER_NAME"},
    {"events", "SELECT EVENT_NAME, TIME_ZONE, EVENT_DEFINITION, EVENT_TYPE, EXECUTE_AT,"
        + " INTERVAL_VALUE, INTERVAL_FIELD, SQL_MODE, STARTS, ENDS, STATUS, ON_COMPLETION,"
        + " EVENT_COMMENT, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, DATABASE_COLLATION"
        + " FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY BINARY EVENT_NAME"},
  };

  private SameAsSource() {}

  /** Every way the database differs between the two servers, one line each; empty if none. */
  static List<String> differences(EmbeddedMariaDb source, EmbeddedMariaDb target, String database)
      throws SQLException {
    List<String> differences = new ArrayList<>();
    try (Connection s = source.connect();
        Connection t = target.connect()) {
      for (String[] list : LISTS) {
        List<String> expected = rows(s, list[1], database);
        List<String> actual = rows(t, list[1], database);
        if (!expected.equals(actual)) {
          differences.add(list[0] + ": source " + expected + ", target " + actual);
        }
      }
      if (rows(s, LISTS[0][1], database).isEmpty()) {
        differences.add("the source has no database " + database);
      }
      String q = quote(database);
      for (String[] object : objects(s, database)) {
        String kind = object[0];
        String name = q + "." + quote(object[1]);
        if (kind.equals("BASE TABLE")) {
          compare(differences, s, t, "CHECKSUM TABLE " + name + " EXTENDED");
          compare(differences, s, t, "SHOW CREATE TABLE " + name);
        } else {
          compare(differences, s, t, "SHOW CREATE " + kind + " " + name);
        }
      }
    }
    return differences;
  }

  /** Kind (BASE TABLE, VIEW, FUNCTION, PROCEDURE, TRIGGER, EVENT) and name of every object. */
  private static List<String[]> objects(Connection c, String database) throws SQLException {
    String sql =
        "SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'BASE TABLE'), TABLE_NAME"
            + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
            + " UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
            + " WHERE ROUTINE_SCHEMA = ?"
            + " UNION ALL SELECT 'TRIGGER', TRIGGER_NAME FROM information_schema.TRIGGERS"
            + " WHERE TRIGGER_SCHEMA = ?"
            + " UNION ALL SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS"
            + " WHERE EVENT_SCHEMA = ?";
    List<String[]> objects = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 1; i <= 4; i++) {
        p.setString(i, database);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          objects.add(new String[] {r.getString(1), r.getString(2)});
        }
      }
    }
    return objects;
  }

  private static void compare(List<String> differences, Connection s, Connection t, String sql)
      throws SQLException {
    List<String> expected = shown(s, sql);
    List<String> actual = shown(t, sql);
    if (!expected.equals(actual)) {
      differences.add(sql + ": source " + expected + ", target " + actual);
    }
  }

  /**
   * The columns of a SHOW or CHECKSUM statement's row, DEFINER normalised; a trigger's Created
   * time is when it was created, so it is left out.
   */
  private static List<String> shown(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet r = st.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        for (int i = 1; i <= columns; i++) {
          if (!r.getMetaData().getColumnLabel(i).equalsIgnoreCase("Created")) {
            values.add(withoutDefiner(r.getString(i)));
          }
        }
      }
    } catch (SQLException e) {
      values.add("error: " + e.getMessage());
    }
    return values;
  }

  private static List<String> rows(Connection c, String sql, String database)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, database);
      try (ResultSet r = p.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            row.add(Objects.toString(r.getString(i), "<null>"));
          }
          rows.add(String.join(" | ", row));
        }
      }
    }
    return rows;
  }

  private static String withoutDefiner(String text) {
    return text == null ? null : text.replaceAll("DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`", "DEFINER=?");
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
