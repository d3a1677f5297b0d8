package dev.dbrestore.pipelines.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import dev.dbrestore.pipelines.task.PointInTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The second a replay goes to: a zone required, any instant in a second meaning that second. */
class PointInTimeTest {
  @Test
  void anyInstantInASecond_appliesEveryCommitStampedBeforeTheNextSecond() {
    Instant next = Instant.parse("2026-12-01T14:05:00Z");
    assertEquals(next, ReplayPlan.cutoff(Instant.parse("2026-12-01T14:04:59Z")));
    assertEquals(next, ReplayPlan.cutoff(Instant.parse("2026-12-01T14:04:59.999Z")));
  }

  @Test
  void anOffsetIsTheSameSecondInUtc_andATimeWithoutAZoneIsRefusedWithAnExample() {
    assertEquals(Instant.parse("2026-12-01T14:04:59Z"),
        PointInTime.parse("2026-12-01T16:04:59+02:00"));
    UserError noZone =
        assertThrows(UserError.class, () -> PointInTime.parse("2026-12-01T14:04:59"));
    assertTrue(noZone.getMessage().contains("has no zone")
        && noZone.getMessage().contains("2026-12-01T14:04:59Z"), noZone.getMessage());
    assertThrows(UserError.class, () -> PointInTime.parse("yesterday"));
  }
}
