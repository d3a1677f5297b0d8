package dev.dbrestore.io.mysql;

import dev.dbrestore.io.jdbc.BulkLoader;
import dev.dbrestore.io.jdbc.ChangeLogReader;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.jdbc.ComposedDialect;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.EmbeddedDatabase;
import dev.dbrestore.io.mysql.binlog.BinlogReader;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDbKit;
import dev.dbrestore.io.mysql.replay.MySqlChangeWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL and MariaDB, through MySQL Connector/J: one class of this package per role of {@link
 * Dialect}, composed.
 */
public final class MySqlDialect extends ComposedDialect {
  private static final long serialVersionUID = 1L;

  /** The kind of a MySQL server, as manifests and data-source files name it. */
  public static final String MYSQL = "mysql";

  /** The kind of a MariaDB server. */
  public static final String MARIADB = "mariadb";

  private static final String URL_PREFIX = "jdbc:mysql:";

  private static final MySqlConnections CONNECTIONS = new MySqlConnections();

  public static final MySqlDialect INSTANCE = new MySqlDialect();

  private static final MySqlBulkLoader BULK_LOADER = new MySqlBulkLoader(CONNECTIONS);

  private MySqlDialect() {
    super(
        CONNECTIONS,
        MySqlSyntax.INSTANCE,
        new MySqlCatalog(),
        new MySqlSnapshot(),
        new MySqlValues(),
        new MySqlRowWriter(),
        new MySqlStatements(),
        new MySqlSchemaWriter(),
        new MySqlProbes(),
        new MySqlJournal(),
        new MySqlErrors(),
        new MySqlScratch());
  }

  @Override
  protected Dialect instance() {
    return INSTANCE;
  }

  @Override
  public Set<String> kinds() {
    return new LinkedHashSet<>(List.of(MYSQL, MARIADB));
  }

  @Override
  public boolean acceptsUrl(String jdbcUrl) {
    return jdbcUrl.startsWith(URL_PREFIX);
  }

  @Override
  public String exampleUrl(String host) {
    return URL_PREFIX + "//" + host + ":3306/";
  }

  @Override
  public Optional<BulkLoader> bulkLoader() {
    return Optional.of(BULK_LOADER);
  }

  @Override
  public Optional<ChangeLogReader> changeLogReader() {
    return Optional.of(new BinlogReader());
  }

  @Override
  public Optional<ChangeWriter> changeWriter() {
    return Optional.of(MySqlChangeWriter.INSTANCE);
  }

  @Override
  public Optional<EmbeddedDatabase> embedded() {
    return Optional.of(new EmbeddedMariaDbKit());
  }
}
