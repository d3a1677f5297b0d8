package dev.dbrestore.pipelines.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.query.BackupSetQuery;
import dev.dbrestore.pipelines.precheck.Check;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.BackupSetInfo;
import dev.dbrestore.pipelines.task.DataSources;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The restore console's web server: the task list, task details, the create-recovery wizard and
 * the backup sets, over the same task engine as the command line ({@link TaskRunner}). Every
 * request needs the access token (a cookie set by the first visit with {@code ?token=}), every
 * POST the CSRF token; pages are plain HTML with scripts served as files under a strict
 * Content-Security-Policy.
 */
public final class ConsoleServer implements AutoCloseable {
  public static final String COOKIE = "dbrestore_console";
  static final String CSRF_FIELD = "csrf";
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TaskRunner runner;
  private final String token = random(24);
  private final String csrf = random(24);
  private final SavedTasks saved;
  private final Pages pages;
  private Javalin app;

  public ConsoleServer(TaskRunner runner) {
    this.runner = runner;
    this.saved = new SavedTasks(runner.store().dir());
    this.pages = new Pages(csrf);
  }

  /** Starts serving on {@code bind:port} (port 0: any free port). */
  public ConsoleServer start(String bind, int port) {
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = 1_000_000;
              config.routes.before(this::guard);
              config.routes.get("/static/{file}", this::asset);
              config.routes.get("/", this::taskList);
              config.routes.get("/tasks/{id}", this::taskDetails);
              config.routes.get("/tasks/{id}/status", this::taskStatus);
              config.routes.post("/tasks/{id}/resume", this::resume);
              config.routes.get("/backups", this::backups);
              config.routes.get("/backups/query", this::queryPage);
              config.routes.post("/backups/query", this::query);
              config.routes.get("/recovery/new", this::wizardStart);
              config.routes.post("/recovery/objects", this::wizardObjects);
              config.routes.post("/recovery/precheck", this::wizardPrecheck);
              config.routes.get("/recovery/{saved}", this::savedTask);
              config.routes.get("/recovery/{saved}/task.yaml", this::savedYaml);
              config.routes.post("/recovery/{saved}/start", this::startSaved);
              config.routes.exception(
                  UserError.class,
                  (e, ctx) -> ctx.status(400).html(pages.error(e.getMessage())));
            });
    app.start(bind, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The address to open, with the access token: the one line the command prints. */
  public String url(String bind) {
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    return "http://" + host + ":" + port() + "/?token=" + token;
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    runner.close();
  }

  // ---- security -------------------------------------------------------------------------

  private void guard(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    String given = ctx.queryParam("token");
    if (given != null && same(given, token) && ctx.method() == HandlerType.GET) {
      // The token leaves the address bar and history: from now on it is in the cookie only.
      ctx.header("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
      ctx.redirect(ctx.path());
      ctx.skipRemainingHandlers();
      return;
    }
    if (!same(ctx.cookie(COOKIE), token)) {
      throw new UnauthorizedResponse(
          "Open the console with the address dbrestore console printed (it holds the token).");
    }
    if (ctx.method() == HandlerType.POST) {
      String sent = ctx.header("X-CSRF-Token");
      if (sent == null) {
        sent = ctx.formParam(CSRF_FIELD);
      }
      if (!same(sent, csrf)) {
        throw new ForbiddenResponse("The form carries no valid CSRF token; reload the page.");
      }
    }
  }

  private static boolean same(String given, String expected) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private void asset(Context ctx) {
    String file = ctx.pathParam("file");
    String type =
        file.equals("console.css") ? "text/css; charset=utf-8"
            : file.equals("console.js") ? "text/javascript; charset=utf-8" : null;
    if (type == null) {
      throw new NotFoundResponse();
    }
    try (InputStream in = ConsoleServer.class.getResourceAsStream("/console/" + file)) {
      ctx.contentType(type).result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- tasks ----------------------------------------------------------------------------

  private void taskList(Context ctx) {
    String state = ctx.queryParam("state");
    TaskState filter = null;
    if (state != null && !state.isEmpty()) {
      filter = stateOf(state);
    }
    List<TaskRecord> records = runner.store().list();
    TaskState f = filter;
    ctx.html(pages.taskList(
        f == null ? records : records.stream().filter(r -> r.state() == f).toList(), f,
        saved.notStarted()));
  }

  private static TaskState stateOf(String key) {
    for (TaskState s : TaskState.values()) {
      if (Words.key(s).equals(key)) {
        return s;
      }
    }
    throw new UserError("There is no task state " + key + ".");
  }

  private void taskDetails(Context ctx) {
    TaskRecord record = runner.store().get(ctx.pathParam("id"));
    ctx.html(pages.taskDetails(record, runner.report(record.id()).orElse(null)));
  }

  private void taskStatus(Context ctx) throws IOException {
    TaskRecord r = runner.store().get(ctx.pathParam("id"));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("state", Words.key(r.state()));
    status.put("stateText", Words.state(r.state()));
    status.put("progress", r.progress());
    status.put("percent", r.figures() == null ? null : r.figures().percent());
    status.put("line", r.figures() == null ? null : r.figures().toLine());
    status.put("etaSeconds", r.figures() == null ? null : r.figures().etaSeconds());
    status.put("rowsWritten", r.rowsWritten().values().stream().mapToLong(Long::longValue).sum());
    ctx.contentType("application/json").result(JSON.writeValueAsString(status));
  }

  private void resume(Context ctx) {
    String id = ctx.pathParam("id");
    runner.resume(id);
    ctx.redirect("/tasks/" + id);
  }

  // ---- backup sets ----------------------------------------------------------------------

  private void backups(Context ctx) {
    ctx.html(pages.backups(repository()));
  }

  /** A complete set of the repository, by the label the pages give it. */
  private BackupSetInfo completeSet(String label) {
    BackupSetInfo info = label == null ? null : TaskForm.completeSets(repository()).get(label);
    if (info == null) {
      throw new UserError("The backup repository has no complete backup set " + label
          + "; choose one on the Backup sets page.");
    }
    return info;
  }

  private BackupSet open(BackupSetInfo info) {
    return BackupSet.open(repository().resolve(info.source(), info.backupTask(), info.setId()));
  }

  private void queryPage(Context ctx) {
    BackupSetInfo info = completeSet(ctx.queryParam("set"));
    ctx.html(pages.query(info, BackupSetQuery.over(open(info)).views(), null, null, null));
  }

  /** A query typed in the page, run over the set exactly as dbrestore query runs it. */
  private void query(Context ctx) {
    BackupSetInfo info = completeSet(ctx.formParam("set"));
    BackupSet set = open(info);
    List<BackupSetQuery.TableView> views = BackupSetQuery.over(set).views();
    String sql = ctx.formParam("sql");
    if (sql == null || sql.isBlank()) {
      ctx.status(400).html(pages.query(info, views, sql, null,
          "Type a query, e.g. SELECT count(*) FROM db.table."));
      return;
    }
    QueryResult result = new QueryResult();
    try {
      BackupSetQuery.over(set).withNotices(result::notice).run(sql, result);
    } catch (UserError e) {
      ctx.status(400).html(pages.query(info, views, sql, null, e.getMessage()));
      return;
    }
    ctx.html(pages.query(info, views, sql, result, null));
  }

  private BackupRepository repository() {
    return BackupRepository.at(runner.settings().repository());
  }

  private DataSources dataSources() {
    return DataSources.load(runner.settings().dataSources());
  }

  private TaskForm form(Context ctx) {
    return new TaskForm(ctx.formParamMap(), repository(), dataSources());
  }

  // ---- the wizard -----------------------------------------------------------------------

  private void wizardStart(Context ctx) {
    TaskForm prefill = new TaskForm(ctx.queryParamMap(), repository(), dataSources());
    ctx.html(pages.stepOne(prefill, dataSources(), null));
  }

  /** The first step's task and the manifest of its set, both checked. */
  private record StepOne(RestoreTask task, Manifest manifest) {}

  /** The first step as posted; null once a refusal has sent it back to the first step. */
  private StepOne stepOne(Context ctx, TaskForm form) {
    try {
      RestoreTask task = form.stepOne();
      Manifest manifest = TaskForm.manifest(task, runner.settings().repository());
      form.checkWindow(task, manifest);
      return new StepOne(task, manifest);
    } catch (UserError e) {
      ctx.status(400).html(pages.stepOne(form, dataSources(), e.getMessage()));
      return null;
    }
  }

  private void wizardObjects(Context ctx) {
    TaskForm form = form(ctx);
    StepOne one = stepOne(ctx, form);
    if (one != null) {
      ctx.html(pages.stepTwo(form, one.task(), one.manifest(), null));
    }
  }

  private void wizardPrecheck(Context ctx) {
    TaskForm form = form(ctx);
    StepOne one = stepOne(ctx, form);
    if (one == null) {
      return;
    }
    RestoreTask task = one.task();
    Manifest manifest = one.manifest();
    PreCheck.Report report;
    try {
      task = form.task(manifest);
      report = runner.precheck(task);
    } catch (UserError e) {
      ctx.status(400).html(pages.stepTwo(form, task, manifest, e.getMessage()));
      return;
    }
    // A mapping the objects cannot take goes back to the mapping, in the pre-check's sentence.
    for (PreCheck.Item item : report.failures()) {
      if (item.number() == Check.MAPPING_WITH_VIEWS.number()) {
        ctx.status(400).html(pages.stepTwo(form, task, manifest, item.cause()));
        return;
      }
    }
    SavedTask checked = new SavedTask(random(8), Instant.now().toString(), task,
        report.items(), null);
    saved.save(checked);
    ctx.redirect("/recovery/" + checked.id());
  }

  private SavedTask saved(Context ctx) {
    return saved.get(ctx.pathParam("saved"));
  }

  private void savedTask(Context ctx) {
    ctx.html(pages.precheck(saved(ctx), null));
  }

  private void savedYaml(Context ctx) throws IOException {
    SavedTask task = saved(ctx);
    ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(task.task()) + "\"");
    ctx.contentType("application/yaml; charset=utf-8").result(yaml(task.task()));
  }

  /** The task file a DBA could run with {@code dbrestore restore --task}. */
  static String yaml(RestoreTask task) {
    try {
      return "# dbrestore restore --task FILE\n" + YAML.writeValueAsString(task.asRecord());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fileName(RestoreTask task) {
    String base = task.name().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return (base.isEmpty() ? "task" : base) + ".yaml";
  }

  private void startSaved(Context ctx) {
    SavedTask task = saved(ctx);
    if (task.startedAs() != null) {
      ctx.status(400).html(pages.precheck(task, "The task " + task.task().name() + " was started"
          + " already, as restore task " + task.startedAs() + "; see its details in the list."));
      return;
    }
    if (task.failed()) {
      ctx.status(400).html(pages.precheck(task,
          "The pre-check failed, so the task cannot start; fix what the failed items say and"
              + " create the task again."));
      return;
    }
    Set<Integer> ticked = new TreeSet<>();
    for (String value : ctx.formParams("accept")) {
      try {
        ticked.add(Integer.parseInt(value));
      } catch (NumberFormatException e) {
        throw new UserError("An accepted warning must be an item number, not " + value + ".");
      }
    }
    Set<Integer> warnings = new TreeSet<>();
    task.warnings().forEach(w -> warnings.add(w.number()));
    if (!ticked.equals(warnings)) {
      Set<Integer> missing = new TreeSet<>(warnings);
      missing.removeAll(ticked);
      ctx.status(400).html(pages.precheck(task, missing.isEmpty()
          ? "Only the warnings the pre-check gave can be accepted."
          : "Tick every warning to accept it before the task starts (items " + missing + ")."));
      return;
    }
    RestoreTask t = task.task();
    RestoreTask accepted = new RestoreTask(
        t.name(), t.source(), t.backupTask(), t.backupSet(), t.method(), t.target(),
        t.targetUser(), t.targetPasswordEnv(), t.targetPasswordFile(), t.recoveryType(),
        t.objects(), t.databaseMapping(), t.tableMapping(), t.structureConflict(),
        t.dataConflict(), ticked, t.journalSchema(), t.retries(), t.signingKeyEnv(),
        t.signingKeyFile(), t.events(), t.allowEngines(), t.bulkLoad(), t.writeBinlog(),
        t.verify(), t.pointInTime());
    String taskId = runner.start(accepted);
    SavedTask started = task.started(accepted, taskId);
    saved.save(started);
    ctx.html(pages.started(started, taskId));
  }
}
