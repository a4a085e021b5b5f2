package dev.lifeboat.lifecycle.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.lifecycle.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleDrillsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T05:00:00Z");

  private static ScheduleDrills.Made made(String pvc, int day, boolean finished, boolean succeeded) {
    return new ScheduleDrills.Made(pvc + "-" + day, pvc, T0.plusSeconds(86_400L * day), finished, succeeded);
  }

  @Test
  void theNewestThreeFinishedDrillsOfEachClaimStayAndTheNewestGoodOneToo() {
    List<ScheduleDrills.Made> drills = new ArrayList<>();
    drills.add(made("a", 1, true, true)); // the newest Succeeded of a: kept although old
    for (int day = 2; day <= 6; day++) {
      drills.add(made("a", day, true, false));
    }
    drills.add(made("a", 7, false, false)); // running: never deleted
    drills.add(made("b", 1, true, true));
    drills.add(made("b", 2, true, true));
    List<String> deleted = ScheduleDrills.expired(drills).stream().map(a -> ((Action.DeleteDrill) a).name()).sorted().toList();
    assertEquals(List.of("a-2", "a-3", "a-4"), deleted);
  }

  @Test
  void drillNamesCarryTheFireTimeAndFit() {
    String name = ScheduleDrills.drillName("s".repeat(200), "c".repeat(200), T0);
    assertTrue(name.length() <= 253 && name.endsWith("-" + T0.getEpochSecond()), name);
    assertEquals(name, ScheduleDrills.drillName("s".repeat(200), "c".repeat(200), T0), "the same every pass");
  }
}
