package dev.dbrestore.pipelines.task;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which objects a task restores: everything, or include and exclude lists per kind with
 * {@code *} patterns. A database pattern matches the database name; any other pattern matches
 * {@code database.name}, or just the name when it has no dot; a database or object name may hold
 * dots itself ({@code my.db.orders} is table orders of database my.db). When no kind but
 * databases has an
 * include list, every object of the selected databases is included, and a selected database
 * without objects is restored too; once any kind has one, only kinds with an include list are,
 * and only databases holding a selected object. Exclusion always wins. A trigger is restored
 * only with its table.
 */
public record ObjectSelection(
    Map<ObjectKind, List<String>> include, Map<ObjectKind, List<String>> exclude)
    implements Serializable {

  public static ObjectSelection all() {
    return new ObjectSelection(new EnumMap<>(ObjectKind.class), new EnumMap<>(ObjectKind.class));
  }

  public boolean isAll() {
    return include.isEmpty() && exclude.isEmpty();
  }

  public boolean selectsDatabase(String database) {
    List<String> in = include.get(ObjectKind.DATABASES);
    if (in != null && !in.isEmpty() && in.stream().noneMatch(p -> matches(p, database))) {
      return false;
    }
    return exclude.getOrDefault(ObjectKind.DATABASES, List.of()).stream()
        .noneMatch(p -> matches(p, database));
  }

  /**
   * Whether selected databases are restored whole: no kind but databases has an include list.
   * Such a database is restored even when it holds no object.
   */
  public boolean selectsWholeDatabases() {
    return include.keySet().stream().allMatch(k -> k == ObjectKind.DATABASES);
  }

  /** Whether an object of this kind in a selected database is selected. */
  public boolean selects(ObjectKind kind, String database, String name) {
    if (!selectsDatabase(database)) {
      return false;
    }
    boolean objectIncludes =
        include.keySet().stream().anyMatch(k -> k != ObjectKind.DATABASES);
    List<String> in = include.get(kind);
    if (objectIncludes) {
      if (in == null || in.stream().noneMatch(p -> matchesObject(p, database, name))) {
        return false;
      }
    }
    return exclude.getOrDefault(kind, List.of()).stream()
        .noneMatch(p -> matchesObject(p, database, name));
  }

  private static boolean matchesObject(String pattern, String database, String name) {
    int dot = pattern.indexOf('.');
    if (dot < 0) {
      return matches(pattern, name);
    }
    // Any dot may be the one between the database and the name: names hold dots too.
    for (; dot >= 0; dot = pattern.indexOf('.', dot + 1)) {
      if (matches(pattern.substring(0, dot), database)
          && matches(pattern.substring(dot + 1), name)) {
        return true;
      }
    }
    return false;
  }

  /** A {@code *} pattern matched against the whole value. */
  static boolean matches(String pattern, String value) {
    List<String> parts = new java.util.ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      parts.add(Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts), Pattern.DOTALL).matcher(value).matches();
  }
}
