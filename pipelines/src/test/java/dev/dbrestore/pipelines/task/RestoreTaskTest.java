package dev.dbrestore.pipelines.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.UsageError;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreTaskTest {
  private static final String TASK =
      "name: t\nbackupSet: /backups/s\ntarget: jdbc:mysql://db2:3306/\n";

  @Test
  void allowEnginesIsReadFromTheTaskFile_keptInTheTaskRecord_andReadBackOnResume() {
    RestoreTask task = RestoreTask.fromYaml(TASK + "allowEngines: [CONNECT, ROCKSDB]\n");
    assertEquals(Set.of("CONNECT", "ROCKSDB"), task.allowEngines());
    assertEquals(List.of("CONNECT", "ROCKSDB"), task.asRecord().get("allowEngines"));
    assertEquals(task.allowEngines(), RestoreTask.fromRecord(task.asRecord()).allowEngines());
  }

  @Test
  void aTaskAllowsNoExtraEngineByDefault_andRefusesANameThatIsNoEngine() {
    assertTrue(RestoreTask.fromYaml(TASK).allowEngines().isEmpty());
    assertThrows(UsageError.class,
        () -> RestoreTask.fromYaml(TASK + "allowEngines: ['InnoDB; DROP']\n"));
  }

  @Test
  void bulkLoadBinlogAndVerifyAreReadFromTheTaskFile_keptInTheTaskRecord_andReadBackOnResume() {
    RestoreTask task =
        RestoreTask.fromYaml(TASK + "bulkLoad: false\nwriteBinlog: false\nverify: false\n");
    assertEquals(List.of(false, false, false),
        List.of(task.bulkLoad(), task.writeBinlog(), task.verify()));
    assertEquals(false, task.asRecord().get("verify"));
    RestoreTask back = RestoreTask.fromRecord(task.asRecord());
    assertEquals(List.of(false, false, false),
        List.of(back.bulkLoad(), back.writeBinlog(), back.verify()));
  }

  @Test
  void aTaskBulkLoadsWritesTheBinlogAndVerifiesByDefault_evenFromARecordWithoutThoseFields() {
    RestoreTask task = RestoreTask.fromYaml(TASK);
    assertEquals(List.of(true, true, true),
        List.of(task.bulkLoad(), task.writeBinlog(), task.verify()));
    java.util.Map<String, Object> old = new java.util.LinkedHashMap<>(task.asRecord());
    old.keySet().removeAll(Set.of("bulkLoad", "writeBinlog", "verify"));
    RestoreTask back = RestoreTask.fromRecord(old);
    assertEquals(List.of(true, true, true),
        List.of(back.bulkLoad(), back.writeBinlog(), back.verify()));
    assertThrows(UsageError.class, () -> RestoreTask.fromYaml(TASK + "verify: maybe\n"));
  }

  @Test
  void aPointInTimeTaskNamesItsSourceAndSecond_keptInTheTaskRecord_andReadBackOnResume() {
    RestoreTask task = RestoreTask.fromYaml("name: t\nmethod: point-in-time\nsource: shop\n"
        + "pointInTime: 2026-12-01T14:04:59Z\ntarget: jdbc:mysql://db2:3306/\n");
    assertTrue(task.toPointInTime());
    assertEquals("2026-12-01T14:04:59Z", task.asRecord().get("pointInTime"));
    RestoreTask chosen = task.withBackupSet("full", "set-1");
    RestoreTask back = RestoreTask.fromRecord(chosen.asRecord());
    assertEquals(List.of("2026-12-01T14:04:59Z", "shop", "full", "set-1"),
        List.of(back.pointInTime(), back.source(), back.backupTask(), back.backupSet()));
  }

  @Test
  void aPointInTimeWithoutAZoneIsRefusedWithAnExample_andOneWithoutTheMethodIsRefused() {
    dev.dbrestore.io.UserError noZone = assertThrows(dev.dbrestore.io.UserError.class,
        () -> RestoreTask.fromYaml("name: t\nmethod: point-in-time\nsource: shop\n"
            + "pointInTime: 2026-12-01T14:04:59\ntarget: jdbc:mysql://db2:3306/\n"));
    assertTrue(noZone.getMessage().contains("has no zone")
        && noZone.getMessage().contains("2026-12-01T14:04:59Z"), noZone.getMessage());
    assertThrows(UsageError.class,
        () -> RestoreTask.fromYaml(TASK + "pointInTime: 2026-12-01T14:04:59Z\n"));
    assertThrows(UsageError.class,
        () -> RestoreTask.fromYaml("name: t\nmethod: point-in-time\n"
            + "pointInTime: 2026-12-01T14:04:59Z\ntarget: jdbc:mysql://db2:3306/\n"));
  }
}
