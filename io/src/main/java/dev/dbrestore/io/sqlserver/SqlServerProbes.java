package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.jdbc.TargetProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the pre-check and the writers ask a SQL Server target. Privileges come in the pre-check's
 * words as well as SQL Server's (CREATE TABLE is also CREATE, CREATE FUNCTION with CREATE
 * PROCEDURE is CREATE ROUTINE, ALTER is TRIGGER); SQL Server has no storage engines, character
 * sets apart from collations, events or packet limit of MySQL's kind, and says so.
 */
public final class SqlServerProbes implements TargetProbe {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  /** The largest value one parameter carries (varbinary(max): 2^31 - 1 bytes). */
  static final long LARGEST_PARAMETER = Integer.MAX_VALUE;

  /** The account as SQL Server names it: the login, and the database user it maps to. */
  static final String ACCOUNT = "SELECT SUSER_SNAME() + N' (user ' + USER_NAME() + N')'";

  /** The session's permissions in a database, run in that database's context. */
  static String permissionsQuery(String database) {
    return "EXEC " + SQL.quote(database) + ".sys.sp_executesql N'SELECT permission_name FROM"
        + " sys.fn_my_permissions(NULL, N''DATABASE'')'";
  }

  static final String SERVER_PERMISSIONS =
      "SELECT permission_name FROM sys.fn_my_permissions(NULL, N'SERVER')";

  static final String READ_ONLY =
      "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS nvarchar(20))";

  /** A table's columns: name, type and its lengths, collation; in the table's database. */
  static String columnsQuery(String database) {
    String sys = SQL.quote(database) + ".sys.";
    return "SELECT c.name, ty.name, c.max_length, c.precision, c.scale, c.collation_name"
        + " FROM " + sys + "columns c JOIN " + sys + "types ty ON ty.user_type_id = c.user_type_id"
        + " WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id";
  }

  /** {@link SqlServerVersionRule}: the whole ProductVersion, compared part by part. */
  @Override
  public String versionRefusal(String sourceVersion, String targetVersion) {
    return SqlServerVersionRule.refusal(sourceVersion, targetVersion);
  }

  @Override
  public String currentAccount(Connection connection) throws SQLException {
    return SqlServerQueries.value(connection, ACCOUNT);
  }

  @Override
  public Set<String> privileges(Connection connection, String database) throws SQLException {
    Set<String> privileges = new HashSet<>();
    SqlServerQueries.RowReader add = r -> privileges.add(r.getString(1).toUpperCase(Locale.ROOT));
    SqlServerQueries.forEachRow(connection, SERVER_PERMISSIONS, add);
    if (SqlServerQueries.exists(connection, "SELECT 1 WHERE DB_ID(?) IS NOT NULL", database)) {
      SqlServerQueries.forEachRow(connection, permissionsQuery(database), add);
    } else if (privileges.contains("CREATE ANY DATABASE")) {
      // The restore creates the database and owns it: every permission in it.
      privileges.addAll(Set.of("CONTROL", "SELECT", "INSERT", "UPDATE", "DELETE"));
    }
    if (privileges.contains("CONTROL") || privileges.contains("CONTROL SERVER")) {
      privileges.addAll(Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "ALTER", "CREATE TABLE",
          "CREATE VIEW", "CREATE FUNCTION", "CREATE PROCEDURE"));
    }
    if (privileges.contains("CREATE TABLE")) {
      privileges.add("CREATE");
    }
    if (privileges.contains("CREATE FUNCTION") && privileges.contains("CREATE PROCEDURE")) {
      privileges.add("CREATE ROUTINE");
    }
    if (privileges.contains("ALTER")) {
      privileges.add("TRIGGER");
    }
    return privileges;
  }

  /** SQL Server has no storage engines to choose. */
  @Override
  public Set<String> engines(Connection connection) {
    return Set.of();
  }

  /** SQL Server's code pages come with its collations: no character set is named apart. */
  @Override
  public Set<String> characterSets(Connection connection) {
    return Set.of();
  }

  @Override
  public Set<String> collations(Connection connection) throws SQLException {
    Set<String> collations = new HashSet<>();
    SqlServerQueries.forEachRow(connection, "SELECT name FROM sys.fn_helpcollations()",
        r -> collations.add(r.getString(1).toLowerCase(Locale.ROOT)));
    return collations;
  }

  /** No packet limit of MySQL's kind: the largest value one parameter carries. */
  @Override
  public long maxAllowedPacket(Connection connection) {
    return LARGEST_PARAMETER;
  }

  /** Whether the database the URL names is read-only (or a readable secondary replica). */
  @Override
  public boolean isReadOnly(Connection connection) throws SQLException {
    return "READ_ONLY".equalsIgnoreCase(SqlServerQueries.value(connection, READ_ONLY));
  }

  /** SQL Server has no events to run. */
  @Override
  public boolean eventSchedulerRunning(Connection connection) {
    return false;
  }

  @Override
  public long countRows(Connection connection, String database, String table)
      throws SQLException {
    return Long.parseLong(SqlServerQueries.value(
        connection, "SELECT COUNT_BIG(*) FROM " + SQL.qualified(database, table)));
  }

  @Override
  public Map<String, String> columnTypes(Connection connection, String database, String table)
      throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    SqlServerQueries.forEachRow(connection, columnsQuery(database),
        r -> types.put(r.getString(1),
            SqlServerCatalog.spelledType(r.getString(2), r.getInt(3), r.getInt(4), r.getInt(5))),
        SQL.qualified(database, table));
    return types;
  }

  /** Each column's collation, which on SQL Server decides its code page (null for non-text). */
  @Override
  public Map<String, String> columnCharsets(Connection connection, String database, String table)
      throws SQLException {
    Map<String, String> collations = new LinkedHashMap<>();
    SqlServerQueries.forEachRow(connection, columnsQuery(database),
        r -> collations.put(r.getString(1), r.getString(6)), SQL.qualified(database, table));
    return collations;
  }
}
