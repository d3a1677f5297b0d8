package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ScratchStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A drill's scratch target on MySQL and MariaDB. */
final class MySqlScratch implements ScratchStatements {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  @Override
  public List<String> databases(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  @Override
  public boolean tryLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    }
  }

  @Override
  public void dropDatabase(Connection connection, String database) throws SQLException {
    if (SQL.isSystemSchema(database)) {
      throw new UserError("The database " + SQL.quote(database) + " is one of the server's own;"
          + " it is never dropped.");
    }
    try (Statement s = connection.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + SQL.quote(database));
    }
  }
}
