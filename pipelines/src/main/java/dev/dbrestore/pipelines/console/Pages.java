package dev.dbrestore.pipelines.console;

import static dev.dbrestore.pipelines.console.Html.esc;
import static dev.dbrestore.pipelines.console.Html.url;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.query.BackupSetQuery;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.progress.Figures;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.DataSource;
import dev.dbrestore.pipelines.task.DataSources;
import dev.dbrestore.pipelines.task.ObjectKind;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console's pages, rendered on the server; every value from outside is escaped. */
final class Pages {
  private final String csrf;

  Pages(String csrf) {
    this.csrf = csrf;
  }

  private String page(String title, String active, String body) {
    StringBuilder nav = new StringBuilder();
    String[][] links = {{"/", "Tasks"}, {"/recovery/new", "Create recovery"}, {"/backups", "Backup sets"}};
    for (String[] link : links) {
      nav.append("<a href=\"").append(link[0]).append('"')
          .append(link[1].equals(active) ? " class=\"active\"" : "").append('>')
          .append(link[1]).append("</a>");
    }
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + esc(title) + " · dbrestore console</title>"
        + "<link rel=\"stylesheet\" href=\"/static/console.css\">"
        + "<script src=\"/static/console.js\" defer></script></head>"
        + "<body data-csrf=\"" + esc(csrf) + "\"><header><span class=\"brand\">dbrestore</span>"
        + "<span class=\"sub\">Data Recovery</span><nav>" + nav + "</nav></header>"
        + "<main>" + body + "</main></body></html>";
  }

  private String csrfField() {
    return "<input type=\"hidden\" name=\"" + ConsoleServer.CSRF_FIELD + "\" value=\""
        + esc(csrf) + "\">";
  }

  String error(String sentence) {
    return page("Refused", "", "<h1>Refused</h1><p class=\"alert\" id=\"error\">" + esc(sentence)
        + "</p><p><a href=\"/\">Return to list</a></p>");
  }

  // ---- task list ------------------------------------------------------------------------

  String taskList(List<TaskRecord> records, TaskState filter, List<SavedTask> saved) {
    StringBuilder b = new StringBuilder();
    b.append("<div class=\"titlebar\"><h1>Restore tasks</h1>")
        .append("<a class=\"button primary\" id=\"create\" href=\"/recovery/new\">Create recovery</a></div>");
    if (!saved.isEmpty()) {
      b.append("<section class=\"card\"><h2>Saved, not started</h2><table class=\"tasks\" id=\"saved\">")
          .append("<thead><tr><th>Name</th><th>Pre-check</th><th>Method</th><th>Source</th><th>Target</th>")
          .append("<th>Saved</th></tr></thead><tbody>");
      for (SavedTask task : saved) {
        Map<String, Object> t = task.task().asRecord();
        b.append("<tr data-saved=\"").append(esc(task.id())).append("\"><td><a href=\"/recovery/")
            .append(esc(task.id())).append("\">").append(esc(task.task().name())).append("</a></td><td>")
            .append(task.failed() ? "<span class=\"bad\">failed</span>" : task.warnings().isEmpty()
                ? "passed" : task.warnings().size() + " warning(s) to accept")
            .append("</td><td>").append(esc(method(t))).append("</td><td>").append(esc(source(t)))
            .append("</td><td>").append(esc(t.get("target"))).append("</td><td>")
            .append(esc(time(task.savedAt()))).append("</td></tr>");
      }
      b.append("</tbody></table></section>");
    }
    b.append("<form class=\"filter\" method=\"get\" action=\"/\"><label>State <select name=\"state\" id=\"state-filter\">")
        .append("<option value=\"\">all</option>");
    for (TaskState s : TaskState.values()) {
      b.append("<option value=\"").append(Words.key(s)).append('"')
          .append(s == filter ? " selected" : "").append('>').append(Words.state(s)).append("</option>");
    }
    b.append("</select></label> <button type=\"submit\">Filter</button></form>");
    boolean live = false;
    if (records.isEmpty()) {
      b.append("<p class=\"empty\">No restore task yet").append(filter == null ? "" : " in this state")
          .append(". <a href=\"/recovery/new\">Create recovery</a> or run dbrestore restore.</p>");
    } else {
      b.append("<table class=\"tasks\" id=\"tasks\"><thead><tr><th>Name</th><th>State</th><th>Method</th>")
          .append("<th>Source</th><th>Target</th><th class=\"num\">Rows</th><th>Start</th><th>End</th></tr></thead><tbody>");
      for (TaskRecord r : records) {
        live |= r.state() == TaskState.RUNNING;
        Map<String, Object> t = r.task();
        long rows = r.rowsWritten().values().stream().mapToLong(Long::longValue).sum();
        b.append("<tr data-id=\"").append(esc(r.id())).append("\"><td><a href=\"/tasks/")
            .append(esc(r.id())).append("\">").append(esc(r.name())).append("</a><div class=\"id\">")
            .append(esc(r.id())).append("</div></td><td>").append(state(r)).append(progressBar(r))
            .append("</td><td>").append(esc(method(t))).append("</td><td>")
            .append(esc(source(t))).append("</td><td>").append(esc(t.get("target")))
            .append("</td><td class=\"num\">").append(Words.count(rows)).append("</td><td>")
            .append(esc(time(r.startTime()))).append("</td><td>").append(esc(time(r.endTime())))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    String body = b.toString();
    return page("Tasks", "Tasks",
        live ? "<div data-refresh=\"3000\"></div>" + body : body);
  }

  private static String state(TaskRecord r) {
    return "<span class=\"state " + Words.key(r.state()) + "\">" + esc(Words.state(r.state()))
        + "</span>";
  }

  private static String progressBar(TaskRecord r) {
    if (r.state() != TaskState.RUNNING) {
      return "";
    }
    Figures f = r.figures();
    String value = f == null || f.percent() == null ? "" : " value=\"" + Math.round(f.percent()) + "\"";
    return "<progress max=\"100\"" + value + "></progress><div class=\"stage\">"
        + esc(r.progress() == null ? "starting" : r.progress()) + "</div>";
  }

  private static String method(Map<String, Object> t) {
    return RestoreTask.POINT_IN_TIME.equals(t.get("method"))
        ? "point in time " + t.get("pointInTime") : "backup set";
  }

  private static String source(Map<String, Object> t) {
    if (t.get("source") == null) {
      return String.valueOf(t.get("backupSet"));
    }
    return t.get("source") + (t.get("backupTask") == null ? "" : " / " + t.get("backupTask"))
        + (t.get("backupSet") == null ? "" : " / " + t.get("backupSet"));
  }

  private static String time(String iso) {
    return iso == null ? "" : iso.replace('T', ' ').replaceAll("\\.\\d+Z$", "Z");
  }

  // ---- task details ---------------------------------------------------------------------

  String taskDetails(TaskRecord r, RestoreReport report) {
    StringBuilder b = new StringBuilder();
    b.append("<div class=\"titlebar\"><h1>").append(esc(r.name())).append("</h1>");
    if (r.state() == TaskState.FAILED || r.state() == TaskState.INTERRUPTED) {
      b.append("<form method=\"post\" action=\"/tasks/").append(esc(r.id())).append("/resume\">")
          .append(csrfField()).append("<button class=\"primary\" id=\"resume\" type=\"submit\">Resume</button></form>");
    }
    b.append("</div>");
    b.append("<section class=\"card\" id=\"status\" data-task=\"").append(esc(r.id()))
        .append("\" data-state=\"").append(Words.key(r.state())).append("\"><dl class=\"facts\">")
        .append("<dt>Task</dt><dd>").append(esc(r.id())).append("</dd>")
        .append("<dt>State</dt><dd id=\"task-state\">").append(state(r)).append("</dd>")
        .append("<dt>Started</dt><dd>").append(esc(time(r.startTime()))).append("</dd>")
        .append("<dt>Ended</dt><dd>").append(esc(time(r.endTime()))).append("</dd>")
        .append("<dt>Stage</dt><dd id=\"task-stage\">").append(esc(r.progress())).append("</dd></dl>");
    Figures f = r.figures();
    b.append("<div id=\"live\"").append(r.state() == TaskState.RUNNING ? "" : " hidden").append(">")
        .append("<progress id=\"task-progress\" max=\"100\"")
        .append(f == null || f.percent() == null ? "" : " value=\"" + Math.round(f.percent()) + "\"")
        .append("></progress><div id=\"task-figures\">").append(esc(f == null ? "" : f.toLine()))
        .append("</div></div>");
    if (r.error() != null) {
      b.append("<p class=\"alert\" id=\"task-error\">").append(esc(r.error())).append("</p>");
    }
    b.append("</section>");

    b.append("<section class=\"card\"><h2>Rows</h2>");
    if (report != null && !report.tables().isEmpty()) {
      b.append("<table id=\"rows\"><thead><tr><th>Table</th><th class=\"num\">In the backup set</th>")
          .append("<th class=\"num\">Before</th><th class=\"num\">After</th><th>Check</th></tr></thead><tbody>");
      for (RestoreReport.TableResult t : report.tables()) {
        b.append("<tr><td>").append(esc(t.database() + "." + t.table())).append("</td><td class=\"num\">")
            .append(Words.count(t.expectedRows())).append("</td><td class=\"num\">")
            .append(Words.count(t.rowsBefore())).append("</td><td class=\"num\">")
            .append(Words.count(t.restoredRows())).append("</td><td>")
            .append(t.matches() ? "<span class=\"ok\">matches</span>" : "<span class=\"bad\">differs</span>")
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    } else if (!r.rowsWritten().isEmpty()) {
      b.append("<table id=\"rows\"><thead><tr><th>Table</th><th class=\"num\">Rows written</th></tr></thead><tbody>");
      r.rowsWritten().forEach((table, n) -> b.append("<tr><td>").append(esc(table))
          .append("</td><td class=\"num\">").append(Words.count(n)).append("</td></tr>"));
      b.append("</tbody></table>");
    } else {
      b.append("<p class=\"empty\">No rows written yet.</p>");
    }
    b.append("</section>");

    b.append("<section class=\"card\"><h2>Stages</h2>");
    if (report != null) {
      Map<String, Duration> stages = new LinkedHashMap<>();
      stages.put("pre-check", report.precheckTime());
      stages.put("structure", report.structure());
      stages.put("data", report.data());
      stages.put("indexes", report.indexes());
      stages.put("replay", report.replayTime());
      stages.put("post-data objects", report.postData());
      stages.put("row counts", report.check());
      stages.put("verification", report.verify());
      b.append("<table id=\"stages\"><tbody>");
      stages.forEach((stage, d) -> b.append("<tr><td>").append(stage).append("</td><td class=\"num\">")
          .append(Words.duration(d)).append("</td></tr>"));
      b.append("<tr class=\"total\"><td>total</td><td class=\"num\">")
          .append(Words.duration(report.total())).append("</td></tr></tbody></table>");
    } else if (!r.stageSeconds().isEmpty()) {
      // A task run from the command line, by another console, or not yet at its end: the
      // stages its record holds, as each one ended.
      b.append("<table id=\"stages\"><tbody>");
      r.stageSeconds().forEach((stage, seconds) -> b.append("<tr><td>").append(esc(stage))
          .append("</td><td class=\"num\">")
          .append(Words.duration(Duration.ofMillis(Math.round(seconds * 1000))))
          .append("</td></tr>"));
      b.append("</tbody></table>");
      if (r.state() == TaskState.RUNNING) {
        b.append("<p class=\"empty\">Running: ").append(esc(r.progress())).append(".</p>");
      }
    } else {
      b.append("<p class=\"empty\">")
          .append(r.state() == TaskState.RUNNING ? "Running: " + esc(r.progress()) + "."
              : "This record holds no stage times (it ended before its first stage, or was"
                  + " written by an older dbrestore); its last stage: "
                  + esc(r.progress() == null ? "none" : r.progress()) + ".")
          .append("</p>");
    }
    b.append("</section>");

    b.append("<section class=\"card\"><h2>Pre-check</h2>").append(items(r.precheck())).append("</section>");
    b.append("<section class=\"card\"><h2>The task as given</h2><pre id=\"task-yaml\">");
    try {
      b.append(esc(ConsoleServer.yaml(RestoreTask.fromRecord(r.task()))));
    } catch (UserError e) {
      b.append(esc(r.task().toString()));
    }
    if (!r.overriddenByFlags().isEmpty()) {
      b.append("\n# fields given by flags: ").append(esc(String.join(", ", r.overriddenByFlags())));
    }
    b.append("</pre></section><p><a href=\"/\">Return to list</a></p>");
    return page(r.name(), "Tasks", b.toString());
  }

  private static String items(List<Map<String, String>> items) {
    if (items.isEmpty()) {
      return "<p class=\"empty\">No pre-check recorded.</p>";
    }
    StringBuilder b = new StringBuilder("<table class=\"precheck\"><thead><tr><th>Item</th><th>Result</th>"
        + "<th>Cause</th><th>Remedy</th></tr></thead><tbody>");
    for (Map<String, String> item : items) {
      String result = item.getOrDefault("result", "");
      b.append("<tr class=\"").append(esc(result)).append("\"><td>").append(esc(item.get("item")))
          .append("</td><td><span class=\"level ").append(esc(result)).append("\">").append(esc(result))
          .append("</span></td><td>").append(esc(item.get("cause"))).append("</td><td>")
          .append(esc(item.get("remedy"))).append("</td></tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  // ---- backup sets ----------------------------------------------------------------------

  String backups(BackupRepository repository) {
    StringBuilder b = new StringBuilder("<div class=\"titlebar\"><h1>Backup sets</h1></div>");
    b.append("<p class=\"hint\">The backup repository at <code>").append(esc(repository.root()))
        .append("</code>, as <code>dbrestore backups list</code> shows it.</p>");
    Map<String, List<BackupSetInfo>> bySource = new LinkedHashMap<>();
    repository.list(null).forEach(i -> bySource.computeIfAbsent(i.source(), s -> new java.util.ArrayList<>()).add(i));
    if (bySource.isEmpty()) {
      b.append("<p class=\"empty\">No backup set yet: dbrestore backup --source-name NAME --backup-task TASK ...</p>");
    }
    bySource.forEach((source, sets) -> {
      b.append("<section class=\"card source\" data-source=\"").append(esc(source)).append("\"><h2>")
          .append(esc(source)).append("</h2><p class=\"window\">");
      try {
        RestorableWindow window = RestorableWindow.of(repository, source);
        b.append(esc(window.describe()));
      } catch (UserError e) {
        b.append(esc(e.getMessage()));
      }
      b.append("</p><table class=\"sets\"><thead><tr><th>Backup task</th><th>Set</th><th>Time</th>")
          .append("<th class=\"num\">Size</th><th class=\"num\">Tables</th><th>Complete</th><th></th></tr></thead><tbody>");
      for (BackupSetInfo set : sets) {
        String label = TaskForm.label(set);
        b.append("<tr><td>").append(esc(set.backupTask())).append("</td><td>").append(esc(set.setId()))
            .append("</td><td>").append(esc(time(set.time()))).append("</td><td class=\"num\">")
            .append(esc(Words.bytes(set.bytes()))).append("</td><td class=\"num\">")
            .append(set.tables() < 0 ? "" : set.tables()).append("</td><td>")
            .append(set.complete() ? "yes" : "<span class=\"bad\">no</span>").append("</td><td class=\"actions\">");
        if (set.complete()) {
          b.append("<a class=\"button\" href=\"/recovery/new?set=").append(url(label))
              .append("\">Restore</a> <a class=\"button query\" href=\"/backups/query?set=").append(url(label))
              .append("\">Query</a>");
        }
        b.append("</td></tr>");
      }
      b.append("</tbody></table></section>");
    });
    return page("Backup sets", "Backup sets", b.toString());
  }

  String query(BackupSetInfo set, List<BackupSetQuery.TableView> views, String sql,
      QueryResult result, String refusal) {
    String label = TaskForm.label(set);
    StringBuilder b = new StringBuilder("<div class=\"titlebar\"><h1>Query a backup set</h1></div>");
    b.append("<p class=\"hint\">Set <code>").append(esc(label)).append("</code>, read where it lies, nothing")
        .append(" restored, as <code>dbrestore query --source ").append(esc(set.source()))
        .append(" --backup-task ").append(esc(set.backupTask())).append(" --backup-set ")
        .append(esc(set.setId())).append(" SQL</code> runs it: read-only, one SELECT, WITH, FROM,")
        .append(" VALUES, DESCRIBE, SHOW or SUMMARIZE statement (or EXPLAIN of one), in DuckDB's SQL.")
        .append(" Each table is a view:");
    for (BackupSetQuery.TableView view : views) {
      b.append(" <code>").append(esc(view.queryName())).append("</code>");
    }
    b.append(".</p><form method=\"post\" action=\"/backups/query\" id=\"query-form\" class=\"wizard\">")
        .append(csrfField()).append("<input type=\"hidden\" name=\"set\" value=\"").append(esc(label))
        .append("\"><label for=\"sql\">Query</label><textarea id=\"sql\" name=\"sql\" rows=\"4\"")
        .append(" placeholder=\"SELECT count(*) FROM db.table\">").append(esc(sql)).append("</textarea>")
        .append("<div class=\"actions\"><a class=\"button\" href=\"/backups\">Backup sets</a>")
        .append("<button class=\"primary\" type=\"submit\" id=\"run\">Run</button></div></form>")
        .append(refusal(refusal));
    if (result != null) {
      b.append("<section class=\"card\">");
      for (String notice : result.notices()) {
        b.append("<p class=\"hint notice\">").append(esc(notice)).append("</p>");
      }
      b.append("<div class=\"scroll\"><table id=\"result\"><thead><tr>");
      result.columns().forEach(c -> b.append("<th>").append(esc(c.name())).append("</th>"));
      b.append("</tr></thead><tbody>");
      for (List<String> row : result.rows()) {
        b.append("<tr>");
        row.forEach(v -> b.append("<td>").append(esc(v)).append("</td>"));
        b.append("</tr>");
      }
      b.append("</tbody></table></div><p class=\"hint\" id=\"result-count\">")
          .append(result.cut()
              ? "The first " + Words.count(result.rows().size()) + " of " + Words.count(result.count())
                  + " rows are shown; narrow the query (WHERE, LIMIT) to see the others."
              : Words.count(result.count()) + (result.count() == 1 ? " row." : " rows."))
          .append("</p></section>");
    }
    return page("Query", "Backup sets", b.toString());
  }

  // ---- the wizard -----------------------------------------------------------------------

  private static String steps(int current) {
    String[] names = {"Task", "Objects", "Mapping", "Pre-check", "Start"};
    StringBuilder b = new StringBuilder("<ol class=\"steps\">");
    for (int i = 0; i < names.length; i++) {
      b.append("<li").append(i + 1 == current ? " class=\"current\"" : i + 1 < current ? " class=\"done\"" : "")
          .append("><span>").append(i + 1).append("</span>").append(names[i]).append("</li>");
    }
    return b.append("</ol>").toString();
  }

  private static String refusal(String sentence) {
    return sentence == null ? "" : "<p class=\"alert\" id=\"refusal\">" + esc(sentence) + "</p>";
  }

  String stepOne(TaskForm form, DataSources dataSources, String refusal) {
    String method = form.value("method") == null ? RestoreTask.BACKUP_SET : form.value("method");
    StringBuilder b = new StringBuilder("<h1>Create recovery</h1>").append(steps(1)).append(refusal(refusal));
    b.append("<form method=\"post\" action=\"/recovery/objects\" id=\"step-one\" class=\"wizard\">").append(csrfField());
    b.append("<fieldset><legend>Task</legend><label for=\"name\">Task name</label>")
        .append("<input id=\"name\" name=\"name\" autocomplete=\"off\" data-max=\"").append(RestoreTask.MAX_NAME_LENGTH)
        .append("\" value=\"").append(esc(form.value("name"))).append("\" placeholder=\"restore shop after the 14:05 deploy\">")
        .append("<div class=\"check\" id=\"name-check\" aria-live=\"polite\">1 to 64 characters.</div></fieldset>");

    b.append("<fieldset><legend>Backup</legend><div class=\"radios\">")
        .append(radio("method", RestoreTask.BACKUP_SET, "Backup set", method))
        .append(radio("method", RestoreTask.POINT_IN_TIME, "Point in time (MySQL, MariaDB)", method))
        .append("</div><div class=\"method-part\" data-method=\"").append(RestoreTask.BACKUP_SET)
        .append("\"><label for=\"set\">Source / backup task / backup set</label><select id=\"set\" name=\"set\">");
    Map<String, BackupSetInfo> sets = form.completeSets();
    for (Map.Entry<String, BackupSetInfo> e : sets.entrySet()) {
      b.append("<option value=\"").append(esc(e.getKey())).append('"')
          .append(e.getKey().equals(form.value("set")) ? " selected" : "").append('>')
          .append(esc(e.getKey())).append(" (").append(esc(time(e.getValue().time()))).append(", ")
          .append(e.getValue().tables()).append(" tables)</option>");
    }
    b.append("</select>").append(sets.isEmpty() ? "<div class=\"check\">The backup repository holds no complete set.</div>" : "")
        .append("</div><div class=\"method-part\" data-method=\"").append(RestoreTask.POINT_IN_TIME)
        .append("\"><label for=\"pitrSource\">Source</label><select id=\"pitrSource\" name=\"pitrSource\">");
    for (String source : form.sources()) {
      b.append("<option").append(source.equals(form.value("pitrSource")) ? " selected" : "")
          .append(" value=\"").append(esc(source)).append("\">").append(esc(source)).append("</option>");
    }
    b.append("</select><label for=\"pointInTimePicker\">Point in time, in UTC, inside the restorable window</label>")
        .append("<input type=\"datetime-local\" id=\"pointInTimePicker\" step=\"1\">")
        .append("<label for=\"pointInTime\">or typed, ISO-8601 with Z or an offset</label>")
        .append("<input id=\"pointInTime\" name=\"pointInTime\" placeholder=\"2026-12-01T14:04:59Z\" value=\"")
        .append(esc(form.value("pointInTime"))).append("\"><div class=\"check\" id=\"windows\">")
        .append(windowsOf(form)).append("</div></div></fieldset>");

    b.append("<fieldset><legend>Target</legend><label for=\"target\">Target data source</label><select id=\"target\" name=\"target\">");
    for (DataSource ds : dataSources.all()) {
      b.append("<option value=\"").append(esc(ds.name())).append('"')
          .append(ds.name().equals(form.value("target")) ? " selected" : "").append('>')
          .append(esc(ds.name())).append(" (").append(esc(ds.kind())).append(", ").append(esc(ds.user()))
          .append(")</option>");
    }
    b.append("</select><div class=\"check\">Data sources come from the data-source file; their passwords stay in")
        .append(" its environment variables or files and are never shown here.</div>");
    b.append("<label for=\"recoveryType\">Recovery type</label>")
        .append(select("recoveryType", form.value("recoveryType"), "both", "structure and data", "structure", "structure only", "data", "data only"))
        .append("</fieldset>");
    b.append("<fieldset><legend>Advanced: conflicts</legend><label for=\"structureConflict\">Same-name object in the target</label>")
        .append(select("structureConflict", form.value("structureConflict"), "stop", "stop", "ignore", "ignore: keep it and continue"))
        .append("<label for=\"dataConflict\">Row whose key exists</label>")
        .append(select("dataConflict", form.value("dataConflict"), "stop", "stop", "ignore", "ignore: keep the existing row", "overwrite", "overwrite: write the backup's"))
        .append("</fieldset>");
    b.append("<div class=\"actions\"><a class=\"button\" href=\"/\">Cancel</a>")
        .append("<button class=\"primary\" type=\"submit\" id=\"next\">Next: objects</button></div></form>");
    return page("Create recovery", "Create recovery", b.toString());
  }

  private static String windowsOf(TaskForm form) {
    StringBuilder b = new StringBuilder();
    BackupRepository repository = form.repository();
    for (String source : form.sources()) {
      b.append("<div data-window=\"").append(esc(source)).append('"');
      try {
        RestorableWindow window = RestorableWindow.of(repository, source);
        if (window.exists() && window.fromTime() != null) {
          // The picker's bounds: the seconds, in UTC, of the set's consistent point and the
          // last captured commit.
          b.append(" data-min=\"").append(utcSecond(window.fromTime())).append("\" data-max=\"")
              .append(utcSecond(window.toTime())).append('"');
        }
        b.append('>').append(esc(window.describe())).append(" Times are in UTC.");
      } catch (UserError e) {
        b.append('>');
        b.append(esc(e.getMessage()));
      }
      b.append("</div>");
    }
    return b.toString();
  }

  /** An instant as the datetime-local input takes it, to the second, in UTC. */
  private static String utcSecond(String instant) {
    return LocalDateTime.ofInstant(Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS),
        ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
  }

  private static String radio(String name, String value, String label, String current) {
    return "<label class=\"radio\"><input type=\"radio\" name=\"" + name + "\" value=\"" + esc(value) + "\""
        + (value.equals(current) ? " checked" : "") + "> " + esc(label) + "</label>";
  }

  private static String select(String name, String current, String... valuesAndLabels) {
    StringBuilder b = new StringBuilder("<select id=\"" + name + "\" name=\"" + name + "\">");
    for (int i = 0; i < valuesAndLabels.length; i += 2) {
      String value = valuesAndLabels[i];
      b.append("<option value=\"").append(value).append('"')
          .append(value.equals(current) ? " selected" : "").append('>')
          .append(esc(valuesAndLabels[i + 1])).append("</option>");
    }
    return b.append("</select>").toString();
  }

  private String hidden(TaskForm form) {
    StringBuilder b = new StringBuilder(csrfField());
    for (String field : TaskForm.STEP_ONE) {
      String v = form.value(field);
      if (v != null) {
        b.append("<input type=\"hidden\" name=\"").append(field).append("\" value=\"").append(esc(v)).append("\">");
      }
    }
    return b.toString();
  }

  String stepTwo(TaskForm form, RestoreTask task, Manifest manifest, String refusal) {
    boolean custom = "custom".equals(form.value("objects"));
    java.util.Set<String> picked = new java.util.HashSet<>(form.values("pick"));
    StringBuilder b = new StringBuilder("<h1>Create recovery</h1>").append(steps(2));
    b.append("<p class=\"hint\">").append(esc(task.name())).append(": set ").append(esc(manifest.setId()))
        .append(" of ").append(esc(task.source())).append(" into ").append(esc(task.target())).append(".</p>");
    b.append("<form method=\"post\" action=\"/recovery/precheck\" id=\"step-two\" class=\"wizard\">").append(hidden(form));
    b.append("<fieldset><legend>Objects</legend><div class=\"radios\">")
        .append(radio("objects", "all", "All objects", custom ? "custom" : "all"))
        .append(radio("objects", "custom", "Custom", custom ? "custom" : "all"))
        .append("</div><ul class=\"tree\" id=\"tree\">");
    for (Manifest.Database db : manifest.databases()) {
      String dbPick = TaskForm.pick(ObjectKind.DATABASES, db.name(), null);
      b.append("<li><label class=\"db\">").append(box(dbPick, picked, "db")).append(' ').append(esc(db.name()))
          .append("</label><ul>");
      for (Manifest.Table t : db.tables()) {
        b.append(leaf(ObjectKind.TABLES, "table", db.name(), t.name(), picked));
      }
      leaves(b, ObjectKind.VIEWS, "view", db.name(), db.views(), picked);
      leaves(b, ObjectKind.FUNCTIONS, "function", db.name(), db.functions(), picked);
      leaves(b, ObjectKind.PROCEDURES, "procedure", db.name(), db.procedures(), picked);
      leaves(b, ObjectKind.TRIGGERS, "trigger", db.name(), db.triggers(), picked);
      leaves(b, ObjectKind.EVENTS, "event", db.name(), db.events(), picked);
      b.append("</ul></li>");
    }
    b.append("</ul></fieldset>");
    b.append("<fieldset id=\"mapping\"><legend>Mapping</legend>").append(refusal(refusal))
        .append("<p class=\"hint\">Tables and databases only: a mapping is refused while views, routines,")
        .append(" triggers or events are restored, whose bodies name the original objects.</p>")
        .append("<label for=\"mapDatabases\">Databases, one SOURCE=TARGET a line</label><textarea id=\"mapDatabases\" name=\"mapDatabases\" rows=\"2\" placeholder=\"shop=shop_restored\">")
        .append(esc(form.value("mapDatabases"))).append("</textarea>")
        .append("<label for=\"mapTables\">Tables, one DATABASE.TABLE=NAME a line</label><textarea id=\"mapTables\" name=\"mapTables\" rows=\"2\" placeholder=\"shop.orders=orders_before_deploy\">")
        .append(esc(form.value("mapTables"))).append("</textarea></fieldset>");
    b.append("<div class=\"actions\"><a class=\"button\" href=\"/recovery/new\">Start over</a>")
        .append("<button class=\"primary\" type=\"submit\" id=\"save\">Save and pre-check</button></div></form>");
    return page("Create recovery", "Create recovery", b.toString());
  }

  private static String box(String value, java.util.Set<String> picked, String cls) {
    return "<input type=\"checkbox\" class=\"" + cls + "\" name=\"pick\" value=\"" + esc(value) + "\""
        + (picked.contains(value) ? " checked" : "") + ">";
  }

  private static String leaf(ObjectKind kind, String word, String db, String name, java.util.Set<String> picked) {
    return "<li><label>" + box(TaskForm.pick(kind, db, name), picked, "obj") + " <span class=\"kind\">" + word
        + "</span> " + esc(name) + "</label></li>";
  }

  private static void leaves(StringBuilder b, ObjectKind kind, String word, String db,
      List<Manifest.SchemaObject> objects, java.util.Set<String> picked) {
    if (objects != null) {
      objects.forEach(o -> b.append(leaf(kind, word, db, o.name(), picked)));
    }
  }

  String precheck(SavedTask saved, String refusal) {
    StringBuilder b = new StringBuilder("<h1>Create recovery</h1>").append(steps(4)).append(refusal(refusal));
    b.append("<p class=\"hint\">").append(esc(saved.task().name())).append(": the pre-check ")
        .append(saved.failed() ? "failed; a failure blocks the start." : saved.warnings().isEmpty()
            ? "passed." : "gave warnings; tick each to accept it before the start.").append("</p>");
    if (saved.startedAs() != null) {
      b.append("<p class=\"hint\" id=\"started-as\">Started as restore task <a href=\"/tasks/")
          .append(esc(saved.startedAs())).append("\">").append(esc(saved.startedAs())).append("</a>.</p>");
    }
    b.append("<form method=\"post\" action=\"/recovery/").append(esc(saved.id())).append("/start\" id=\"start-form\" data-failures=\"")
        .append(saved.failures().size()).append('"').append(saved.startedAs() == null ? "" : " data-started")
        .append('>').append(csrfField());
    b.append("<table class=\"precheck\" id=\"precheck\"><thead><tr><th>Item</th><th>Result</th><th>Cause</th><th>Remedy</th><th>Accept</th></tr></thead><tbody>");
    for (PreCheck.Item item : saved.items()) {
      String level = item.result().name().toLowerCase(Locale.ROOT);
      b.append("<tr class=\"").append(level).append("\" data-item=\"").append(item.number()).append("\"><td>")
          .append(item.number()).append(' ').append(esc(item.name())).append("</td><td><span class=\"level ")
          .append(level).append("\">").append(level).append("</span></td><td>").append(esc(item.cause()))
          .append("</td><td>").append(esc(item.remedy())).append("</td><td>");
      if (item.result() == PreCheck.Result.WARNING) {
        b.append("<label><input type=\"checkbox\" class=\"accept\" name=\"accept\" value=\"").append(item.number())
            .append("\"> accept</label>");
      }
      b.append("</td></tr>");
    }
    b.append("</tbody></table><div class=\"actions\"><a class=\"button\" href=\"/recovery/").append(esc(saved.id()))
        .append("/task.yaml\" id=\"download\">Download task YAML</a><a class=\"button\" href=\"/recovery/new\">Start over</a>")
        .append("<button class=\"primary\" type=\"submit\" id=\"start\"").append(saved.failed() || saved.startedAs() != null ? " disabled" : "")
        .append(">Start</button></div></form>");
    b.append("<section class=\"card\"><h2>Task file</h2><p class=\"hint\">The same task a DBA runs with")
        .append(" <code>dbrestore restore --task FILE</code>.</p><pre id=\"task-yaml\">")
        .append(esc(ConsoleServer.yaml(saved.task()))).append("</pre></section>");
    return page("Pre-check", "Create recovery", b.toString());
  }

  String started(SavedTask saved, String taskId) {
    StringBuilder b = new StringBuilder("<h1>Create recovery</h1>").append(steps(5));
    b.append("<section class=\"card done\"><p class=\"success\" id=\"started\">The task ")
        .append(esc(saved.task().name())).append(" started successfully.</p><p>Task id <code>")
        .append(esc(taskId)).append("</code>.</p><div class=\"actions\"><a class=\"button primary\" id=\"view-details\" href=\"/tasks/")
        .append(esc(taskId)).append("\">View details</a><a class=\"button\" id=\"return-to-list\" href=\"/\">Return to list</a>")
        .append("<a class=\"button\" href=\"/recovery/").append(esc(saved.id())).append("/task.yaml\">Download task YAML</a></div></section>");
    return page("Started", "Create recovery", b.toString());
  }
}
