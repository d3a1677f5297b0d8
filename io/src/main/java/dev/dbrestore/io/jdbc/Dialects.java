package dev.dbrestore.io.jdbc;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.mysql.MySqlDialect;
import dev.dbrestore.io.sqlserver.SqlServerDialect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The dialects this version has: picks one by JDBC URL or kind, and names the kinds it knows. */
public final class Dialects {
  private static final List<Dialect> DIALECTS =
      List.of(MySqlDialect.INSTANCE, SqlServerDialect.INSTANCE);

  /** The product's name of a kind, for sentences; a kind not named here is its own name. */
  private static final Map<String, String> PRODUCT_NAMES = Map.of("sqlserver", "SQL Server");

  private Dialects() {}

  /** The dialect for a JDBC URL; refuses, in one sentence, a URL no dialect connects with. */
  public static Dialect forUrl(String jdbcUrl) {
    for (Dialect dialect : DIALECTS) {
      if (dialect.acceptsUrl(jdbcUrl)) {
        return dialect;
      }
    }
    throw new UserError(
        "The JDBC URL "
            + jdbcUrl.replaceAll("\\?.*", "")
            + " is for a database this version cannot use yet; give a URL like "
            + exampleUrls("host")
            + " ("
            + or(List.copyOf(kinds()))
            + ").");
  }

  /** The dialect for a kind of server, as a manifest names it; refuses a kind it cannot use. */
  public static Dialect forKind(String kind) {
    String wanted = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    for (Dialect dialect : DIALECTS) {
      if (dialect.kinds().contains(wanted)) {
        return dialect;
      }
    }
    throw new UserError(
        "This version cannot use a database of kind " + kind + "; the kinds are "
            + or(List.copyOf(kinds())) + ".");
  }

  /**
   * The first database kind whose server runs from this tool's jar (for the demo); refuses when
   * none does.
   */
  public static EmbeddedDatabase embedded() {
    for (Dialect dialect : DIALECTS) {
      if (dialect.embedded().isPresent()) {
        return dialect.embedded().get();
      }
    }
    throw new UserError("This version has no database server of its own to run.");
  }

  /** Every dialect this version has, in a stable order. */
  public static List<Dialect> all() {
    return DIALECTS;
  }

  /**
   * The kinds whose change log capture reads, with their URLs: "a or b sources (jdbc:... URLs)".
   */
  public static String describeChangeLogKinds() {
    Set<String> kinds = new LinkedHashSet<>();
    List<String> urls = new ArrayList<>();
    for (Dialect dialect : DIALECTS) {
      if (dialect.changeLogReader().isPresent()) {
        kinds.addAll(dialect.kinds());
        urls.add(dialect.exampleUrl("host"));
      }
    }
    return or(List.copyOf(kinds)) + " sources (URLs like " + or(urls) + ")";
  }

  /**
   * Whether sources of a kind keep a change log that capture reads, so that they can be restored
   * to a point in time.
   */
  public static boolean hasChangeLog(String kind) {
    String wanted = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    return DIALECTS.stream()
        .anyMatch(d -> d.kinds().contains(wanted) && d.changeLogReader().isPresent());
  }

  /**
   * Why sources of a kind cannot be restored to a point in time ("A SQL Server source has no
   * point-in-time restore; ..."), or null when they can.
   */
  public static String pointInTimeRefusal(String kind) {
    if (hasChangeLog(kind)) {
      return null;
    }
    String name = PRODUCT_NAMES.getOrDefault(kind == null ? "" : kind.toLowerCase(Locale.ROOT),
        kind);
    return "A " + name + " source has no point-in-time restore: it keeps no change log this"
        + " version captures; restoring to a point in time works with "
        + describeChangeLogKinds() + ".";
  }

  /** Loads every dialect's JDBC driver (a warm-up: the first connection then starts sooner). */
  public static void loadDrivers() throws java.sql.SQLException {
    for (Dialect dialect : DIALECTS) {
      dialect.driver();
    }
  }

  /**
   * The kinds and their URLs in a sentence, for help texts: "Databases: a or b, by a JDBC URL
   * like jdbc:...".
   */
  public static String describe() {
    return "Databases: " + or(List.copyOf(kinds())) + ", by a JDBC URL like "
        + exampleUrls("host") + ".";
  }

  /** The kinds this version can back up and restore, in a stable order. */
  public static Set<String> kinds() {
    Set<String> kinds = new LinkedHashSet<>();
    DIALECTS.forEach(d -> kinds.addAll(d.kinds()));
    return kinds;
  }

  /** The kinds a data-source file may name: those this version can back up and restore. */
  public static Set<String> dataSourceKinds() {
    return kinds();
  }

  /** One example JDBC URL per dialect, for a host ("jdbc:...://db1:3306/"), joined by "or". */
  public static String exampleUrls(String host) {
    List<String> urls = new ArrayList<>();
    DIALECTS.forEach(d -> urls.add(d.exampleUrl(host)));
    return or(urls);
  }

  /** "a, b or c". */
  public static String or(List<String> words) {
    if (words.size() <= 1) {
      return String.join("", words);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or " + words.get(words.size() - 1);
  }
}
