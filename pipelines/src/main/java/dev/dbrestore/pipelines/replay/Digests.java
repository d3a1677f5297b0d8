package dev.dbrestore.pipelines.replay;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.RowDigest;
import dev.dbrestore.io.jdbc.ChangeWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The digest of each table's state at the point in time, where it can be derived: the set's
 * digest plus what each phase's rows add to it (final images' hashes less the hashes of the rows
 * they replace; the sum is modulo 2^256, so order does not matter). A table a structure
 * statement changed, or whose log columns are not the set's stored columns, is checked by its
 * row count only.
 */
final class Digests {
  private final Map<String, BigInteger> deltas = new HashMap<>();
  private final Map<String, String> columns = new HashMap<>();
  private final Map<String, String> unknown = new HashMap<>();
  /** Why no digest can be derived for any table, or null. */
  private String lost;

  /** A fresh folder for one phase's files. */
  Path newFolder() {
    try {
      return Files.createTempDirectory("dbrestore-replay-digests");
    } catch (IOException e) {
      throw new UserError("Cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  /**
   * Adds a phase's files and removes them. Fewer than {@code written} (the phase's counter): the
   * workers wrote where this process cannot see, and no digest is derived.
   */
  void read(Path folder, long written) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> found = files.toList();
      if (found.size() < written) {
        lost = "the workers' digest files are not in " + folder + " where this process reads"
            + " them (a cluster without a shared temporary folder)";
      }
      for (Path file : found) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String table = lines.get(0);
        String cols = lines.get(1);
        String known = columns.putIfAbsent(table, cols);
        if (known != null && !known.equals(cols) || cols.startsWith("(")) {
          unknown.putIfAbsent(table, "its columns changed in the window");
        }
        deltas.merge(table, new BigInteger(lines.get(2), 16), BigInteger::add);
        Files.delete(file);
      }
      Files.delete(folder);
    } catch (IOException e) {
      throw new UserError("Reading the replay's digest files failed: " + e.getMessage(), e);
    }
  }

  /** A structure statement changed a table (or dropped a database): its digest is unknown. */
  void changedStructure(ChangeWriter.TableEffect effect, ChangeWriter.Scope scope,
      Set<String> tables) {
    String db = scope.targetDatabase(effect.database());
    if (effect.table() == null) {
      if (effect.effect() == ChangeWriter.Effect.DROP_DATABASE) {
        for (String t : new HashSet<>(deltas.keySet())) {
          if (t.startsWith(db + ".")) {
            unknown.putIfAbsent(t, "its database was dropped");
          }
        }
      }
      return;
    }
    unknown.putIfAbsent(db + "." + scope.targetTable(effect.database(), effect.table()),
        "a structure statement changed it: " + effect.effect());
    if (effect.newTable() != null) {
      unknown.putIfAbsent(scope.targetDatabase(effect.newDatabase()) + "."
          + scope.targetTable(effect.newDatabase(), effect.newTable()), "renamed in the window");
    }
  }

  /** Why a table's digest cannot be derived, or null when it can. */
  String whyNot(String table, Manifest.Table set) {
    if (set.digest() == null) {
      return "the backup set records no digest for it";
    }
    if (lost != null) {
      return lost;
    }
    if (unknown.containsKey(table)) {
      return unknown.get(table);
    }
    String logColumns = columns.get(table);
    if (logColumns != null && !logColumns.equals(signature(set.storedColumns()))) {
      return "the log stores its columns otherwise than the set";
    }
    return null;
  }

  /** The digest of the state at the point in time (call when {@link #whyNot} is null). */
  String expected(String table, Manifest.Table set) {
    BigInteger delta = deltas.getOrDefault(table, BigInteger.ZERO);
    String hex = delta.mod(BigInteger.ONE.shiftLeft(256)).toString(16);
    return RowDigest.combine(List.of(set.digest(), "0".repeat(64 - hex.length()) + hex));
  }

  private static String signature(List<Manifest.Column> stored) {
    return stored.stream().map(c -> c.name() + ":" + c.encoding())
        .collect(Collectors.joining(","));
  }
}
