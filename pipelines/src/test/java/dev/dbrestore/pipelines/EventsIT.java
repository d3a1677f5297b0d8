package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events restore with their status by default (as mysqldump), all disabled with {@code events:
 * disable}; pre-check item 20 warns when an enabled event would start running on a target whose
 * scheduler is ON.
 */
class EventsIT {
  private static final String DB = "ev_src";
  private static final String TRICKY = "x ON COMPLETION PRESERVE DISABLE";

  @TempDir static Path work;

  private static EmbeddedMariaDb target;
  private static Path set;

  @BeforeAll
  static void backUpAnEnabledAndADisabledEvent() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".ticks (at DATETIME)",
        "CREATE EVENT " + DB + ".tick ON SCHEDULE EVERY 1 HOUR STARTS '2030-01-01 00:00:00'"
            + " ON COMPLETION PRESERVE ENABLE COMMENT 'ENABLE DISABLE'"
            + " DO INSERT INTO " + DB + ".ticks VALUES (NOW())",
        "CREATE EVENT " + DB + ".paused ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00'"
            + " DISABLE DO INSERT INTO " + DB + ".ticks VALUES (NOW())",
        // A name that spells a status clause: the status comes from the real clause.
        "CREATE EVENT " + DB + ".`" + TRICKY + "` ON SCHEDULE EVERY 1 DAY"
            + " STARTS '2030-01-01 00:00:00' ENABLE DO SELECT 1");
    set = work.resolve("set");
    CliRun backup =
        CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", set.toString());
    assertEquals(0, backup.exit(), backup.all());
  }

  @Test
  void byDefaultEventsKeepTheirStatus() throws Exception {
    TestServers.dropDatabases(target, DB);
    try {
      // No --accept-warnings: with the scheduler off, items 14 and 20 are notices.
      CliRun r = restore();
      assertEquals(0, r.exit(), r.all());
      assertEquals(List.of("paused DISABLED", "tick ENABLED", TRICKY + " ENABLED"), statuses());
    } finally {
      TestServers.dropDatabases(target, DB);
    }
  }

  @Test
  void withEventsDisable_everyRestoredEventIsDisabled_evenWithTheSchedulerOn() throws Exception {
    TestServers.dropDatabases(target, DB);
    String scheduler = TestServers.single(target, "SELECT @@GLOBAL.event_scheduler");
    try {
      TestServers.execute(target, "SET GLOBAL event_scheduler = ON");
      CliRun r = restore("--events", "disable", "--accept-warnings");
      assertEquals(0, r.exit(), r.all());
      assertEquals(List.of("paused DISABLED", "tick DISABLED", TRICKY + " DISABLED"), statuses());
      assertEquals("0", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".ticks"));
      assertTrue(r.out().contains("20. events"), r.out());
    } finally {
      TestServers.execute(target, "SET GLOBAL event_scheduler = " + scheduler);
      TestServers.dropDatabases(target, DB);
    }
  }

  @Test
  void item20Warns_whenTheSchedulerIsOnAndAnEventIsEnabled() throws Exception {
    TestServers.dropDatabases(target, DB);
    String scheduler = TestServers.single(target, "SELECT @@GLOBAL.event_scheduler");
    try {
      TestServers.execute(target, "SET GLOBAL event_scheduler = ON");
      JsonNode warned = item20();
      assertEquals("WARNING", warned.path("result").asText(), warned.toString());
      String cause = warned.path("cause").asText();
      assertTrue(cause.contains("`" + DB + "`.`tick`"), cause);
      assertTrue(cause.contains(TRICKY), cause);
      assertFalse(cause.contains("`paused`"), cause);
      assertTrue(warned.path("remedy").asText().contains("events: disable"), warned.toString());
      assertTrue(warned.path("remedy").asText().contains("turn the scheduler off"),
          warned.toString());

      CliRun stopped = restore();
      assertEquals(1, stopped.exit(), stopped.all());
      // Only 20: that definers become the restoring account (14) is a notice.
      assertTrue(stopped.err().contains("warnings to review: items 20;"), stopped.err());

      assertEquals("PASS", item20("--events", "disable").path("result").asText());
      // With the scheduler off, that enabled events start once it is on is a notice.
      TestServers.execute(target, "SET GLOBAL event_scheduler = OFF");
      JsonNode noted = item20();
      assertEquals("NOTICE", noted.path("result").asText(), noted.toString());
      assertTrue(noted.path("cause").asText().contains("`" + DB + "`.`tick`"), noted.toString());
    } finally {
      TestServers.execute(target, "SET GLOBAL event_scheduler = " + scheduler);
      TestServers.dropDatabases(target, DB);
    }
  }

  @Test
  void anUnknownEventsSettingIsRefused() {
    CliRun r = restore("--events", "sometimes");
    assertEquals(2, r.exit(), r.all());
    assertTrue(r.err().contains("use keep-status or disable"), r.err());
  }

  private static JsonNode item20(String... flags) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("precheck", "--backup-set",
        set.toString(), "--target", target.jdbcUrl(), "--user", "root", "--json"));
    args.addAll(List.of(flags));
    CliRun r = CliRun.of(args.toArray(String[]::new));
    for (JsonNode item : new ObjectMapper().readTree(r.out())) {
      if (item.path("number").asInt() == 20) {
        return item;
      }
    }
    throw new AssertionError("no item 20 in " + r.all());
  }

  private static CliRun restore(String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("restore", "--backup-set",
        set.toString(), "--target", target.jdbcUrl(), "--user", "root"));
    args.addAll(List.of(flags));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static List<String> statuses() throws Exception {
    return TestServers.column(target,
        "SELECT CONCAT(EVENT_NAME, ' ', STATUS) FROM information_schema.EVENTS"
            + " WHERE EVENT_SCHEMA = '" + DB + "' ORDER BY EVENT_NAME");
  }
}
