package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.jdbc.ScratchStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A drill's scratch target on SQL Server: its databases, and dropping one the drill made. */
public final class SqlServerScratch implements ScratchStatements {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  /** Without VIEW ANY DATABASE a login sees only master, tempdb and the databases it may use. */
  static final String SEES_EVERY_DATABASE =
      "SELECT HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW ANY DATABASE')";

  @Override
  public boolean seesEveryDatabase(Connection connection) throws SQLException {
    return "1".equals(SqlServerQueries.value(connection, SEES_EVERY_DATABASE));
  }

  @Override
  public List<String> databases(Connection connection) throws SQLException {
    List<String> databases = new ArrayList<>();
    SqlServerQueries.forEachRow(connection, "SELECT name FROM sys.databases ORDER BY name",
        r -> databases.add(r.getString(1)));
    return databases;
  }

  /** Other sessions of the database are ended first: DROP DATABASE fails while one is open. */
  static String dropStatement(String database) {
    String name = SQL.quote(database);
    return "IF DB_ID(" + SqlServerSchemaWriter.literal(database) + ") IS NOT NULL BEGIN"
        + " ALTER DATABASE " + name + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE;"
        + " DROP DATABASE " + name + " END";
  }

  @Override
  public void dropDatabase(Connection connection, String database) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(dropStatement(database));
    }
  }
}
