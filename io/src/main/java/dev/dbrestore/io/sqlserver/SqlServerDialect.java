package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.jdbc.BulkLoader;
import dev.dbrestore.io.jdbc.ComposedDialect;
import dev.dbrestore.io.jdbc.Dialect;
import java.util.Optional;
import java.util.Set;

/**
 * SQL Server, through mssql-jdbc: one class of this package per role of {@link Dialect},
 * composed. It backs up and restores by backup set only: a logical backup takes no log, so there
 * is no change log reader and no point-in-time restore.
 */
public final class SqlServerDialect extends ComposedDialect {
  private static final long serialVersionUID = 1L;

  private static final String URL_PREFIX = "jdbc:sqlserver:";

  private static final SqlServerConnections CONNECTIONS = new SqlServerConnections();

  public static final SqlServerDialect INSTANCE = new SqlServerDialect();

  private static final SqlServerBulkLoader BULK_LOADER = new SqlServerBulkLoader(CONNECTIONS);

  private SqlServerDialect() {
    super(
        CONNECTIONS,
        SqlServerSyntax.INSTANCE,
        new SqlServerBackupCatalog(),
        new SqlServerSnapshot(),
        new SqlServerValues(),
        new SqlServerRowWriter(),
        new SqlServerStatements(),
        new SqlServerStructure(),
        new SqlServerProbes(),
        new SqlServerJournal(),
        new SqlServerErrors(),
        new SqlServerScratch());
  }

  @Override
  protected Dialect instance() {
    return INSTANCE;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(SqlServerBackupCatalog.KIND);
  }

  @Override
  public boolean acceptsUrl(String jdbcUrl) {
    return jdbcUrl.startsWith(URL_PREFIX);
  }

  @Override
  public String exampleUrl(String host) {
    return URL_PREFIX + "//" + host + ":1433;databaseName=db";
  }

  @Override
  public Optional<BulkLoader> bulkLoader() {
    return Optional.of(BULK_LOADER);
  }
}
