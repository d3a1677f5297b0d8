package dev.dbrestore.pipelines.task;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.StatementCheck;
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
 * The order in which a restore creates post-data objects, by what each needs: functions,
 * procedures and views, each after the views and functions it needs (the dialect says which:
 * where a routine's body is resolved only when it runs, only a view needs anything, and
 * routines come first), otherwise functions, then procedures, then views, each in the backup
 * set's order; then triggers and events, so no trigger fires on a restored row. Also finds
 * what would stop that order: objects that need each other in a cycle, objects a view needs
 * that the task leaves out, and functions a view calls that neither the backup set nor the
 * target has.
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
  /** Functions, procedures and views, in that order: what may need another of them. */
  private final List<Node> nodes = new ArrayList<>();
  private final List<Node> views = new ArrayList<>();

  private record Node(
      StatementCheck.Kind kind, RestorePlan.Database database, Manifest.SchemaObject object,
      String key) {
    String word() {
      return kind.name().toLowerCase(Locale.ROOT);
    }
  }

  private PostDataOrder(RestorePlan plan, Dialect dialect) {
    this.plan = plan;
    this.dialect = dialect;
    for (RestorePlan.Database db : plan.databases()) {
      db.functions().forEach(f -> nodes.add(node(StatementCheck.Kind.FUNCTION, db, f)));
    }
    for (RestorePlan.Database db : plan.databases()) {
      db.procedures().forEach(p -> nodes.add(node(StatementCheck.Kind.PROCEDURE, db, p)));
    }
    for (RestorePlan.Database db : plan.databases()) {
      for (Manifest.SchemaObject view : db.views()) {
        Node node = node(StatementCheck.Kind.VIEW, db, view);
        nodes.add(node);
        views.add(node);
      }
    }
  }

  private static Node node(
      StatementCheck.Kind kind, RestorePlan.Database db, Manifest.SchemaObject object) {
    return new Node(kind, db, object, key(db.source().name(), object.name()));
  }

  /** The objects of a plan in creation order; a cycle is a {@link UserError}. */
  public static List<Step> of(RestorePlan plan, Dialect dialect) {
    PostDataOrder order = new PostDataOrder(plan, dialect);
    String cycle = order.cycle();
    if (cycle != null) {
      throw new UserError(cycle);
    }
    return order.steps();
  }

  /** One sentence naming the objects that need each other in a cycle, or null if none do. */
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
    for (Node node : inOrder()) {
      steps.add(new Step(node.word(), node.database(), node.object()));
    }
    for (RestorePlan.Database db : plan.databases()) {
      db.triggers().forEach(t -> steps.add(new Step("trigger", db, t)));
    }
    for (RestorePlan.Database db : plan.databases()) {
      db.events().forEach(e -> steps.add(new Step("event", db, e)));
    }
    return steps;
  }

  /**
   * The views and functions of the plan each object needs, itself left out. A procedure is
   * never needed: none of them can call one in a way that must resolve when it is created (so
   * procedures that call each other are no cycle).
   */
  private Map<Node, List<Node>> needs() {
    Map<String, Node> byKey = new HashMap<>();
    Map<String, Node> routinesByKey = new HashMap<>();
    // A name that is a view's and a function's (kept apart in some kinds) is read as a view's.
    views.forEach(v -> byKey.put(v.key(), v));
    for (Node node : nodes) {
      if (node.kind() == StatementCheck.Kind.FUNCTION) {
        byKey.putIfAbsent(node.key(), node);
        routinesByKey.putIfAbsent(routineKey(node.database().source().name(),
            node.object().name()), node);
      }
    }
    Map<Node, List<Node>> needs = new LinkedHashMap<>();
    for (Node node : nodes) {
      Set<Node> needed = new LinkedHashSet<>();
      for (Dialect.Reference ref : references(node)) {
        Node other = ref.call()
            ? routinesByKey.get(routineKey(ref.database(), ref.name()))
            : byKey.get(key(ref.database(), ref.name()));
        if (other != null && other != node) {
          needed.add(other);
        }
      }
      needs.put(node, new ArrayList<>(needed));
    }
    return needs;
  }

  /** Each object after those it needs, otherwise in the order of {@link #nodes}. */
  private List<Node> inOrder() {
    Map<Node, List<Node>> needs = needs();
    List<Node> ordered = new ArrayList<>();
    Set<Node> placed = new HashSet<>();
    List<Node> remaining = new ArrayList<>(nodes);
    while (!remaining.isEmpty()) {
      Node next =
          remaining.stream().filter(n -> placed.containsAll(needs.get(n))).findFirst().orElse(null);
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
    Map<Node, List<Node>> needs = needs();
    Map<Node, Integer> state = new HashMap<>();
    for (Node start : nodes) {
      List<Node> path = new ArrayList<>();
      List<Node> found = findCycle(start, needs, state, path);
      if (found != null) {
        boolean onlyViews = found.stream().allMatch(n -> n.kind() == StatementCheck.Kind.VIEW);
        List<String> names = new ArrayList<>();
        found.forEach(n -> names.add(onlyViews ? name(n) : n.word() + " " + name(n)));
        names.add(names.get(0));
        return onlyViews
            ? "The views " + String.join(" -> ", names)
                + " read each other in a cycle, so none of them can be created first."
            : "The objects " + String.join(" -> ", names)
                + " need each other in a cycle, so none of them can be created first.";
      }
    }
    return null;
  }

  /** Depth-first search; state 1 is on the current path, 2 is finished. */
  private static List<Node> findCycle(
      Node node, Map<Node, List<Node>> needs, Map<Node, Integer> state, List<Node> path) {
    Integer seen = state.get(node);
    if (seen != null) {
      return seen == 1 ? new ArrayList<>(path.subList(path.indexOf(node), path.size())) : null;
    }
    state.put(node, 1);
    path.add(node);
    for (Node next : needs.get(node)) {
      List<Node> found = findCycle(next, needs, state, path);
      if (found != null) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
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
    for (Node view : views) {
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

  private Set<Dialect.Reference> references(Node node) {
    return dialect.referencesOf(node.database().source().name(), node.kind(), node.object());
  }

  private String name(Node node) {
    return dialect.qualified(node.database().targetName(), node.object().name());
  }

  private static String key(String database, String name) {
    return database + "\u0000" + name;
  }

  /** Routine names are not case-sensitive. */
  private static String routineKey(String database, String name) {
    return database + "\u0000" + name.toLowerCase(Locale.ROOT);
  }
}
