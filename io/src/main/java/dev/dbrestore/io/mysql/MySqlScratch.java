package dev.dbrestore.io.mysql;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ScratchStatements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A drill's scratch target on MySQL and MariaDB. */
final class MySqlScratch implements ScratchStatements {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  @Override
  public boolean seesEveryDatabase(Connection connection) throws SQLException {
    // USER_PRIVILEGES holds the session account's global privileges, one row each.
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery("SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES"
                + " WHERE PRIVILEGE_TYPE = 'SHOW DATABASES'")) {
      return r.next() && r.getLong(1) > 0;
    }
  }

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
