package dev.dbrestore.io.mysql.embedded;

import dev.dbrestore.io.jdbc.EmbeddedDatabase;
import dev.dbrestore.io.jdbc.EmbeddedServer;
import java.sql.Connection;
import java.sql.SQLException;

/** The embedded MariaDB server, its sample database and its table fingerprint, as one kit. */
public final class EmbeddedMariaDbKit implements EmbeddedDatabase {
  @Override
  public String serverName() {
    return "MariaDB";
  }

  @Override
  public EmbeddedServer start(String name) {
    return EmbeddedMariaDb.start(name);
  }

  @Override
  public void createSampleDatabase(Connection connection, String database, int rows)
      throws SQLException {
    SampleDatabase.create(connection, database, rows);
  }

  @Override
  public String fingerprint(Connection connection, String database, String table)
      throws SQLException {
    return TableFingerprint.of(connection, database, table);
  }
}
