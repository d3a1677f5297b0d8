package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.jdbc.JournalStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The restore journal's tables and statements on MySQL and MariaDB. */
final class MySqlJournal implements JournalStatements {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  @Override
  public void createJournal(Connection connection, String schema) throws SQLException {
    if (SQL.isSystemSchema(schema)) {
      throw new UserError(
          "The journal schema " + SQL.quote(schema) + " is one of the server's own; choose another"
              + " with journalSchema or --journal-schema.");
    }
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + SQL.quote(schema) + " CHARACTER SET utf8mb4");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + SQL.qualified(schema, "chunks_done")
              + " (task_id VARCHAR(64) NOT NULL, chunk_file VARCHAR(255) NOT NULL,"
              + " target_table VARCHAR(400) NOT NULL, row_count BIGINT NOT NULL,"
              + " done_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
              + " PRIMARY KEY (task_id, chunk_file)) ENGINE=InnoDB");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + SQL.qualified(schema, "objects_done")
              + " (task_id VARCHAR(64) NOT NULL, object VARCHAR(400) NOT NULL,"
              + " done_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
              + " PRIMARY KEY (task_id, object)) ENGINE=InnoDB");
    }
  }

  @Override
  public boolean isChunkDone(Connection connection, String schema, String taskId, String chunkFile)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM "
                + SQL.qualified(schema, "chunks_done")
                + " WHERE task_id = ? AND chunk_file = ?")) {
      s.setString(1, taskId);
      s.setString(2, chunkFile);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  @Override
  public void markChunkDone(
      Connection connection,
      String schema,
      String taskId,
      String chunkFile,
      String targetTable,
      long rows)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO "
                + SQL.qualified(schema, "chunks_done")
                + " (task_id, chunk_file, target_table, row_count) VALUES (?, ?, ?, ?)")) {
      s.setString(1, taskId);
      s.setString(2, chunkFile);
      s.setString(3, targetTable);
      s.setLong(4, rows);
      s.executeUpdate();
    }
  }

  /** Chunk files or journal entries in one statement at most, well under any packet limit. */
  private static final int CHUNKS_PER_STATEMENT = 500;

  @Override
  public Set<String> chunksDone(
      Connection connection, String schema, String taskId, Collection<String> chunkFiles)
      throws SQLException {
    Set<String> done = new HashSet<>();
    List<String> files = new ArrayList<>(chunkFiles);
    for (int from = 0; from < files.size(); from += CHUNKS_PER_STATEMENT) {
      List<String> part = files.subList(from, Math.min(files.size(), from + CHUNKS_PER_STATEMENT));
      // A plain read, as isChunkDone's: no lock, so no gap lock to deadlock another batch on.
      try (PreparedStatement s =
          connection.prepareStatement(
              "SELECT chunk_file FROM " + SQL.qualified(schema, "chunks_done")
                  + " WHERE task_id = ? AND chunk_file IN ("
                  + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")) {
        s.setString(1, taskId);
        for (int i = 0; i < part.size(); i++) {
          s.setString(i + 2, part.get(i));
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            done.add(r.getString(1));
          }
        }
      }
    }
    return done;
  }

  @Override
  public void markChunksDone(
      Connection connection, String schema, String taskId, List<ChunkDone> entries)
      throws SQLException {
    for (int from = 0; from < entries.size(); from += CHUNKS_PER_STATEMENT) {
      List<ChunkDone> part =
          entries.subList(from, Math.min(entries.size(), from + CHUNKS_PER_STATEMENT));
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT INTO " + SQL.qualified(schema, "chunks_done")
                  + " (task_id, chunk_file, target_table, row_count) VALUES "
                  + String.join(", ", Collections.nCopies(part.size(), "(?, ?, ?, ?)")))) {
        int i = 1;
        for (ChunkDone entry : part) {
          s.setString(i++, taskId);
          s.setString(i++, entry.chunkFile());
          s.setString(i++, entry.targetTable());
          s.setLong(i++, entry.rows());
        }
        s.executeUpdate();
      }
    }
  }

  @Override
  public Set<String> chunksDone(Connection connection, String schema, String taskId)
      throws SQLException {
    return journalColumn(connection, schema, "chunks_done", "chunk_file", taskId);
  }

  @Override
  public Map<String, Long> journaledRows(Connection connection, String schema, String taskId)
      throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    if (!MySqlQueries.schemaExists(connection, schema)) {
      return rows;
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT target_table, SUM(row_count) FROM "
                + SQL.qualified(schema, "chunks_done")
                + " WHERE task_id = ? GROUP BY target_table")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.put(r.getString(1), r.getLong(2));
        }
      }
    } catch (SQLException e) {
      if (e.getErrorCode() != 1146) {
        throw e;
      }
    }
    return rows;
  }

  @Override
  public Set<String> objectsDone(Connection connection, String schema, String taskId)
      throws SQLException {
    Set<String> objects = journalColumn(connection, schema, "objects_done", "object", taskId);
    objects.remove(Journal.STOP_ENTRY);
    return objects;
  }

  private Set<String> journalColumn(
      Connection connection, String schema, String table, String column, String taskId)
      throws SQLException {
    Set<String> values = new HashSet<>();
    if (!MySqlQueries.schemaExists(connection, schema)) {
      return values;
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT " + column + " FROM " + SQL.qualified(schema, table) + " WHERE task_id = ?")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          values.add(r.getString(1));
        }
      }
    } catch (SQLException e) {
      // 1146: the schema exists but not the table (a journal being created); nothing done yet.
      if (e.getErrorCode() != 1146) {
        throw e;
      }
    }
    return values;
  }

  @Override
  public void markObjectDone(Connection connection, String schema, String taskId, String object)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT IGNORE INTO "
                + SQL.qualified(schema, "objects_done")
                + " (task_id, object) VALUES (?, ?)")) {
      s.setString(1, taskId);
      s.setString(2, object);
      s.executeUpdate();
    }
  }

  @Override
  public void markObjectsDone(
      Connection connection, String schema, String taskId, List<String> objects)
      throws SQLException {
    for (int from = 0; from < objects.size(); from += CHUNKS_PER_STATEMENT) {
      List<String> part =
          objects.subList(from, Math.min(objects.size(), from + CHUNKS_PER_STATEMENT));
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT IGNORE INTO " + SQL.qualified(schema, "objects_done")
                  + " (task_id, object) VALUES "
                  + String.join(", ", Collections.nCopies(part.size(), "(?, ?)")))) {
        int i = 1;
        for (String object : part) {
          s.setString(i++, taskId);
          s.setString(i++, object);
        }
        s.executeUpdate();
      }
    }
  }

  @Override
  public void clearStop(Connection connection, String schema, String taskId)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "DELETE FROM " + SQL.qualified(schema, "objects_done")
                + " WHERE task_id = ? AND object = ?")) {
      s.setString(1, taskId);
      s.setString(2, Journal.STOP_ENTRY);
      s.executeUpdate();
    }
  }

  @Override
  public boolean isStopped(Connection connection, String schema, String taskId)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM " + SQL.qualified(schema, "objects_done")
                + " WHERE task_id = ? AND object = ?")) {
      s.setString(1, taskId);
      s.setString(2, Journal.STOP_ENTRY);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static final Map<String, Set<String>> JOURNAL_TABLES =
      Map.of(
          "chunks_done", Set.of("task_id", "chunk_file", "target_table", "row_count", "done_at"),
          "objects_done", Set.of("task_id", "object", "done_at"));

  @Override
  public boolean dropJournal(Connection connection, String schema) throws SQLException {
    if (SQL.isSystemSchema(schema)) {
      throw new UserError(
          "The schema " + SQL.quote(schema) + " is one of the server's own, never a restore journal;"
              + " nothing was dropped.");
    }
    if (!MySqlQueries.schemaExists(connection, schema)) {
      return false;
    }
    List<String> foreign = notJournal(connection, schema);
    if (!foreign.isEmpty()) {
      throw Journal.holdsMore(SQL.quote(schema), foreign);
    }
    try (Statement s = connection.createStatement()) {
      // The journal's own tables first; the schema itself only once it is empty.
      for (String table : JOURNAL_TABLES.keySet()) {
        s.execute("DROP TABLE IF EXISTS " + SQL.qualified(schema, table));
      }
      List<String> late = notJournal(connection, schema);
      if (!late.isEmpty()) {
        throw new UserError(
            "Objects appeared in the schema " + SQL.quote(schema) + " while its journal was dropped ("
                + String.join(", ", late) + "); the schema was kept with them.");
      }
      s.execute("DROP DATABASE " + SQL.quote(schema));
    }
    return true;
  }

  @Override
  public List<String> notJournal(Connection connection, String schema) throws SQLException {
    List<String> foreign = new ArrayList<>();
    Map<String, Set<String>> columns = new LinkedHashMap<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " ORDER BY TABLE_NAME")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String name = r.getString(1);
          String type = r.getString(2);
          if (!"BASE TABLE".equals(type) || !JOURNAL_TABLES.containsKey(name)) {
            foreign.add(("BASE TABLE".equals(type) ? "table" : type.toLowerCase(java.util.Locale.ROOT))
                + " " + SQL.quote(name));
          } else {
            columns.put(name, new HashSet<>());
          }
        }
      }
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Set<String> of = columns.get(r.getString(1));
          if (of != null) {
            of.add(r.getString(2));
          }
        }
      }
    }
    columns.forEach(
        (table, found) -> {
          if (!found.equals(JOURNAL_TABLES.get(table))) {
            foreign.add("table " + SQL.quote(table) + " with other columns than the journal's");
          }
        });
    String[][] others = {
      {"routine", "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"},
      {"trigger", "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"},
      {"event", "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?"}
    };
    for (String[] kind : others) {
      try (PreparedStatement s = connection.prepareStatement(kind[1])) {
        s.setString(1, schema);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            foreign.add(kind[0] + " " + SQL.quote(r.getString(1)));
          }
        }
      } catch (SQLException e) {
        if (!kind[0].equals("event") || !MySqlErrors.isEventSchedulerDisabled(e)) {
          throw e;
        }
        // With the scheduler DISABLED the server cannot list events: ask its own table.
        try (PreparedStatement s =
            connection.prepareStatement("SELECT name FROM mysql.event WHERE db = ?")) {
          s.setString(1, schema);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              foreign.add("event " + SQL.quote(r.getString(1)));
            }
          }
        }
      }
    }
    return foreign;
  }
}
