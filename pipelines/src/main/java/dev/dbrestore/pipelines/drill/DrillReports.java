package dev.dbrestore.pipelines.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.io.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A drill's report files in the report folder: {@code <drill id>.json} and {@code .html}, {@code
 * latest.json}, and {@code index.html} with the history of every drill there (status, RTO, RPO,
 * set, the phases as a bar, the RTO over time as a small inline SVG chart). Each file is written
 * whole and then moved into place. Everything the HTML prints is escaped: the names come from a
 * backup set.
 */
public final class DrillReports {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern REPORT = Pattern.compile("d-\\d{8}-\\d{6}-[0-9a-f]{4}\\.json");
  /** Each phase its own colour on every page and row, whichever phases a drill has. */
  private static final Map<String, String> COLOURS = Map.of(
      "pre-check", "#4e79a7", "structure", "#f28e2b", "data", "#e15759", "indexes", "#76b7b2",
      "replay", "#9c755f", "post-data", "#59a14f", "check", "#edc948",
      "verification", "#b07aa1");
  private static final List<String> PHASE_ORDER = List.of(
      "pre-check", "structure", "data", "indexes", "replay", "post-data", "check",
      "verification");
  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
          + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
          + ".passed{color:#1a7f37;font-weight:bold}.failed{color:#c62828;font-weight:bold}"
          + "td.n{text-align:right}";

  private DrillReports() {}

  /** Writes the drill's JSON and HTML, latest.json and index.html into {@code dir}. */
  public static void write(Path dir, DrillReport report) {
    try {
      Files.createDirectories(dir);
      String json = JSON.writeValueAsString(report) + "\n";
      writeAtomically(dir.resolve(report.drillId() + ".json"), json);
      writeAtomically(dir.resolve(report.drillId() + ".html"), page(report));
      writeAtomically(dir.resolve("latest.json"), json);
      writeAtomically(dir.resolve("index.html"), index(history(dir)));
    } catch (IOException e) {
      throw new UserError("Writing the drill report into " + dir + " failed: " + e
          + "; give a folder this account can write with --report-dir DIR.", e);
    }
  }

  /** Every drill report in a folder, oldest first; a file that is not one is passed over. */
  public static List<DrillReport> history(Path dir) throws IOException {
    List<DrillReport> reports = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> REPORT.matcher(f.getFileName().toString()).matches())
          .toList()) {
        try {
          reports.add(JSON.readValue(file.toFile(), DrillReport.class));
        } catch (IOException unreadable) {
          // Not a drill report after all (edited, cut): the history goes on without it.
        }
      }
    }
    reports.sort(Comparator.comparing(DrillReport::startTime, Comparator.nullsFirst(
        Comparator.naturalOrder())).thenComparing(DrillReport::drillId));
    return reports;
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** One drill's page. */
  static String page(DrillReport r) {
    StringBuilder h = head("Drill " + r.drillId() + ": " + r.status());
    h.append("<h1>Drill ").append(esc(r.drillId())).append(": <span class=\"")
        .append(r.passed() ? "passed" : "failed").append("\">").append(esc(r.status()))
        .append("</span></h1>\n");
    if (r.error() != null) {
      h.append("<p class=\"failed\">").append(esc(r.error())).append("</p>\n");
    }
    h.append("<table>\n");
    row(h, "source", r.source());
    row(h, "scratch target", r.scratchTarget());
    row(h, "backup set", r.backupSet());
    row(h, "set's consistent point", r.setConsistentPoint());
    row(h, "point in time", r.pointInTime() == null ? "none (the set as taken)" : r.pointInTime());
    row(h, "started", r.startTime());
    row(h, "ended", r.endTime());
    row(h, "RTO (start to verified)", secondsText(r.rtoSeconds()));
    row(h, "RPO (age of the restored point at the start)", secondsText(r.rpoSeconds()));
    row(h, "max RTO", secondsText(r.maxRtoSeconds()));
    row(h, "max RPO", secondsText(r.maxRpoSeconds()));
    row(h, "restore task", r.restoreTaskId());
    row(h, "cleanup", r.kept() ? "kept (--keep)" : secondsText(r.cleanupSeconds()));
    row(h, "dropped", r.dropped() == null ? "" : String.join(", ", r.dropped()));
    row(h, "an earlier drill's, dropped first",
        r.leftoversDropped() == null ? "" : String.join(", ", r.leftoversDropped()));
    h.append("</table>\n");
    if (r.sloExceeded() != null && !r.sloExceeded().isEmpty()) {
      h.append("<h2>SLO exceeded</h2>\n<ul>\n");
      r.sloExceeded().forEach(x -> h.append("<li>").append(esc(x)).append("</li>\n"));
      h.append("</ul>\n");
    }
    if (r.phases() != null && !r.phases().isEmpty()) {
      h.append("<h2>Phases</h2>\n").append(phaseChart(r.phases()));
    }
    if (r.tables() != null && !r.tables().isEmpty()) {
      h.append("<h2>Tables</h2>\n<table>\n<tr><th>table</th><th>rows</th><th>the set's rows</th>"
          + "<th>verified</th></tr>\n");
      for (DrillReport.Table t : r.tables()) {
        h.append("<tr><td>").append(esc(t.name())).append("</td><td class=\"n\">")
            .append(t.rows()).append("</td><td class=\"n\">").append(t.expectedRows())
            .append("</td><td>").append(t.verified() ? "yes" : "<b>no</b>")
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    if (r.warnings() != null && !r.warnings().isEmpty()) {
      h.append("<h2>Pre-check warnings (accepted by the drill)</h2>\n<ul>\n");
      r.warnings().forEach(x -> h.append("<li>").append(esc(x)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<p><a href=\"index.html\">every drill</a> &middot; <a href=\"")
        .append(esc(r.drillId())).append(".json\">JSON</a></p>\n");
    return h.append("</body>\n</html>\n").toString();
  }

  /** The history page: newest first, with the RTO trend above. */
  static String index(List<DrillReport> reports) {
    StringBuilder h = head("Drills");
    h.append("<h1>Drills</h1>\n");
    long passed = reports.stream().filter(DrillReport::passed).count();
    h.append("<p>").append(reports.size()).append(" drill(s), ").append(passed)
        .append(" passed.</p>\n");
    h.append("<h2>RTO over time</h2>\n").append(trend(reports));
    h.append("<h2>Every drill</h2>\n<table>\n<tr><th>drill</th><th>started</th><th>status</th>"
        + "<th>RTO s</th><th>RPO s</th><th>backup set</th><th>point in time</th>"
        + "<th>phases</th><th>error</th></tr>\n");
    for (int i = reports.size() - 1; i >= 0; i--) {
      DrillReport r = reports.get(i);
      h.append("<tr><td><a href=\"").append(esc(r.drillId())).append(".html\">")
          .append(esc(r.drillId())).append("</a></td><td>").append(esc(r.startTime()))
          .append("</td><td class=\"").append(r.passed() ? "passed" : "failed").append("\">")
          .append(esc(r.status())).append("</td><td class=\"n\">")
          .append(esc(number(r.rtoSeconds()))).append("</td><td class=\"n\">")
          .append(esc(number(r.rpoSeconds()))).append("</td><td>").append(esc(r.backupSet()))
          .append("</td><td>").append(esc(r.pointInTime())).append("</td><td>")
          .append(r.phases() == null || r.phases().isEmpty() ? "" : stackedBar(r.phases()))
          .append("</td><td>").append(esc(r.error())).append("</td></tr>\n");
    }
    h.append("</table>\n<p>Phases: ");
    for (String phase : PHASE_ORDER) {
      h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect")
          .append(" width=\"10\" height=\"10\" fill=\"").append(colour(phase))
          .append("\"/></svg> ").append(esc(phase)).append(" &nbsp; ");
    }
    h.append("</p>\n");
    return h.append("</body>\n</html>\n").toString();
  }

  private static String colour(String phase) {
    return COLOURS.getOrDefault(phase, "#999999");
  }

  /** The phases as horizontal bars, one a row, with their seconds. */
  private static String phaseChart(Map<String, Double> phases) {
    double max = phases.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    int rowHeight = 22;
    int width = 560;
    int labelWidth = 110;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(rowHeight * phases.size() + 4)
        .append("\" role=\"img\" aria-label=\"seconds per phase\">\n");
    int i = 0;
    for (Map.Entry<String, Double> e : phases.entrySet()) {
      int y = i * rowHeight;
      double bar = max <= 0 ? 0 : (width - labelWidth - 90) * e.getValue() / max;
      s.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"12\">")
          .append(esc(e.getKey())).append("</text>");
      s.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3)
          .append("\" width=\"").append(fmt(bar)).append("\" height=\"16\" fill=\"")
          .append(colour(e.getKey())).append("\"/>");
      s.append("<text x=\"").append(fmt(labelWidth + bar + 6)).append("\" y=\"").append(y + 15)
          .append("\" font-size=\"12\">").append(esc(number(e.getValue()))).append(" s</text>\n");
      i++;
    }
    return s.append("</svg>\n").toString();
  }

  /** The phases as one stacked bar, each part titled with its name and seconds. */
  private static String stackedBar(Map<String, Double> phases) {
    double total = phases.values().stream().mapToDouble(Double::doubleValue).sum();
    int width = 200;
    StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + width + "\" height=\"14\">");
    double x = 0;
    for (Map.Entry<String, Double> e : phases.entrySet()) {
      double w = total <= 0 ? 0 : width * e.getValue() / total;
      s.append("<rect x=\"").append(fmt(x)).append("\" y=\"0\" width=\"").append(fmt(w))
          .append("\" height=\"14\" fill=\"").append(colour(e.getKey()))
          .append("\"><title>").append(esc(e.getKey())).append(' ')
          .append(esc(number(e.getValue()))).append(" s</title></rect>");
      x += w;
    }
    return s.append("</svg>").toString();
  }

  /** The RTO of every drill that has one, oldest to newest, as a line with a dot per drill. */
  private static String trend(List<DrillReport> reports) {
    List<DrillReport> timed = reports.stream().filter(r -> r.rtoSeconds() != null).toList();
    if (timed.isEmpty()) {
      return "<p>No drill has an RTO yet.</p>\n";
    }
    int width = 480;
    int height = 120;
    int pad = 30;
    double max = timed.stream().mapToDouble(DrillReport::rtoSeconds).max().orElse(1);
    max = max <= 0 ? 1 : max;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"RTO over")
        .append(" time\">\n");
    s.append("<line x1=\"").append(pad).append("\" y1=\"").append(height - pad).append("\" x2=\"")
        .append(width - 10).append("\" y2=\"").append(height - pad)
        .append("\" stroke=\"#999\"/>");
    s.append("<text x=\"0\" y=\"12\" font-size=\"11\">").append(esc(number(max)))
        .append(" s</text><text x=\"0\" y=\"").append(height - pad).append("\" font-size=\"11\">")
        .append("0</text>\n");
    StringBuilder points = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < timed.size(); i++) {
      DrillReport r = timed.get(i);
      double x = timed.size() == 1 ? pad + (width - pad - 10) / 2.0
          : pad + (width - pad - 10) * i / (double) (timed.size() - 1);
      double y = (height - pad) - (height - pad - 16) * r.rtoSeconds() / max;
      points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
      dots.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
          .append("\" r=\"3\" fill=\"").append(r.passed() ? "#1a7f37" : "#c62828")
          .append("\"><title>").append(esc(r.drillId())).append(' ').append(esc(r.status()))
          .append(' ').append(esc(number(r.rtoSeconds()))).append(" s</title></circle>");
    }
    s.append("<polyline fill=\"none\" stroke=\"#4e79a7\" points=\"")
        .append(points.toString().trim()).append("\"/>\n").append(dots).append('\n');
    s.append("<text x=\"").append(pad).append("\" y=\"").append(height - 10)
        .append("\" font-size=\"11\">").append(esc(timed.get(0).startTime())).append("</text>");
    s.append("<text x=\"").append(width - 10).append("\" y=\"").append(height - 10)
        .append("\" font-size=\"11\" text-anchor=\"end\">")
        .append(esc(timed.get(timed.size() - 1).startTime())).append("</text>\n");
    return s.append("</svg>\n").toString();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>").append(esc(title)).append("</title>\n<style>").append(STYLE)
        .append("</style>\n</head>\n<body>\n");
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value))
        .append("</td></tr>\n");
  }

  private static String secondsText(Double seconds) {
    return seconds == null ? "" : number(seconds) + " s";
  }

  private static String number(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** Text safe in HTML and SVG, as element content and inside a quoted attribute. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            s.append("&#xfffd;");
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.toString();
  }
}
