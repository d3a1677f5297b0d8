package dev.dbrestore.pipelines.drill;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.restore.RestoreReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill found, as its JSON report holds it: passed or failed (and why), the RTO (start to
 * verified) and each phase's seconds, the RPO (how old the restored point was at the start), the
 * set and point restored, every table with its rows and whether it was verified, the SLOs, what
 * was dropped afterwards and what an earlier drill had left, dropped first. Names in it come from a backup set: untrusted text.
 */
@JsonPropertyOrder({
  "drillId", "status", "error", "source", "scratchTarget", "backupSet", "setConsistentPoint",
  "pointInTime", "startTime", "endTime", "rtoSeconds", "rpoSeconds", "phases",
  "cleanupSeconds", "tables", "maxRtoSeconds", "maxRpoSeconds", "sloExceeded", "warnings",
  "restoreTaskId", "kept", "dropped", "leftoversDropped"
})
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrillReport(
    String drillId,
    String status,
    String error,
    String source,
    String scratchTarget,
    String backupSet,
    String setConsistentPoint,
    String pointInTime,
    String startTime,
    String endTime,
    Double rtoSeconds,
    Double rpoSeconds,
    Map<String, Double> phases,
    Double cleanupSeconds,
    List<Table> tables,
    Double maxRtoSeconds,
    Double maxRpoSeconds,
    List<String> sloExceeded,
    List<String> warnings,
    String restoreTaskId,
    boolean kept,
    List<String> dropped,
    List<String> leftoversDropped) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  /** One restored table: its name ("db.table"), rows in the target, rows the set says, verified. */
  @JsonPropertyOrder({"name", "database", "table", "rows", "expectedRows", "verified"})
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Table(
      String name, String database, String table, long rows, long expectedRows,
      boolean verified) {}

  public boolean passed() {
    return PASSED.equals(status);
  }

  /** Collects a drill's findings as it runs; the first failure is its error, later ones added. */
  static final class Builder {
    private final String id;
    private final Instant start;
    private final Drill.Spec spec;
    private String error;
    private String backupSet;
    private String setPoint;
    private String pointInTime;
    private List<String> setDatabases = List.of();
    private Duration rto;
    private Duration cleanup;
    private Map<String, Double> phases = new LinkedHashMap<>();
    private List<Table> tables = List.of();
    private List<String> sloExceeded = List.of();
    private final List<String> warnings = new ArrayList<>();
    private String restoreTaskId;
    private boolean kept;
    private final List<String> dropped = new ArrayList<>();
    private final List<String> leftovers = new ArrayList<>();

    Builder(String id, Instant start, Drill.Spec spec) {
      this.id = id;
      this.start = start;
      this.spec = spec;
    }

    String id() {
      return id;
    }

    Builder failed(String why) {
      error = error == null ? why : error + " Then: " + why;
      return this;
    }

    void plan(String set, String consistentPoint, String point, List<String> databases) {
      backupSet = set;
      setPoint = consistentPoint;
      pointInTime = point;
      setDatabases = List.copyOf(databases);
    }

    List<String> setDatabases() {
      return setDatabases;
    }

    void restore(RestoreReport restore) {
      restoreTaskId = restore.taskId();
      for (PreCheck.Item item : restore.precheck().items()) {
        if (item.result() == PreCheck.Result.WARNING) {
          warnings.add(item.number() + " " + item.name() + ": " + item.cause());
        }
      }
    }

    void phases(Map<String, Double> byName) {
      phases = new LinkedHashMap<>(byName);
    }

    void tables(List<Table> restored) {
      tables = List.copyOf(restored);
    }

    void rto(Duration d) {
      rto = d;
    }

    /** Drill start minus the restored point: the point in time, else the set's consistent point. */
    Duration rpo() {
      String point = pointInTime != null ? pointInTime : setPoint;
      return point == null ? null : Duration.between(Instant.parse(point), start);
    }

    void sloExceeded(List<String> exceeded) {
      sloExceeded = List.copyOf(exceeded);
      if (!exceeded.isEmpty()) {
        failed("The drill restored the set, but " + String.join("; ", exceeded) + ".");
      }
    }

    void kept(boolean k) {
      kept = k;
    }

    void dropped(String database) {
      dropped.add(database);
    }

    void leftoverDropped(String database) {
      leftovers.add(database);
    }

    void cleanup(Duration d) {
      cleanup = d;
    }

    DrillReport build(Instant end) {
      Duration rpo = rpo();
      String target = Drill.shown(spec);
      String why = error == null || target.equals(spec.scratchTarget())
          ? error : error.replace(spec.scratchTarget(), target);
      return new DrillReport(
          id, error == null ? PASSED : FAILED, why, spec.source(), target,
          backupSet, setPoint, pointInTime, start.toString(), end.toString(),
          rto == null ? null : Drill.seconds(rto), rpo == null ? null : Drill.seconds(rpo),
          phases, cleanup == null ? null : Drill.seconds(cleanup), tables,
          spec.maxRto() == null ? null : Drill.seconds(spec.maxRto()),
          spec.maxRpo() == null ? null : Drill.seconds(spec.maxRpo()), sloExceeded,
          List.copyOf(warnings), restoreTaskId, kept, List.copyOf(dropped),
          List.copyOf(leftovers));
    }
  }
}
