package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;

/**
 * Which SQL Server targets a backup set restores into: the same or a newer major version, as
 * SERVERPROPERTY('ProductVersion') gives it ("16.0.4135.4" is SQL Server 2022).
 */
public final class SqlServerVersionRule {
  /** The query that reads a server's version. */
  public static final String VERSION_QUERY =
      "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))";

  private SqlServerVersionRule() {}

  /** The major version of a ProductVersion ("16.0.4135.4" is 16). */
  public static int major(String productVersion) {
    String v = productVersion == null ? "" : productVersion.strip();
    int dot = v.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
    } catch (NumberFormatException e) {
      throw new UserError("The SQL Server version " + productVersion + " is not one this"
          + " version can read.");
    }
  }

  /** The product's name for a major version, for messages. */
  public static String productName(int major) {
    return switch (major) {
      case 11 -> "SQL Server 2012";
      case 12 -> "SQL Server 2014";
      case 13 -> "SQL Server 2016";
      case 14 -> "SQL Server 2017";
      case 15 -> "SQL Server 2019";
      case 16 -> "SQL Server 2022";
      case 17 -> "SQL Server 2025";
      default -> "SQL Server " + major;
    };
  }

  /**
   * Why a set from a source version cannot be restored into a target version, or null when it
   * can: a target of an older major version may lack a type, function or option the set uses.
   */
  public static String refusal(String sourceVersion, String targetVersion) {
    int source = major(sourceVersion);
    int target = major(targetVersion);
    if (target >= source) {
      return null;
    }
    return "The backup set comes from " + productName(source) + " (" + sourceVersion
        + ") and the target is " + productName(target) + " (" + targetVersion
        + "); a SQL Server set restores into the same or a newer version only.";
  }
}
