package dev.dbrestore.pipelines.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.UsageError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report files: escaped HTML, the history of a folder, and the SLO durations. */
class DrillReportsTest {
  private static final String HOSTILE = "<script>alert('x')</script>&\"";

  @TempDir Path dir;

  private static DrillReport report(String id, String status, Double rto, String start) {
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put("pre-check", 0.5);
    phases.put("data", 2.0);
    return new DrillReport(
        id, status, status.equals("passed") ? null : "failed because " + HOSTILE, "db1",
        "jdbc:mysql://scratch:3306/", "nightly/" + HOSTILE, "2026-12-01T01:00:00Z", null, start,
        start, rto, 3600.0, phases, 0.1,
        List.of(new DrillReport.Table(HOSTILE + "." + HOSTILE, HOSTILE, HOSTILE, 3, 3, true)),
        null, null, List.of(), List.of("10 row size: " + HOSTILE), "r-1", false,
        List.of(HOSTILE), List.of());
  }

  @Test
  void everyPageEscapesWhatComesFromTheSet() throws Exception {
    DrillReports.write(dir, report("d-20261202-010000-0001", "failed", 2.5,
        "2026-12-02T01:00:00Z"));

    for (String page : List.of("d-20261202-010000-0001.html", "index.html")) {
      String html = Files.readString(dir.resolve(page));
      assertFalse(html.contains("<script>"), page);
      assertFalse(html.contains("alert('x')"), page);
      assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"),
          page);
    }
  }

  @Test
  void theIndexListsEveryDrillInTheFolderNewestFirst_andLatestIsTheLastWritten()
      throws Exception {
    DrillReports.write(dir, report("d-20261202-010000-0001", "passed", 2.5,
        "2026-12-02T01:00:00Z"));
    DrillReports.write(dir, report("d-20261203-010000-0002", "failed", null,
        "2026-12-03T01:00:00Z"));
    Files.writeString(dir.resolve("d-20261204-010000-0003.json"), "{ cut"); // not a report

    assertEquals(List.of("d-20261202-010000-0001", "d-20261203-010000-0002"),
        DrillReports.history(dir).stream().map(DrillReport::drillId).toList());
    String index = Files.readString(dir.resolve("index.html"));
    assertTrue(index.indexOf("d-20261203-010000-0002.html")
        < index.indexOf("d-20261202-010000-0001.html"), index);
    assertTrue(index.contains("2 drill(s), 1 passed."), index);
    assertTrue(Files.readString(dir.resolve("latest.json")).contains("d-20261203-010000-0002"));
  }

  @Test
  void durationsAreReadAsPeopleWriteThem() {
    assertEquals(Duration.ofMillis(1), Durations.parse("--max-rto", "1ms"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("--max-rto", "1h30m"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("--max-rto", "90s"));
    assertEquals(Duration.ofHours(26), Durations.parse("--max-rpo", "26h"));
    assertEquals(Duration.ofMinutes(15), Durations.parse("--max-rpo", "PT15M"));
    assertEquals("1ms", Durations.format(Duration.ofMillis(1)));
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    for (String bad : List.of("soon", "", "15", "m", "1h 30m", "-5s", "PT-1S")) {
      UsageError e = assertThrows(UsageError.class, () -> Durations.parse("--max-rto", bad));
      assertTrue(e.getMessage().startsWith("--max-rto " + bad + " is not a duration"),
          e.getMessage());
    }
  }
}
