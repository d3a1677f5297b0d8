package dev.dbrestore.pipelines.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures a stage reports, from what its source says, shown to nobody (mode none). */
class ProgressTest {
  @Test
  void aStageStartsAtItsSourceAndEndsWithItsTotals_andAStatisticShortOfTheTruthIsRaised() {
    Tally done = new Tally();
    List<Figures> saved = new ArrayList<>();
    Progress.Stage stage = Progress.stage("backup", 1_000L, null, done, saved::add);
    Figures first = stage.figures();
    assertEquals(0, first.rowsDone());
    assertEquals(0.0, first.percent());
    assertNull(first.etaSeconds(), "no rate yet, so no ETA");
    done.add(1_500, 30_000_000);
    stage.closeWith(done.poll());
    Figures last = saved.get(saved.size() - 1);
    assertEquals(1_500, last.rowsDone());
    assertEquals(1_500L, last.rowsTotal(), "the statistic said 1,000; 1,500 were written");
    assertEquals(30_000_000L, last.bytesTotal());
    assertEquals(100.0, last.percent());
    assertEquals(0L, last.etaSeconds());
    assertTrue(last.toLine().startsWith("backup 100.0% 1,500/1,500 rows 30/30 MB"), last.toLine());
  }

  @Test
  void figuresReadAsALineAndAsTheJsonEvent() {
    Figures f = new Figures("data", 180_000, 400_000L, 17_200_000, 38_100_000L, 45.0, 52_012.4,
        245L, "2026-12-02T02:00:00Z");
    assertEquals("data 45.0% 180,000/400,000 rows 17/38 MB 52,012 rows/s ETA 4m05s", f.toLine());
    assertEquals(
        "{event=progress, stage=data, rowsDone=180000, rowsTotal=400000, bytesDone=17200000,"
            + " bytesTotal=38100000, percent=45.0, rowsPerSecond=52012.0, etaSeconds=245}",
        f.asEvent().toString());
    assertEquals("2h05m", Figures.duration(7_500));
  }

  @Test
  void aTerminalLineIsRedrawnInPlace_andALogLineGoesAboveIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Renderer.Line line = new Renderer.Line(terminal, 40);
    Figures half = new Figures("data", 50, 100L, 0, null, 50.0, null, null, "t");
    line.show(half, true);
    PrintStream others = new PrintStream(new OtherLines(terminal, false), true,
        StandardCharsets.UTF_8);
    others.println("a log line");
    line.ended(new Figures("data", 100, 100L, 0, null, 100.0, 10.0, 0L, "t"));
    assertEquals(
        "\rdata 50.0% 50/100 rows\033[K"
            + "\r\033[Ka log line\n\rdata 50.0% 50/100 rows\033[K"
            + "\rdata 100.0% 100/100 rows 10 rows/s ETA \033[K\n",
        bytes.toString(StandardCharsets.UTF_8), "cut to the width less one column");
  }

  @Test
  void underJson_everyOtherLineIsWrappedAsALogEvent() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PrintStream others = new PrintStream(new OtherLines(err, true), true, StandardCharsets.UTF_8);
    others.print("warning: \"quoted\"");
    others.println();
    new Renderer.Json(err).show(new Figures("backup", 1, null, 2, null, null, null, null, "t"),
        true);
    assertEquals(
        "{\"event\":\"log\",\"message\":\"warning: \\\"quoted\\\"\"}\n"
            + "{\"event\":\"progress\",\"stage\":\"backup\",\"rowsDone\":1,\"rowsTotal\":null,"
            + "\"bytesDone\":2,\"bytesTotal\":null,\"percent\":null,\"rowsPerSecond\":null,"
            + "\"etaSeconds\":null}\n",
        bytes.toString(StandardCharsets.UTF_8));
  }
}
