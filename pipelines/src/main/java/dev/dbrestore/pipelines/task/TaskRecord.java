package dev.dbrestore.pipelines.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dbrestore.pipelines.progress.Figures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What dbrestore keeps about one restore task: the task as given (never a password), its state,
 * when it ran, the rows written per target table, the pre-check results and the error if any.
 *
 * @param id the task's id, e.g. {@code r-20261125-150102-ab12}
 * @param name a name for people, e.g. the backup set and the target
 * @param task the task as given, without any key naming a password at any depth
 * @param state where the task stands
 * @param startTime when it started, an ISO-8601 instant
 * @param endTime when it ended, an ISO-8601 instant; null while running or when interrupted
 * @param rowsWritten rows written per target table, keyed {@code db.table}
 * @param error what went wrong; null unless the task failed or was interrupted
 * @param precheck pre-check results, each with the keys item, result, cause and remedy
 * @param progress a short free text such as {@code data: 12 of 30 chunks}; may be null
 * @param pid the process that ran the task
 * @param host the machine that ran the task
 * @param overriddenByFlags the task fields flags gave over the task file, or over the recorded
 *     task at a resume (the connection's account and password source), by their path in the
 *     task file ({@code targetUser}, {@code conflicts.data}); empty when none did
 * @param figures the running or last stage's rows and bytes done of their totals, rate and
 *     ETA, updated every few seconds while it runs; null before the first such stage
 * @param stageSeconds the seconds each stage took, in the order they ran ({@code pre-check},
 *     {@code structure}, {@code data}, ...), saved as each one ends; empty before the first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskRecord(
    String id,
    String name,
    Map<String, Object> task,
    TaskState state,
    String startTime,
    String endTime,
    Map<String, Long> rowsWritten,
    String error,
    List<Map<String, String>> precheck,
    String progress,
    long pid,
    String host,
    List<String> overriddenByFlags,
    Figures figures,
    Map<String, Double> stageSeconds) {

  /** Keys that name a password's variable or file, not the password itself, so they are kept. */
  private static final Set<String> PASSWORD_SOURCE_KEYS =
      Set.of(
          "passwordEnv", "passwordFile",
          "targetPasswordEnv", "targetPasswordFile",
          "sourcePasswordEnv", "sourcePasswordFile");

  @JsonCreator
  public TaskRecord {
    overriddenByFlags =
        overriddenByFlags == null ? List.of() : List.copyOf(overriddenByFlags);
    // Scrubbed here, so no record holds a password: not on disk, not in memory, not in --json.
    task = Collections.unmodifiableMap(task == null ? new LinkedHashMap<>() : scrub(task));
    rowsWritten =
        Collections.unmodifiableMap(
            rowsWritten == null ? new LinkedHashMap<>() : new LinkedHashMap<>(rowsWritten));
    List<Map<String, String>> checks = new ArrayList<>();
    if (precheck != null) {
      for (Map<String, String> check : precheck) {
        checks.add(Collections.unmodifiableMap(new LinkedHashMap<>(check)));
      }
    }
    precheck = Collections.unmodifiableList(checks);
    stageSeconds =
        Collections.unmodifiableMap(
            stageSeconds == null ? new LinkedHashMap<>() : new LinkedHashMap<>(stageSeconds));
  }

  /**
   * A copy of {@code map} without any entry, at any depth of maps and lists, whose key contains
   * "password" in any case, except the keys that only name where a password comes from.
   */
  public static Map<String, Object> scrub(Map<?, ?> map) {
    Map<String, Object> clean = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      boolean namesAPassword = key.toLowerCase(Locale.ROOT).contains("password");
      if (!namesAPassword || PASSWORD_SOURCE_KEYS.contains(key)) {
        clean.put(key, scrubValue(entry.getValue()));
      }
    }
    return clean;
  }

  private static Object scrubValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return scrub(map);
    }
    if (value instanceof Collection<?> values) {
      List<Object> clean = new ArrayList<>();
      for (Object v : values) {
        clean.add(scrubValue(v));
      }
      return clean;
    }
    if (value instanceof Object[] values) {
      return scrubValue(Arrays.asList(values));
    }
    return value;
  }

  /** One pre-check result in the shape {@link #precheck()} holds. */
  public static Map<String, String> precheckItem(
      String item, String result, String cause, String remedy) {
    Map<String, String> check = new LinkedHashMap<>();
    check.put("item", item);
    check.put("result", result);
    check.put("cause", cause);
    check.put("remedy", remedy);
    return check;
  }

  public TaskRecord withState(TaskState newState) {
    return new TaskRecord(
        id, name, task, newState, startTime, endTime, rowsWritten, error, precheck, progress, pid,
        host, overriddenByFlags, figures, stageSeconds);
  }

  public TaskRecord withEndTime(String newEndTime) {
    return new TaskRecord(
        id, name, task, state, startTime, newEndTime, rowsWritten, error, precheck, progress, pid,
        host, overriddenByFlags, figures, stageSeconds);
  }

  public TaskRecord withRowsWritten(Map<String, Long> newRowsWritten) {
    return new TaskRecord(
        id, name, task, state, startTime, endTime, newRowsWritten, error, precheck, progress, pid,
        host, overriddenByFlags, figures, stageSeconds);
  }

  public TaskRecord withError(String newError) {
    return new TaskRecord(
        id, name, task, state, startTime, endTime, rowsWritten, newError, precheck, progress, pid,
        host, overriddenByFlags, figures, stageSeconds);
  }

  public TaskRecord withPrecheck(List<Map<String, String>> newPrecheck) {
    return new TaskRecord(
        id, name, task, state, startTime, endTime, rowsWritten, error, newPrecheck, progress, pid,
        host, overriddenByFlags, figures, stageSeconds);
  }

  public TaskRecord withProgress(String newProgress) {
    return new TaskRecord(
        id, name, task, state, startTime, endTime, rowsWritten, error, precheck, newProgress, pid,
        host, overriddenByFlags, figures, stageSeconds);
  }

  /** This record with the task fields flags gave over the task file or the recorded task. */
  public TaskRecord withOverriddenByFlags(List<String> fields) {
    return new TaskRecord(
        id, name, task, state, startTime, endTime, rowsWritten, error, precheck, progress, pid,
        host, fields, figures, stageSeconds);
  }

  public TaskRecord withFigures(Figures newFigures) {
    return new TaskRecord(
        id, name, task, state, startTime, endTime, rowsWritten, error, precheck, progress, pid,
        host, overriddenByFlags, newFigures, stageSeconds);
  }

  /** This record with the seconds of the stages that have ended. */
  public TaskRecord withStageSeconds(Map<String, Double> newStageSeconds) {
    return new TaskRecord(
        id, name, task, state, startTime, endTime, rowsWritten, error, precheck, progress, pid,
        host, overriddenByFlags, figures, newStageSeconds);
  }
}
