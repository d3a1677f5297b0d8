package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;

/**
 * Which SQL Server targets a backup set restores into: the same or a newer version, the whole
 * SERVERPROPERTY('ProductVersion') compared ("16.0.4135.4" is SQL Server 2022, cumulative
 * update 16.0.4135).
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
   * A ProductVersion's four numbers, major.minor.build.revision ("16.0.4135.4"); a missing part
   * is 0.
   */
  public static long[] parts(String productVersion) {
    String v = productVersion == null ? "" : productVersion.strip();
    if (!v.matches("[0-9]{1,9}(\\.[0-9]{1,9}){0,3}")) {
      throw new UserError("The SQL Server version " + productVersion + " is not one this"
          + " version can read.");
    }
    long[] parts = new long[4];
    String[] numbers = v.split("\\.");
    for (int i = 0; i < numbers.length; i++) {
      parts[i] = Long.parseLong(numbers[i]);
    }
    return parts;
  }

  /** Compares two ProductVersions number by number (16.0.999.0 is older than 16.0.1000.6). */
  public static int compare(String a, String b) {
    long[] x = parts(a);
    long[] y = parts(b);
    for (int i = 0; i < 4; i++) {
      if (x[i] != y[i]) {
        return Long.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  /**
   * Why a set from a source version cannot be restored into a target version, or null when it
   * can: a target older than the source, by its whole ProductVersion (an older major version,
   * or an older cumulative update of the same one), may lack a type, function, option or fix
   * the set relies on.
   */
  public static String refusal(String sourceVersion, String targetVersion) {
    if (compare(targetVersion, sourceVersion) >= 0) {
      return null;
    }
    int source = major(sourceVersion);
    int target = major(targetVersion);
    return "The backup set comes from " + productName(source) + " (" + sourceVersion
        + ") and the target is " + (target == source ? "an older build of it" : productName(target))
        + " (" + targetVersion + "); a SQL Server set restores into the same or a newer version"
        + " only.";
  }
}
