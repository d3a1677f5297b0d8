package dev.dbrestore.pipelines.console;

import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.util.List;

/**
 * A task saved and pre-checked in the wizard: the task, when it was saved, its pre-check items,
 * and the id of the restore task it started as (null until it starts).
 */
record SavedTask(
    String id, String savedAt, RestoreTask task, List<PreCheck.Item> items, String startedAs) {

  SavedTask {
    items = List.copyOf(items);
  }

  boolean failed() {
    return items.stream().anyMatch(i -> i.result() == PreCheck.Result.FAILURE);
  }

  List<PreCheck.Item> failures() {
    return ofResult(PreCheck.Result.FAILURE);
  }

  List<PreCheck.Item> warnings() {
    return ofResult(PreCheck.Result.WARNING);
  }

  private List<PreCheck.Item> ofResult(PreCheck.Result result) {
    return items.stream().filter(i -> i.result() == result).toList();
  }

  /** This saved task with the warnings ticked, started as restore task {@code taskId}. */
  SavedTask started(RestoreTask accepted, String taskId) {
    return new SavedTask(id, savedAt, accepted, items, taskId);
  }
}
