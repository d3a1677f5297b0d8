package dev.dbrestore.pipelines.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task fields given by flags over a task file or a recorded task, each by its path in the task
 * file ({@code targetUser}, {@code conflicts.data}); the task record lists them.
 */
public final class TaskOverrides {
  /** No field given by a flag. */
  public static final TaskOverrides NONE = new TaskOverrides();

  private static final ObjectMapper JSON = new ObjectMapper();

  // A null value removes the field: --password-env replaces the file's targetPasswordFile.
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> fields = new ArrayList<>();

  /** Sets the field at {@code path} (dotted for nested fields) to {@code value}. */
  public TaskOverrides set(String path, Object value) {
    check();
    values.put(path, value);
    if (!fields.contains(path)) {
      fields.add(path);
    }
    return this;
  }

  /** Removes the field at {@code path}, as the alternative of a field set. */
  public TaskOverrides clear(String path) {
    check();
    values.putIfAbsent(path, null);
    return this;
  }

  private void check() {
    if (this == NONE) {
      throw new IllegalStateException("TaskOverrides.NONE holds no field");
    }
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The fields set, by path, in the order given: what the task record lists. */
  public List<String> fields() {
    return List.copyOf(fields);
  }

  /** The task file's tree with these fields set or removed. */
  void applyTo(ObjectNode root) {
    values.forEach((path, value) -> {
      String[] parts = path.split("\\.");
      ObjectNode parent = root;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = parent.get(parts[i]);
        // "objects: all" becomes a mapping once --include gives a list.
        parent = child instanceof ObjectNode object ? object : parent.putObject(parts[i]);
      }
      String leaf = parts[parts.length - 1];
      if (value == null) {
        parent.remove(leaf);
      } else {
        parent.set(leaf, JSON.valueToTree(value));
      }
    });
  }
}
