package dev.dbrestore.io.mysql;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.BulkLoader;
import dev.dbrestore.io.jdbc.ConnectionSettings;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.parquet.ChunkCursor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** LOAD DATA LOCAL INFILE from a stream, on a connection that can send no file. */
final class MySqlBulkLoader implements BulkLoader {
  private static final MySqlSyntax SQL = MySqlSyntax.INSTANCE;

  private final ConnectionSettings connections;

  MySqlBulkLoader(ConnectionSettings connections) {
    this.connections = connections;
  }

  /**
   * LOAD DATA LOCAL needs the client to offer local files at the handshake. Offered through
   * allowLoadLocalInfileInPath pointing at an empty private folder, so that while the connection
   * is set up a server can read nothing; {@link #arm} then attaches an empty stream for
   * good and only afterwards allows streams, so no statement can ever make the driver open a
   * file the server names.
   */
  @Override
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>(connections.writeProperties());
    p.put("allowLoadLocalInfile", "false");
    p.put("allowLoadLocalInfileInPath", NoLocalFiles.folder());
    return p;
  }

  @Override
  public void arm(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(NoLocalFiles.EMPTY);
    }
    connection
        .unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
        .getPropertySet()
        .getBooleanProperty(com.mysql.cj.conf.PropertyKey.allowLoadLocalInfile)
        .setValue(true);
  }

  @Override
  public boolean canLoad(List<Manifest.Column> columns, Map<String, String> targetCharsets) {
    // The file is read as CHARACTER SET binary: every value's bytes go into the column as they
    // are, unconverted and unchecked. That is exact only where those bytes are already in the
    // target column's character set: UTF-8 text into utf8mb4 columns, raw bytes of a character
    // set into a column of the same one, bytes into binary columns. BIT and spatial values
    // LOAD DATA takes only through SET expressions. Anything else goes by INSERT, where the
    // server converts and checks.
    if (columns.isEmpty()) {
      return false;
    }
    for (Manifest.Column column : columns) {
      String type = column.type().toLowerCase(Locale.ROOT);
      String base = type.replaceAll("[ (].*", "");
      String target = targetCharsets.get(column.name());
      boolean ok =
          switch (column.encoding()) {
            case LONG, FLOAT, DOUBLE, SERVER_TEXT -> true;
            case TEXT -> "utf8mb4".equalsIgnoreCase(target);
            case BYTES ->
                column.characterSet() != null
                    ? column.characterSet().equalsIgnoreCase(target)
                    : base.contains("binary") || base.contains("blob");
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean load(
      Connection connection,
      String database,
      String table,
      List<Manifest.Column> columns,
      DataConflictPolicy policy,
      java.io.InputStream rows,
      long expectedRows)
      throws SQLException {
    String names = columns.stream().map(c -> SQL.quote(c.name())).collect(Collectors.joining(", "));
    String sql =
        "LOAD DATA LOCAL INFILE 'dbrestore-chunk' "
            + switch (policy) {
              case STOP -> "";
              case IGNORE -> "IGNORE ";
              case OVERWRITE -> "REPLACE ";
            }
            + "INTO TABLE "
            + SQL.qualified(database, table)
            + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'"
            + " LINES TERMINATED BY '\\n' ("
            + names
            + ")";
    try (Statement s = connection.createStatement()) {
      com.mysql.cj.jdbc.JdbcStatement load = s.unwrap(com.mysql.cj.jdbc.JdbcStatement.class);
      load.setLocalInfileInputStream(rows);
      long affected;
      try {
        affected = s.executeLargeUpdate(sql);
      } finally {
        try {
          load.setLocalInfileInputStream(NoLocalFiles.EMPTY);
        } catch (RuntimeException connectionGone) {
          // The session died with the load (its error follows); nothing can be sent on it.
        }
      }
      // LOCAL turns errors into warnings (the server cannot stop the stream): a truncated
      // value, or a duplicate the policy must not skip, shows only here.
      for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
        if (!(policy == DataConflictPolicy.IGNORE && w.getErrorCode() == MySqlErrors.DUPLICATE_KEY)) {
          return false;
        }
      }
      return policy != DataConflictPolicy.STOP || affected == expectedRows;
    }
  }

  @Override
  public long loadChunk(
      Connection connection,
      String database,
      String table,
      List<Manifest.Column> columns,
      DataConflictPolicy policy,
      ChunkCursor rows,
      long expectedRows)
      throws SQLException {
    TsvChunkStream stream = new TsvChunkStream(rows, Manifest.Column.encodings(columns));
    boolean exact = load(connection, database, table, columns, policy, stream, expectedRows);
    return exact ? stream.rows() : -1;
  }

  /** An empty folder of this process's own, and a stream with nothing in it. */
  static final class NoLocalFiles {
    static final java.io.InputStream EMPTY =
        new java.io.InputStream() {
          @Override
          public int read() {
            return -1;
          }
        };
    private static String folder;

    static synchronized String folder() {
      if (folder == null) {
        try {
          folder =
              java.nio.file.Files.createTempDirectory(
                      "dbrestore-no-local-files",
                      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")))
                  .toString();
          // It stays empty, so the JVM can remove it when it exits.
          new java.io.File(folder).deleteOnExit();
        } catch (java.io.IOException e) {
          throw new IllegalStateException("Cannot create an empty private folder", e);
        }
      }
      return folder;
    }

    private NoLocalFiles() {}
  }
}
