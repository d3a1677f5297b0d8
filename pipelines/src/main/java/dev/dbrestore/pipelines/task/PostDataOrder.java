package dev.dbrestore.pipelines.task;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The order in which a restore creates post-data objects, by what each needs: every function
 * and procedure first (a routine's body is resolved only when it runs, so routines need
 * nothing), then views, each after the views it reads, then triggers and events, so no trigger
 * fires on a restored row. Also finds what would stop that order: views that read each other in
 * a cycle, objects a view needs that the task leaves out, and functions a view calls that
 * neither the backup set nor the target has.
 */
public final class PostDataOrder {
  /** One object to create: its kind as the journal names it, its database and definition. */
  public record Step(String kind, RestorePlan.Database database, Manifest.SchemaObject object) {}

  /** Whether the target has an object: kind ("table", "view", "function"), database, name. */
  public interface TargetObjects {
    boolean has(String kind, String database, String name) throws SQLException;
  }

  private final RestorePlan plan;
  private final Dialect dialect;
  private final List<View> views = new ArrayList<>();

  private record View(RestorePlan.Database database, Manifest.SchemaObject object, String key) {}

  private PostDataOrder(RestorePlan plan, Dialect dialect) {
    this.plan = plan;
    this.dialect = dialect;
    for (RestorePlan.Database db : plan.databases()) {
      for (Manifest.SchemaObject view : db.views()) {
        views.add(new View(db, view, key(db.source().name(), view.name())));
      }
    }
  }

  /** The objects of a plan in creation order; a cycle of views is a {@link UserError}. */
  public static List<Step> of(RestorePlan plan, Dialect dialect) {
    PostDataOrder order = new PostDataOrder(plan, dialect);
    String cycle = order.cycle();
    if (cycle != null) {
      throw new UserError(cycle);
    }
    return order.steps();
  }

  /** One sentence naming the views that read each other in a cycle, or null if none do. */
  public static String cycle(RestorePlan plan, Dialect dialect) {
    return new PostDataOrder(plan, dialect).cycle();
  }

  /**
   * One sentence per view that needs a table, view or function of the backup set which the task
   * does not restore and the target does not have, or calls a function that neither the backup
   * set nor the target has. (A table or view of another database is not looked for: a quoted
   * pair of names may also be an alias and its column.)
   */
  public static List<String> missing(RestorePlan plan, Dialect dialect, TargetObjects target)
      throws SQLException {
    return new PostDataOrder(plan, dialect).missing(target);
  }

  private List<Step> steps() {
    List<Step> steps = new ArrayList<>();
    for (RestorePlan.Database db : plan.databases()) {
      db.functions().forEach(f -> steps.add(new Step("function", db, f)));
    }
    for (RestorePlan.Database db : plan.databases()) {
      db.procedures().forEach(p -> steps.add(new Step("procedure", db, p)));
    }
    for (View view : viewsInOrder()) {
      steps.add(new Step("view", view.database(), view.object()));
    }
    for (RestorePlan.Database db : plan.databases()) {
      db.triggers().forEach(t -> steps.add(new Step("trigger", db, t)));
    }
    for (RestorePlan.Database db : plan.databases()) {
      db.events().forEach(e -> steps.add(new Step("event", db, e)));
    }
    return steps;
  }

  /** The views of the plan that each view reads, itself left out. */
  private Map<View, List<View>> reads() {
    Map<String, View> byKey = new HashMap<>();
    views.forEach(v -> byKey.put(v.key(), v));
    Map<View, List<View>> reads = new LinkedHashMap<>();
    for (View view : views) {
      Set<View> needed = new LinkedHashSet<>();
      for (Dialect.Reference ref : references(view)) {
        View other = ref.call() ? null : byKey.get(key(ref.database(), ref.name()));
        if (other != null && other != view) {
          needed.add(other);
        }
      }
      reads.put(view, new ArrayList<>(needed));
    }
    return reads;
  }

  /** Views after the views they read, otherwise in the backup set's order. */
  private List<View> viewsInOrder() {
    Map<View, List<View>> reads = reads();
    List<View> ordered = new ArrayList<>();
    Set<View> placed = new HashSet<>();
    List<View> remaining = new ArrayList<>(views);
    while (!remaining.isEmpty()) {
      View next =
          remaining.stream().filter(v -> placed.containsAll(reads.get(v))).findFirst().orElse(null);
      if (next == null) {
        // cycle() reports this before anything is created.
        throw new UserError(cycle());
      }
      remaining.remove(next);
      placed.add(next);
      ordered.add(next);
    }
    return ordered;
  }

  private String cycle() {
    Map<View, List<View>> reads = reads();
    Map<View, Integer> state = new HashMap<>();
    for (View start : views) {
      List<View> path = new ArrayList<>();
      List<View> found = findCycle(start, reads, state, path);
      if (found != null) {
        List<String> names = new ArrayList<>();
        found.forEach(v -> names.add(name(v)));
        names.add(names.get(0));
        return "The views " + String.join(" -> ", names)
            + " read each other in a cycle, so none of them can be created first.";
      }
    }
    return null;
  }

  /** Depth-first search; state 1 is on the current path, 2 is finished. */
  private static List<View> findCycle(
      View view, Map<View, List<View>> reads, Map<View, Integer> state, List<View> path) {
    Integer seen = state.get(view);
    if (seen != null) {
      return seen == 1 ? new ArrayList<>(path.subList(path.indexOf(view), path.size())) : null;
    }
    state.put(view, 1);
    path.add(view);
    for (View next : reads.get(view)) {
      List<View> found = findCycle(next, reads, state, path);
      if (found != null) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    state.put(view, 2);
    return null;
  }

  private List<String> missing(TargetObjects target) throws SQLException {
    Set<String> restoredTables = new HashSet<>();
    Set<String> restoredViews = new HashSet<>();
    Set<String> restoredFunctions = new HashSet<>();
    for (RestorePlan.Database db : plan.databases()) {
      db.tables().forEach(t -> restoredTables.add(key(db.source().name(), t.source().name())));
      db.views().forEach(v -> restoredViews.add(key(db.source().name(), v.name())));
      db.functions().forEach(f -> restoredFunctions.add(routineKey(db.source().name(), f.name())));
    }
    Set<String> backedUpTables = new HashSet<>();
    Set<String> backedUpViews = new HashSet<>();
    Set<String> backedUpFunctions = new HashSet<>();
    for (Manifest.Database db : plan.manifest().databases()) {
      db.tables().forEach(t -> backedUpTables.add(key(db.name(), t.name())));
      db.views().forEach(v -> backedUpViews.add(key(db.name(), v.name())));
      db.functions().forEach(f -> backedUpFunctions.add(routineKey(db.name(), f.name())));
    }
    List<String> sentences = new ArrayList<>();
    for (View view : views) {
      for (Dialect.Reference ref : references(view)) {
        String kind;
        if (ref.call()) {
          String k = routineKey(ref.database(), ref.name());
          kind = backedUpFunctions.contains(k) && !restoredFunctions.contains(k) ? "function" : null;
          // A quoted name followed by "(" is a stored function for certain (built-in ones are
          // printed unquoted), so one from outside the backup set must be in the target.
          String targetDb = plan.task().targetDatabase(ref.database());
          if (!backedUpFunctions.contains(k) && !target.has("function", targetDb, ref.name())) {
            sentences.add(
                "view " + name(view) + " needs function "
                    + dialect.qualified(ref.database(), ref.name())
                    + ", which neither the backup set nor the target has");
          }
        } else {
          String k = key(ref.database(), ref.name());
          kind = backedUpTables.contains(k) && !restoredTables.contains(k) ? "table"
              : backedUpViews.contains(k) && !restoredViews.contains(k) ? "view"
              : null;
        }
        String targetDb = plan.task().targetDatabase(ref.database());
        if (kind != null && !target.has(kind, targetDb, ref.name())) {
          sentences.add(
              "view " + name(view) + " needs " + kind + " "
                  + dialect.qualified(ref.database(), ref.name())
                  + ", which the task does not restore and the target does not have");
        }
      }
    }
    return sentences;
  }

  private Set<Dialect.Reference> references(View view) {
    return dialect.referencesOf(view.database().source().name(), view.object().createStatement());
  }

  private String name(View view) {
    return dialect.qualified(view.database().targetName(), view.object().name());
  }

  private static String key(String database, String name) {
    return database + "\u0000" + name;
  }

  /** Routine names are not case-sensitive. */
  private static String routineKey(String database, String name) {
    return database + "\u0000" + name.toLowerCase(Locale.ROOT);
  }
}
