package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.FaultInjection;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.pipelines.console.ConsoleServer;
import dev.dbrestore.pipelines.console.TaskRunner;
import dev.dbrestore.pipelines.repository.BackupRepository;
import dev.dbrestore.pipelines.repository.RestorableWindow;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.task.RestoreTask;
import dev.dbrestore.pipelines.task.TaskRecord;
import dev.dbrestore.pipelines.task.TaskState;
import dev.dbrestore.pipelines.task.TaskStore;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium against the embedded source and target: the wizard end to
 * end, its refusals, and the token and CSRF checks. One server, one browser for all methods.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String DB = "console_shop";
  private static final String RESTORED = "console_restored";
  private static final String RESUMED = "console_resumed";
  private static final String FAULT = "dbrestore.fault.failAfterCommit";
  private static final String SLOW = "dbrestore.fault.slowCommitMillis";
  private static final String SAVED = "console_saved";
  private static final String BIG = "console_big";
  private static final String PITR_SOURCE = "db2";
  private static final String PITR_DB = "console_pitr";
  private static final String PITR_RESTORED = "console_pitr_restored";

  private static Path home;
  private static Path dataSources;
  private static Path repository;
  private static String homeBefore;
  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static EmbeddedMariaDb pitrSource;
  private static ConsoleServer server;
  private static String base;
  private static String token;
  private static WebDriver browser;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    if (!present) {
      String reason = "ConsoleBrowserIT skipped: " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing (apt-get install chromium chromium-driver).";
      if (Boolean.getBoolean("dbrestore.requireBrowser")) {
        throw new IllegalStateException(reason + " -Ddbrestore.requireBrowser=true needs them.");
      }
      System.out.println(reason);
      Assumptions.assumeTrue(false, reason);
    }
    home = Files.createTempDirectory("console-it");
    // The console and the command line share one dbrestore home, as they do for a DBA.
    homeBefore = System.getProperty("dbrestore.home");
    System.setProperty("dbrestore.home", home.toString());
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB, RESTORED, RESUMED, "console_elsewhere");
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, amount DECIMAL(10,2))",
        "CREATE TABLE " + DB + ".customers (id INT PRIMARY KEY, name VARCHAR(40))",
        "CREATE TABLE " + DB + ".notes (body VARCHAR(40))",
        "INSERT INTO " + DB + ".orders SELECT seq, seq * 1.5 FROM seq.seq_1_to_2500",
        "INSERT INTO " + DB + ".customers SELECT seq, CONCAT('customer ', seq) FROM seq.seq_1_to_300",
        "INSERT INTO " + DB + ".notes SELECT CONCAT('note ', seq) FROM seq.seq_1_to_40",
        "CREATE VIEW " + DB + ".big_orders AS SELECT id FROM " + DB + ".orders WHERE amount > 100");
    repository = home.resolve("backups");
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true),
        "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--repository", repository.toString(), "--source-name", "db1", "--backup-task", "nightly");
    assertEquals(0, exit, err.toString());
    dataSources = home.resolve("datasources.yaml");
    Files.writeString(dataSources, "datasources:\n  staging:\n    kind: mariadb\n    url: "
        + target.jdbcUrl() + "\n    user: root\n");
    Files.setPosixFilePermissions(dataSources,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    String url = startConsole();

    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1366,900",
        "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    // A page that follows a click may take a moment; absent elements are checked after a wait.
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    browser.get(url);
  }

  /** A console over the shared home, as dbrestore console starts it; returns its address. */
  private static String startConsole() {
    TaskRunner runner = new TaskRunner(
        () -> RunnerConfig.options(RestoreOptions.class, null, List.of()),
        new RestoreJob.Settings(dataSources, repository.toString(), false, DbrestoreHome.tasks()));
    server = new ConsoleServer(runner).start("127.0.0.1", 0);
    String url = server.url("127.0.0.1");
    assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{48}"), url);
    base = url.substring(0, url.indexOf("/?token="));
    token = url.substring(url.indexOf("=") + 1);
    return url;
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (homeBefore != null) {
      System.setProperty("dbrestore.home", homeBefore);
    } else {
      System.clearProperty("dbrestore.home");
    }
  }

  @Test
  @Order(1)
  void aRequestWithoutTheTokenIsRefused_with401() throws Exception {
    for (String path : List.of("/", "/tasks/r-1", "/static/console.js", "/?token=wrong")) {
      HttpResponse<String> r = HTTP.send(
          HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode(), path);
    }
    HttpResponse<String> withToken = HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/?token=" + token)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(302, withToken.statusCode());
    String cookie = withToken.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
  }

  @Test
  @Order(2)
  void aPostWithoutTheCsrfTokenIsRefused_with403() throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/recovery/objects"))
            .header("Cookie", ConsoleServer.COOKIE + "=" + token)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("name=x&target=staging")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, r.statusCode(), r.body());
    // The same from the page itself: the browser sends the cookie, not the CSRF token.
    browser.get(base + "/");
    Object status = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/recovery/objects', {method: 'POST', body: new URLSearchParams({name: 'x'})})"
            + ".then(r => done(r.status), e => done(String(e)));");
    assertEquals(403L, status);
  }

  @Test
  @Order(3)
  void aNameOf65CharactersIsRefused_asYouTypeAndByTheServer() {
    browser.get(base + "/recovery/new");
    String name = "n".repeat(65);
    browser.findElement(By.id("name")).sendKeys(name);
    String check = browser.findElement(By.id("name-check")).getText();
    assertEquals("The task name has 65 characters; a task name may have at most 64.", check);
    assertFalse(browser.findElement(By.id("next")).isEnabled());
    // The server checks it too, whatever the page's script allows.
    ((JavascriptExecutor) browser).executeScript("document.getElementById('next').disabled = false;");
    submit(By.id("next"));
    assertEquals("The task name has 65 characters; a task name may have at most 64.",
        browser.findElement(By.id("refusal")).getText());
  }

  @Test
  @Order(4)
  void aMappingIsRefused_whenViewsAreSelected() {
    stepOne("mapping with the view");
    browser.findElement(By.id("next")).click();
    // All objects, the view among them, under another database name.
    browser.findElement(By.id("mapDatabases")).sendKeys(DB + "=console_elsewhere");
    submit(By.id("save"));
    String refusal = browser.findElement(By.id("refusal")).getText();
    assertTrue(refusal.startsWith("The task maps names and also restores views, functions,"
        + " procedures, triggers or events ("), refusal);
    assertTrue(refusal.contains("big_orders"), refusal);
    assertTrue(browser.findElement(By.id("mapping")).getText().contains(refusal));
  }

  @Test
  @Order(5)
  void theWizardCreatesPrechecksAndStartsATask_andItsDetailsShowTheRows() throws Exception {
    stepOne("restore shop tables after the deploy");
    new Select(browser.findElement(By.id("dataConflict"))).selectByValue("ignore");
    browser.findElement(By.id("next")).click();

    browser.findElement(By.cssSelector("input[name=objects][value=custom]")).click();
    for (String table : List.of("orders", "customers", "notes")) {
      browser.findElement(By.cssSelector("input[value='tables:" + DB + "." + table + "']")).click();
    }
    browser.findElement(By.id("mapDatabases")).sendKeys(DB + "=" + RESTORED);
    screenshot("console-objects.png");
    browser.findElement(By.id("save")).click();

    // notes has no primary key and the data conflict is ignore: warning 13, to be ticked.
    WebElement warning = browser.findElement(By.cssSelector("#precheck tr[data-item='13']"));
    assertTrue(warning.getText().contains("warning"), warning.getText());
    assertTrue(browser.findElements(By.cssSelector("#precheck tr.failure")).isEmpty(),
        browser.findElement(By.id("precheck")).getText());
    WebElement start = browser.findElement(By.id("start"));
    assertFalse(start.isEnabled());
    for (WebElement box : browser.findElements(By.cssSelector("input.accept"))) {
      box.click();
    }
    assertTrue(start.isEnabled());
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", warning);
    screenshot("console-wizard.png", false);
    String yaml = get(browser.findElement(By.id("download")).getAttribute("href")
        .substring(base.length())).body();
    start.click();

    assertEquals("The task restore shop tables after the deploy started successfully.",
        browser.findElement(By.id("started")).getText());
    assertNotNull(browser.findElement(By.id("return-to-list")));
    browser.findElement(By.id("view-details")).click();
    String taskId = browser.findElement(By.id("status")).getAttribute("data-task");
    waitForTheEnd();

    Map<String, String> shown = new LinkedHashMap<>();
    for (WebElement row : browser.findElements(By.cssSelector("#rows tbody tr"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      shown.put(cells.get(0).getText(), cells.get(3).getText().replace(",", ""));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String table : List.of("customers", "notes", "orders")) {
      expected.put(RESTORED + "." + table,
          TestServers.single(target, "SELECT COUNT(*) FROM " + RESTORED + "." + table));
    }
    assertEquals(Map.of(RESTORED + ".orders", "2500", RESTORED + ".customers", "300",
        RESTORED + ".notes", "40"), expected);
    assertEquals(expected, shown);
    assertTrue(TestServers.column(target,
        "SELECT table_name FROM information_schema.views WHERE table_schema = '" + RESTORED + "'")
        .isEmpty());
    screenshot("console-details.png");

    // Recorded as the command line records that task file: the same task, nothing else.
    TaskRecord record = TaskStore.open(DbrestoreHome.tasks()).get(taskId);
    assertEquals(TaskState.SUCCEEDED, record.state());
    Map<String, Object> recorded = new LinkedHashMap<>(record.task());
    recorded.remove(RestoreTask.REPOSITORY);
    Map<String, Object> fromFile = RestoreTask.fromYaml(yaml).withWriting(true, true, true).asRecord();
    assertEquals(fromFile.toString().replace("acceptWarnings=[]", "acceptWarnings=[13]"),
        recorded.toString());

    browser.findElement(By.linkText("Return to list")).click();
    WebElement row = browser.findElement(By.cssSelector("#tasks tr[data-id='" + taskId + "']"));
    assertTrue(row.getText().contains("succeeded"), row.getText());
    new Select(browser.findElement(By.id("state-filter"))).selectByValue("running");
    browser.findElement(By.cssSelector("form.filter button")).click();
    waitUntilGone(row, Duration.ofSeconds(30));
    assertEquals("running", new Select(browser.findElement(By.id("state-filter")))
        .getFirstSelectedOption().getAttribute("value"));
    assertTrue(browser.findElements(By.cssSelector("#tasks tr[data-id='" + taskId + "']")).isEmpty());
  }

  @Test
  @Order(6)
  void aTaskThatFailedOnTheCommandLine_isListedAndResumedFromTheConsole() throws Exception {
    String setId = dev.dbrestore.pipelines.repository.BackupRepository.at(repository.toString())
        .list("db1").get(0).setId();
    StringWriter err = new StringWriter();
    int exit;
    // The first chunk commit fails (an injected fault, no retries): the task fails part-way.
    FaultInjection.reset();
    System.setProperty(FAULT, "1");
    try {
      exit = Main.execute(new PrintWriter(err, true),
          "restore", "--source", "db1", "--backup-task", "nightly", "--backup-set", setId,
          "--repository", repository.toString(), "--datasources", dataSources.toString(),
          "--target", "staging", "--name", "console resume", "--retries", "0",
          "--include", "tables:" + DB + ".*", "--map-database", DB + "=" + RESUMED);
    } finally {
      System.clearProperty(FAULT);
    }
    assertEquals(1, exit, err.toString());
    assertTrue(err.toString().contains("Injected fault after committing chunk"), err.toString());

    browser.get(base + "/?state=failed");
    WebElement row = browser.findElement(By.xpath(
        "//table[@id='tasks']//tr[.//a[text()='console resume']]"));
    String taskId = row.getAttribute("data-id");
    row.findElement(By.linkText("console resume")).click();
    assertTrue(browser.findElement(By.id("task-error")).getText()
        .contains("Injected fault after committing chunk"));
    // The stages the command line's run got through, from its task record: the pre-check and
    // the structure ended before the fault in the data stage.
    String stages = browser.findElement(By.id("stages")).getText();
    assertTrue(stages.contains("pre-check") && stages.contains("structure")
        && !stages.contains("verification"), stages);
    String failedAt = TaskStore.open(DbrestoreHome.tasks()).get(taskId).endTime();
    browser.findElement(By.id("resume")).click();
    // Ended again: a new end time, whatever the page showed while the resume started.
    new WebDriverWait(browser, Duration.ofMinutes(3)).until(b -> {
      TaskRecord now = TaskStore.open(DbrestoreHome.tasks()).get(taskId);
      return now.state() != TaskState.RUNNING && now.endTime() != null
          && !now.endTime().equals(failedAt);
    });
    browser.navigate().refresh();
    assertEquals("succeeded", browser.findElement(By.id("status")).getAttribute("data-state"),
        browser.findElement(By.tagName("main")).getText());
    assertEquals(taskId, browser.findElement(By.id("status")).getAttribute("data-task"));
    for (String table : List.of("orders", "customers", "notes")) {
      assertEquals(
          TestServers.single(source, "SELECT COUNT(*) FROM " + DB + "." + table),
          TestServers.single(target, "SELECT COUNT(*) FROM " + RESUMED + "." + table));
    }
    assertEquals(TaskState.SUCCEEDED, TaskStore.open(DbrestoreHome.tasks()).get(taskId).state());
    browser.get(base + "/");
    screenshot("console-list.png");
  }

  @Test
  @Order(7)
  void aFailedPrecheckBlocksTheStart_inThePageAndOnTheServer() {
    // The tables restored above are in the way and a same-name object stops the task.
    stepOne("into the tables already restored");
    browser.findElement(By.id("next")).click();
    browser.findElement(By.cssSelector("input[name=objects][value=custom]")).click();
    browser.findElement(By.cssSelector("input[value='tables:" + DB + ".orders']")).click();
    browser.findElement(By.id("mapDatabases")).sendKeys(DB + "=" + RESTORED);
    browser.findElement(By.id("save")).click();
    WebElement item = browser.findElement(By.cssSelector("#precheck tr[data-item='5']"));
    assertTrue(item.getText().contains("failure"), item.getText());
    assertFalse(browser.findElement(By.id("start")).isEnabled());
    // Started anyway, by a form the page did not offer: the server refuses it too.
    assertTrue(startAnyway()
        .startsWith("The pre-check failed, so the task cannot start"));
  }

  @Test
  @Order(8)
  void aPointInTimeIsPickedInsideTheWindow_andOneOutsideOrWithoutAZoneIsRefusedAtStepOne()
      throws Exception {
    // A source without a captured log: no window, refused at the first step.
    pointInTimeStepOne("to a second without a log", "db1");
    assertTrue(browser.findElement(By.cssSelector("[data-window=db1]")).getText()
        .contains("no captured log yet"));
    browser.findElement(By.id("pointInTime")).sendKeys("2026-12-01T14:04:59Z");
    submit(By.id("next"));
    String refusal = browser.findElement(By.id("refusal")).getText();
    assertTrue(refusal.startsWith("There is no captured log in "), refusal);
    assertTrue(refusal.endsWith("The source db1 cannot be restored to the second: no captured log"
        + " yet (dbrestore capture --source-name db1)."), refusal);

    Captured captured = captured();
    pointInTimeStepOne("to a second in the window", PITR_SOURCE);
    WebElement window = browser.findElement(By.cssSelector("[data-window=" + PITR_SOURCE + "]"));
    assertTrue(window.isDisplayed());
    assertTrue(window.getText().contains("Times are in UTC."), window.getText());
    assertTrue(browser.findElement(By.cssSelector("label[for=pointInTimePicker]")).getText()
        .contains("UTC"));
    // The picker's bounds: the set's consistent point and the last captured commit, in UTC.
    WebElement picker = browser.findElement(By.id("pointInTimePicker"));
    assertEquals(utcSecond(captured.setTime()), picker.getAttribute("min"));
    assertEquals(utcSecond(captured.lastCommit()), picker.getAttribute("max"));
    assertTrue(window.getText().contains(captured.setTime()) && window.getText()
        .contains(captured.lastCommit()), window.getText());

    String after = Instant.parse(captured.lastCommit()).plusSeconds(3600)
        .truncatedTo(ChronoUnit.SECONDS).toString();
    browser.findElement(By.id("pointInTime")).sendKeys(after);
    submit(By.id("next"));
    refusal = browser.findElement(By.id("refusal")).getText();
    assertTrue(refusal.startsWith("The point in time " + after + " is after the last captured"
        + " commit (" + captured.lastCommit() + "); the restorable window ends there."), refusal);
    assertTrue(refusal.contains("The restorable window of " + PITR_SOURCE + " is "), refusal);

    WebElement typed = browser.findElement(By.id("pointInTime"));
    typed.clear();
    typed.sendKeys("2026-12-01T14:04:59");
    submit(By.id("next"));
    assertEquals("The point in time 2026-12-01T14:04:59 has no zone; give it with Z or an offset,"
        + " e.g. 2026-12-01T14:04:59Z or 2026-12-01T16:04:59+02:00.",
        browser.findElement(By.id("refusal")).getText());
  }

  @Test
  @Order(9)
  void theWizardRestoresToAPointInTime_andTheTargetHoldsWhatTheSourceHeldInThatSecond()
      throws Exception {
    Captured captured = captured();
    pointInTimeStepOne("restore to the second before the mistake", PITR_SOURCE);
    // Picked in the page, as a user does: the picker fills the typed field with its zone.
    WebElement picker = browser.findElement(By.id("pointInTimePicker"));
    ((JavascriptExecutor) browser).executeScript(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        picker, utcSecond(captured.moment().second().toString()));
    assertEquals(captured.moment().second().toString(),
        browser.findElement(By.id("pointInTime")).getAttribute("value"));
    browser.findElement(By.id("next")).click();
    browser.findElement(By.id("mapDatabases")).sendKeys(PITR_DB + "=" + PITR_RESTORED);
    browser.findElement(By.id("save")).click();

    assertTrue(browser.findElements(By.cssSelector("#precheck tr.failure")).isEmpty(),
        browser.findElement(By.id("precheck")).getText());
    String window = browser.findElement(By.cssSelector("#precheck tr[data-item='22']")).getText();
    assertTrue(window.contains(captured.moment().second() + " is inside the window"), window);
    acceptWarningsAndStart();
    assertEquals("The task restore to the second before the mistake started successfully.",
        browser.findElement(By.id("started")).getText());
    browser.findElement(By.id("view-details")).click();
    waitForTheEnd();

    // Exactly the rows the source held in that second, read from the source then; not its
    // rows of now, which the writes after the second changed.
    assertEquals(captured.moment().tables(), ReplayIT.content(target, PITR_RESTORED));
    assertFalse(captured.moment().tables().equals(ReplayIT.content(pitrSource, PITR_DB)));
  }

  @Test
  @Order(10)
  void aSavedTaskOutlivesTheConsole_andANewConsoleOnTheSameFolderListsAndStartsIt()
      throws Exception {
    TestServers.dropDatabases(target, SAVED);
    stepOne("saved before the restart");
    browser.findElement(By.id("next")).click();
    browser.findElement(By.cssSelector("input[name=objects][value=custom]")).click();
    for (String table : List.of("orders", "customers")) {
      browser.findElement(By.cssSelector("input[value='tables:" + DB + "." + table + "']")).click();
    }
    browser.findElement(By.id("mapDatabases")).sendKeys(DB + "=" + SAVED);
    browser.findElement(By.id("save")).click();
    browser.findElement(By.id("precheck"));
    String savedId = browser.getCurrentUrl().substring((base + "/recovery/").length());
    // Beside the task records, for its owner only; the target is the data source's name.
    Path file = DbrestoreHome.tasks().resolve("saved-" + savedId + ".yaml");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String yaml = Files.readString(file);
    assertTrue(yaml.contains("name: saved before the restart") && yaml.contains("target: staging"),
        yaml);

    server.close();
    browser.get(startConsole());
    WebElement row = browser.findElement(By.cssSelector("#saved tr[data-saved='" + savedId + "']"));
    assertTrue(row.getText().contains("saved before the restart"), row.getText());
    row.findElement(By.linkText("saved before the restart")).click();
    acceptWarningsAndStart();
    assertEquals("The task saved before the restart started successfully.",
        browser.findElement(By.id("started")).getText());
    browser.findElement(By.id("view-details")).click();
    waitForTheEnd();
    for (String table : List.of("orders", "customers")) {
      assertEquals(TestServers.single(source, "SELECT COUNT(*) FROM " + DB + "." + table),
          TestServers.single(target, "SELECT COUNT(*) FROM " + SAVED + "." + table));
    }
    // Started: no longer listed as saved, and not started twice.
    browser.get(base + "/");
    assertTrue(browser.findElements(By.cssSelector("#saved tr[data-saved='" + savedId + "']"))
        .isEmpty());
    browser.get(base + "/recovery/" + savedId);
    assertTrue(browser.findElement(By.id("started-as")).getText().startsWith(
        "Started as restore task r-"));
    assertFalse(browser.findElement(By.id("start")).isEnabled());
    assertTrue(startAnyway()
        .startsWith("The task saved before the restart was started already, as restore task "));
  }

  @Test
  @Order(11)
  void theQueryActionRunsASelectOverTheSet_asDbrestoreQueryDoes() throws Exception {
    browser.get(base + "/backups");
    browser.findElement(By.cssSelector("section[data-source=db1] a.query")).click();
    runQuery("SELECT count(*) AS orders FROM " + DB + ".orders");
    assertEquals(List.of("orders"), browser.findElements(By.cssSelector("#result thead th"))
        .stream().map(th -> th.getAttribute("textContent")).toList());
    assertEquals(List.of(TestServers.single(source, "SELECT COUNT(*) FROM " + DB + ".orders")),
        texts("#result tbody td"));
    assertEquals("1 row.", browser.findElement(By.id("result-count")).getText());
    screenshot("console-query.png");

    // More rows than a page shows: the first 1,000, and a line that says so.
    runQuery("SELECT id, amount FROM " + DB + ".orders ORDER BY id");
    assertEquals(1000, browser.findElements(By.cssSelector("#result tbody tr")).size());
    assertEquals(List.of("1000", "1500.00"), texts("#result tbody tr:last-child td"));
    assertEquals("The first 1,000 of 2,500 rows are shown; narrow the query (WHERE, LIMIT) to see"
        + " the others.", browser.findElement(By.id("result-count")).getText());

    // Read-only as the command line is: the same statement refused in the same sentence.
    String delete = "DELETE FROM " + DB + ".orders";
    runQuery(delete);
    String refusal = browser.findElement(By.id("refusal")).getText();
    assertTrue(browser.findElements(By.id("result")).isEmpty());
    String setId = BackupRepository.at(repository.toString()).list("db1").get(0).setId();
    CliRun cli = CliRun.of("query", "--source", "db1", "--backup-task", "nightly",
        "--backup-set", setId, "--repository", repository.toString(), delete);
    assertEquals(1, cli.exit(), cli.all());
    assertTrue(cli.err().contains("dbrestore: " + refusal), refusal + " / " + cli.err());
  }

  @Test
  @Order(12)
  void theDetailsOfARunningTask_showItsProgressAndAnEta() throws Exception {
    // Large enough that its stages run for a while: the figures are taken every two seconds.
    long rows = 400_000;
    TestServers.dropDatabases(source, BIG);
    TestServers.dropDatabases(target, BIG + "_restored");
    TestServers.execute(source, "CREATE DATABASE " + BIG,
        "CREATE TABLE " + BIG + ".events (id INT PRIMARY KEY, body VARCHAR(60))",
        "INSERT INTO " + BIG + ".events SELECT seq, CONCAT('event number ', seq)"
            + " FROM seq.seq_1_to_" + rows);
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", BIG, "--repository", repository.toString(), "--source-name", "db3",
        "--backup-task", "big", "--chunk-rows", "20000");
    assertEquals(0, backup.exit(), backup.all());
    String setId = BackupRepository.at(repository.toString()).list("db3").get(0).setId();

    stepOne("a large restore, watched", "db3/big/" + setId);
    browser.findElement(By.id("next")).click();
    browser.findElement(By.id("mapDatabases")).sendKeys(BIG + "=" + BIG + "_restored");
    browser.findElement(By.id("save")).click();
    // A slow target (each of the 20 chunk commits takes a second longer), so that the data
    // stage outlasts the record's two-second figures on any machine.
    System.setProperty(SLOW, "1000");
    WebElement status;
    String figures;
    try {
      acceptWarningsAndStart();
      browser.findElement(By.id("view-details")).click();

      // Whatever the pace: the page, polling, shows figures with an ETA while the task runs,
      // or the task ended first and the assertion below says so.
      new WebDriverWait(browser, Duration.ofMinutes(5))
          .ignoring(StaleElementReferenceException.class)
          .until(b -> !"running".equals(b.findElement(By.id("status")).getAttribute("data-state"))
              || b.findElement(By.id("task-figures")).getText().contains(" ETA "));
      status = browser.findElement(By.id("status"));
      figures = browser.findElement(By.id("task-figures")).getText();
    } finally {
      System.clearProperty(SLOW);
    }
    assertEquals("running", status.getAttribute("data-state"),
        "the task ended before its page showed an ETA: " + figures);
    assertTrue(figures.matches("[a-z ]+ \\d+\\.\\d% [0-9,]+/[0-9,]+ rows .* ETA .+"), figures);
    assertTrue(browser.findElement(By.id("task-progress")).isDisplayed());
    screenshot("console-running.png");
    waitForTheEnd();
    assertEquals(String.valueOf(rows),
        TestServers.single(target, "SELECT COUNT(*) FROM " + BIG + "_restored.events"));
  }

  @Test
  @Order(13)
  void aTableTickedInADatabaseWhoseNameHasADot_isTheOneRestored() throws Exception {
    String dotted = "console.dotted";
    String restored = "console_dotted_restored";
    TestServers.dropDatabases(source, dotted);
    TestServers.dropDatabases(target, restored);
    TestServers.execute(source, "CREATE DATABASE `" + dotted + "`",
        "CREATE TABLE `" + dotted + "`.kept (id INT PRIMARY KEY)",
        "CREATE TABLE `" + dotted + "`.`left.out` (id INT PRIMARY KEY)",
        "INSERT INTO `" + dotted + "`.kept SELECT seq FROM seq.seq_1_to_30",
        "INSERT INTO `" + dotted + "`.`left.out` SELECT seq FROM seq.seq_1_to_5");
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", dotted, "--repository", repository.toString(), "--source-name", "db4",
        "--backup-task", "dotted");
    assertEquals(0, backup.exit(), backup.all());
    String setId = BackupRepository.at(repository.toString()).list("db4").get(0).setId();

    stepOne("one table of a dotted database", "db4/dotted/" + setId);
    browser.findElement(By.id("next")).click();
    browser.findElement(By.cssSelector("input[name=objects][value=custom]")).click();
    browser.findElement(By.cssSelector("input[value='tables:" + dotted + ".kept']")).click();
    browser.findElement(By.id("mapDatabases")).sendKeys(dotted + "=" + restored);
    browser.findElement(By.id("save")).click();
    assertTrue(browser.findElements(By.cssSelector("#precheck tr.failure")).isEmpty(),
        browser.findElement(By.id("precheck")).getText());
    acceptWarningsAndStart();
    browser.findElement(By.id("view-details")).click();
    waitForTheEnd();
    assertEquals(List.of("kept"), TestServers.column(target,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + restored
            + "'"));
    assertEquals("30", TestServers.single(target, "SELECT COUNT(*) FROM " + restored + ".kept"));
  }

  /** Waits on the details page for the task to end (the page reloads then); it succeeded. */
  private static void waitForTheEnd() {
    new WebDriverWait(browser, Duration.ofMinutes(3))
        .ignoring(StaleElementReferenceException.class)
        .until(b -> !"running".equals(b.findElement(By.id("status")).getAttribute("data-state")));
    assertEquals("succeeded", browser.findElement(By.id("status")).getAttribute("data-state"),
        browser.findElement(By.tagName("main")).getText());
  }

  private static void runQuery(String sql) {
    WebElement box = browser.findElement(By.id("sql"));
    box.clear();
    box.sendKeys(sql);
    browser.findElement(By.id("run")).click();
    // The result is a new page: wait until the old one is gone before reading it.
    waitUntilGone(box, Duration.ofMinutes(2));
  }

  /**
   * Clicks a form's button and waits for the page the form is sent to: the old page gone, so
   * that what is read next (a refusal, say) is the new page's, not the same element of the old.
   */
  private static void submit(By button) {
    WebElement page = browser.findElement(By.tagName("html"));
    browser.findElement(button).click();
    waitUntilGone(page, Duration.ofMinutes(1));
  }

  /**
   * Waits until an element's page has been replaced. ChromeDriver says so with a stale element
   * or, when the new document arrives during the call, with "Node with given id does not
   * belong to the document" (seen with Chromium 156.0.8078.114), which Selenium's
   * {@code stalenessOf} does not take for stale.
   */
  private static void waitUntilGone(WebElement element, Duration timeout) {
    new WebDriverWait(browser, timeout).until(b -> {
      try {
        element.isEnabled();
        return false;
      } catch (StaleElementReferenceException e) {
        return true;
      } catch (WebDriverException e) {
        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
          return true;
        }
        throw e;
      }
    });
  }

  private static List<String> texts(String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  /** The point-in-time source's set, the second chosen in its log, and its window. */
  private record Captured(ReplayIT.Moment moment, String setTime, String lastCommit) {}

  private static Captured captured;

  /**
   * Source db2 on the capture server: a full set, writes, a second whose rows are read from the
   * source, more writes (changed rows, deleted rows, new rows), then capture --until-now.
   */
  private static synchronized Captured captured() throws Exception {
    if (captured != null) {
      return captured;
    }
    pitrSource = CaptureServers.capture();
    TestServers.dropDatabases(pitrSource, PITR_DB);
    TestServers.dropDatabases(target, PITR_RESTORED);
    TestServers.execute(pitrSource,
        "CREATE DATABASE " + PITR_DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + PITR_DB + ".accounts (id INT PRIMARY KEY, owner VARCHAR(40),"
            + " balance DECIMAL(12,2))",
        "INSERT INTO " + PITR_DB + ".accounts SELECT seq, CONCAT('owner ', seq), seq * 10"
            + " FROM seq.seq_1_to_200");
    CliRun backup = CliRun.of(
        "backup", "--source", pitrSource.jdbcUrl(), "--user", "root", "--database", PITR_DB,
        "--repository", repository.toString(), "--source-name", PITR_SOURCE,
        "--backup-task", "full");
    assertEquals(0, backup.exit(), backup.all());
    TestServers.execute(pitrSource,
        "UPDATE " + PITR_DB + ".accounts SET balance = balance + 1 WHERE id <= 50",
        "INSERT INTO " + PITR_DB + ".accounts SELECT seq, 'late', 0 FROM seq.seq_201_to_260",
        "DELETE FROM " + PITR_DB + ".accounts WHERE id BETWEEN 100 AND 120");
    ReplayIT.Moment moment = ReplayIT.pause(pitrSource, PITR_DB);
    // The mistake after that second: what the restore must not bring back.
    TestServers.execute(pitrSource,
        "UPDATE " + PITR_DB + ".accounts SET balance = 0",
        "DELETE FROM " + PITR_DB + ".accounts WHERE id > 150");
    CliRun capture = CaptureServers.capture(
        pitrSource.jdbcUrl(), PITR_SOURCE, repository, "--until-now");
    assertEquals(0, capture.exit(), capture.all());
    RestorableWindow window = RestorableWindow.of(
        BackupRepository.at(repository.toString()), PITR_SOURCE);
    assertTrue(window.exists(), window.describe());
    captured = new Captured(moment, window.fromTime(), window.toTime());
    return captured;
  }

  private static String utcSecond(String instant) {
    return Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
  }

  private static void pointInTimeStepOne(String name, String pitrSourceName) {
    browser.get(base + "/recovery/new");
    browser.findElement(By.id("name")).sendKeys(name);
    browser.findElement(By.cssSelector("input[name=method][value=point-in-time]")).click();
    new Select(browser.findElement(By.id("pitrSource"))).selectByValue(pitrSourceName);
    new Select(browser.findElement(By.id("target"))).selectByValue("staging");
  }

  /** The first step with db1's set (the first offered) into staging. */
  private static void stepOne(String name) {
    stepOne(name, null);
  }

  private static void stepOne(String name, String set) {
    browser.get(base + "/recovery/new");
    browser.findElement(By.id("name")).sendKeys(name);
    Select sets = new Select(browser.findElement(By.id("set")));
    if (set == null) {
      sets.selectByIndex(0);
    } else {
      sets.selectByValue(set);
    }
    new Select(browser.findElement(By.id("target"))).selectByValue("staging");
  }

  /** Ticks every warning of the pre-check page and starts the task. */
  private static void acceptWarningsAndStart() {
    for (WebElement box : browser.findElements(By.cssSelector("input.accept"))) {
      box.click();
    }
    browser.findElement(By.id("start")).click();
  }

  /** Start clicked by a form the page did not offer (its button enabled): the refusal. */
  private static String startAnyway() {
    ((JavascriptExecutor) browser).executeScript(
        "document.getElementById('start').disabled = false;");
    submit(By.id("start"));
    return browser.findElement(By.id("refusal")).getText();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Cookie", ConsoleServer.COOKIE + "=" + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Saved for the README when the checkout's docs/images is there. */
  private static void screenshot(String file) throws Exception {
    screenshot(file, true);
  }

  private static void screenshot(String file, boolean fromTheTop) throws Exception {
    Path images = Path.of("..", "docs", "images");
    if (Files.isDirectory(images)) {
      if (fromTheTop) {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
      }
      Files.write(images.resolve(file),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }
}
