package dev.dbrestore.io.mysql;

import dev.dbrestore.io.jdbc.SqlSyntax;
import java.util.List;

/** Backtick quoting, key conditions and the system schemas of MySQL and MariaDB. */
final class MySqlSyntax implements SqlSyntax {
  static final MySqlSyntax INSTANCE = new MySqlSyntax();

  private MySqlSyntax() {}

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static final List<String> SYSTEM_SCHEMAS =
      List.of("mysql", "sys", "performance_schema", "information_schema");

  @Override
  public List<String> systemSchemas() {
    return SYSTEM_SCHEMAS;
  }
}
