package dev.dbrestore.io.mysql.embedded;

import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.mysql.MySqlDialect;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A fingerprint of a table's content computed by the server itself: the row count and an
 * order-independent XOR of each row's MD5 over every column's exact text or bytes. Used where
 * CHECKSUM TABLE cannot be trusted (MariaDB gives tables with generated columns a different
 * checksum for identical copies, MDEV-32079).
 */
public final class TableFingerprint {
  private static final Set<String> NUMERIC =
      Set.of(
          "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric",
          "double", "real");
  private static final Dialect DIALECT = MySqlDialect.INSTANCE;

  private TableFingerprint() {}

  /** "rows:xor" for the table, equal on two servers exactly when their rows are equal. */
  public static String of(Connection c, String database, String table) throws SQLException {
    List<String> parts = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      s.setString(1, database);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String column = DIALECT.quote(r.getString(1));
          String type = r.getString(2).toLowerCase(Locale.ROOT);
          String exact =
              type.equals("float")
                  ? "CAST(CAST(" + column + " AS DOUBLE) AS CHAR)"
                  : NUMERIC.contains(type) ? "CAST(" + column + " AS CHAR)" : "HEX(" + column + ")";
          parts.add("IFNULL(" + exact + ", '\\0')");
        }
      }
    }
    String qualified = DIALECT.qualified(database, table);
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00'");
      try (ResultSet r =
          s.executeQuery(
              "SELECT COUNT(*), BIT_XOR(CAST(CONV(LEFT(MD5(CONCAT_WS('|', "
                  + String.join(", ", parts)
                  + ")), 16), 16, 10) AS UNSIGNED)) FROM "
                  + qualified)) {
        r.next();
        return r.getLong(1) + ":" + new BigInteger(r.getString(2)).toString(16);
      }
    }
  }
}
