package dev.lifeboat.lifecycle.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernateWindow;
import dev.lifeboat.lifecycle.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The restore-data rules of the plan, one test each, in the pure world (times in UTC, nightly 20:00-07:00). */
class HibernateLifecycleTest {
  private static final Instant DAY = Instant.parse("2026-12-01T12:00:00Z");
  private static final Instant NIGHT = Instant.parse("2026-12-01T21:00:00Z");
  private static final Instant MORNING = Instant.parse("2026-12-02T08:00:00Z");

  private static HibernateWorld world(Map<String, Integer> targets) {
    HibernateWorld w = new HibernateWorld("UTC", List.of(new HibernateWindow("20:00", "07:00", List.of())), targets);
    w.settle(DAY);
    return w;
  }

  private static Map<String, Integer> shop() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("web", 3);
    m.put("api", 1);
    return m;
  }

  private static boolean event(HibernateWorld w, String reason, String contains) {
    return w.events.stream().anyMatch(a -> a instanceof Action.RecordEvent e && e.reason().equals(reason)
        && e.message().contains(contains));
  }

  @Test
  void aFullNightShutsDownThenWakesWithTheSavedReplicas() {
    HibernateWorld w = world(shop());
    assertEquals(HibernatePhase.Active, w.phase());
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Hibernated, w.phase());
    assertEquals(Map.of("web", 0, "api", 0), w.replicas);
    assertEquals(Instant.parse("2026-12-02T07:00:00Z").toString(), w.plan.getStatus().nextTransition);
    w.settle(MORNING);
    assertEquals(HibernatePhase.Active, w.phase());
    assertEquals(Map.of("web", 3, "api", 1), w.replicas);
    assertTrue(w.marks.isEmpty(), "marks cleared once Active");
    assertEquals("3", w.committed.get("web").data(), "the data stays, for debugging");
  }

  @Test
  void hibernatedWhileTheOffHoursStillSaySleepDoesNotShutDownAgain() {
    HibernateWorld w = world(shop());
    w.settle(NIGHT);
    String cycle = w.plan.getStatus().cycleId;
    w.settle(NIGHT.plus(Duration.ofHours(2)));
    assertEquals(cycle, w.plan.getStatus().cycleId);
    assertEquals(1, w.plan.getStatus().history.size());
  }

  @Test
  void theSeedsDataLossScenarioASecondShutdownAtZeroStillWakesToThreeAndOne() {
    HibernateWorld w = world(shop());
    w.settle(NIGHT);
    w.plan.getStatus().phase = HibernatePhase.Active; // the plan believes it is awake: it shuts down again
    w.settle(NIGHT.plus(Duration.ofHours(1)));
    assertEquals(2, w.plan.getStatus().history.size(), "a second shutdown ran");
    assertTrue(!w.committed.get("web").isLive() || w.committed.get("web").data().equals("3"));
    w.settle(MORNING);
    assertEquals(Map.of("web", 3, "api", 1), w.replicas);
  }

  @Test
  void resumingWhileAsleepDoesNotShutDownAgainAndResumingAfterTheNightForcesAWakeUp() {
    HibernateWorld w = world(shop());
    w.settle(NIGHT);
    w.plan.getSpec().suspend = true;
    w.settle(NIGHT.plus(Duration.ofMinutes(5)));
    assertEquals(HibernatePhase.Suspended, w.phase());
    assertEquals(HibernatePhase.Hibernated, w.plan.getStatus().suspendedAtPhase);
    w.plan.getSpec().suspend = false;
    w.settle(NIGHT.plus(Duration.ofMinutes(10)));
    assertEquals(HibernatePhase.Hibernated, w.phase(), "resumed in the night: no second shutdown");
    assertEquals(1, w.plan.getStatus().history.size());
    w.plan.getSpec().suspend = true;
    w.settle(NIGHT.plus(Duration.ofMinutes(15)));
    w.settle(MORNING); // the morning passes while suspended: nothing is woken
    assertEquals(Map.of("web", 0, "api", 0), w.replicas);
    w.plan.getSpec().suspend = false;
    w.settle(MORNING.plus(Duration.ofHours(1)));
    assertEquals(HibernatePhase.Active, w.phase());
    assertEquals(Map.of("web", 3, "api", 1), w.replicas, "unsuspend forced the wake-up");
    assertTrue(event(w, "ForcedWakeUp", "resumed"));
  }

  @Test
  void aPlanCreatedInsideItsOffHoursFirstActsAtTheNextWindow() {
    HibernateWorld w = new HibernateWorld("UTC", List.of(new HibernateWindow("20:00", "07:00", List.of())), shop());
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Active, w.phase(), "no surprise shutdown at creation");
    assertEquals(Map.of("web", 3, "api", 1), w.replicas);
    assertTrue(w.plan.getStatus().message.contains("it first acts at 2026-12-02T20:00:00Z"), w.plan.getStatus().message);
    assertEquals("2026-12-02T20:00:00Z", w.plan.getStatus().nextTransition, "NEXT shows the first shutdown");
    assertEquals(HibernatePhase.Hibernated, w.plan.getStatus().nextTransitionTo);
    w.settle(MORNING);
    assertEquals(HibernatePhase.Active, w.phase());
    w.settle(NIGHT.plus(Duration.ofDays(1)));
    assertEquals(HibernatePhase.Hibernated, w.phase(), "the next window is the first");
    assertEquals(Map.of("web", 0, "api", 0), w.replicas);
  }

  @Test
  void aTargetStartedByHandWhileAsleepIsReportedUpAndLeftAlone() {
    HibernateWorld w = world(shop());
    w.settle(NIGHT);
    assertEquals("Down", w.plan.getStatus().targets.get(0).state);
    w.replicas.put("web", 3); // someone needs it tonight
    w.settle(NIGHT.plus(Duration.ofHours(1)));
    assertEquals(HibernatePhase.Hibernated, w.phase());
    assertEquals("Up", w.plan.getStatus().targets.get(0).state, "Down only while it is down");
    assertEquals(3, w.replicas.get("web"), "not shut down again");
    assertTrue(event(w, "TargetUp", "target web running again"));
    w.replicas.put("web", 0);
    w.settle(NIGHT.plus(Duration.ofHours(2)));
    assertEquals("Down", w.plan.getStatus().targets.get(0).state);
  }

  @Test
  void anObjectOfAnOlderPlanFailsValidationNamingIt() {
    HibernateWorld w = world(shop());
    w.otherPlans.put("deployment/api", "HibernatePlan weekend");
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Error, w.phase());
    assertTrue(w.plan.getStatus().message.contains("targets[1] (api): deployment/api belongs to HibernatePlan weekend,"
        + " created first"), w.plan.getStatus().message);
    assertEquals(Map.of("web", 3, "api", 1), w.replicas, "nothing shut down");
  }

  @Test
  void aPlanResumedAwakeInsideAWindowWaitsForTheNextOne() {
    HibernateWorld w = world(shop());
    w.plan.getSpec().suspend = true;
    w.settle(DAY.plus(Duration.ofHours(1)));
    assertEquals(HibernatePhase.Suspended, w.phase());
    w.plan.getSpec().suspend = false;
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Active, w.phase(), "resumed inside the off-hours: nothing scaled at once");
    assertEquals(Map.of("web", 3, "api", 1), w.replicas);
    w.settle(NIGHT.plus(Duration.ofDays(1)));
    assertEquals(HibernatePhase.Hibernated, w.phase());
  }

  @Test
  void aFailedShutdownSavesNothingAndKeepsTheEarlierRestorePoint() {
    HibernateWorld w = world(shop());
    w.settle(NIGHT);
    w.settle(MORNING);
    RestorePoint first = w.committed.get("web");
    w.replicas.put("web", 5); // scaled by day
    w.failingShutdown.add("web");
    Instant t = NIGHT.plus(Duration.ofDays(1));
    for (int i = 0; i < 12; i++, t = t.plus(Duration.ofMinutes(5))) {
      w.settle(t);
    }
    assertEquals(HibernatePhase.Error, w.phase());
    assertEquals(HibernatePhase.Hibernating, w.plan.getStatus().errorInPhase);
    assertTrue(w.plan.getStatus().message.matches("target web failed \\d+ times: forbidden; tried again every 5 minutes.*"), w.plan.getStatus().message);
    assertEquals(first, w.committed.get("web"), "the earlier restore point stays");
    assertEquals(1, w.replicas.get("api"), "Strict: the targets after it were not shut down");
    w.failingShutdown.clear();
    w.settle(t.plus(Duration.ofMinutes(6)));
    assertEquals(HibernatePhase.Hibernated, w.phase(), "the cause fixed, the plan moves on by itself");
    w.settle(MORNING.plus(Duration.ofDays(1)));
    assertEquals(Map.of("web", 5, "api", 1), w.replicas);
  }

  @Test
  void bestEffortGoesOnWithoutAFailingTarget() {
    HibernateWorld w = world(shop());
    w.plan.getSpec().behavior = HibernatePlanSpec.Behavior.BestEffort;
    w.plan.getSpec().retries = 0;
    w.failingShutdown.add("web");
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Hibernated, w.phase());
    assertEquals("Failed", w.plan.getStatus().targets.get(0).state);
    assertEquals(Map.of("web", 3, "api", 0), w.replicas);
    assertTrue(w.plan.getStatus().message.contains("1 of 2 targets could not be shut down"));
    w.settle(MORNING);
    assertEquals(HibernatePhase.Active, w.phase());
    assertEquals(Map.of("web", 3, "api", 1), w.replicas);
  }

  @Test
  void aWakeUpCutShortResumesWithTheUnmarkedTargetsOnly() {
    Map<String, Integer> three = shop();
    three.put("db", 2);
    HibernateWorld w = world(three);
    w.settle(NIGHT);
    w.actionsLeft = 1; // sequential wake goes db, api, web: the crash follows db's wake
    w.settle(MORNING);
    assertEquals(List.of("db"), List.copyOf(w.marks));
    w.replicas.put("db", 7); // a person scales db meanwhile: a woken target is not touched again
    w.settle(MORNING.plus(Duration.ofMinutes(1)));
    assertEquals(HibernatePhase.Active, w.phase());
    assertEquals(Map.of("web", 3, "api", 1, "db", 7), w.replicas);
  }

  @Test
  void sequentialShutsDownInOrderAndWakesInReverse() {
    Map<String, Integer> three = shop();
    three.put("db", 2);
    HibernateWorld w = world(three);
    List<String> order = new java.util.ArrayList<>();
    w.settle(NIGHT);
    w.plan.getStatus().history.forEach(c -> { });
    // Replay the decisions one by one to see the order of actions.
    HibernateWorld r = world(three);
    for (Instant t : List.of(NIGHT, MORNING)) {
      for (int i = 0; i < 10; i++) {
        var d = HibernateLifecycle.decide(r.plan, r.observation(), t);
        d.actions().forEach(a -> {
          if (a instanceof Action.ShutdownTarget s) {
            order.add("down " + s.target());
          } else if (a instanceof Action.WakeTarget k) {
            order.add("wake " + k.target());
          }
        });
        r.apply(d, t);
      }
    }
    assertEquals(List.of("down web", "down api", "down db", "wake db", "wake api", "wake web"), order);
  }

  @Test
  void aTargetDownWithNoRestorePointIsAnErrorUntilSomeoneStartsIt() {
    HibernateWorld w = world(shop());
    w.settle(NIGHT);
    w.committed.remove("api"); // its restore data lost (deleted by hand)
    w.settle(MORNING);
    assertEquals(HibernatePhase.Error, w.phase());
    assertTrue(w.plan.getStatus().message.contains("target api: no restore point"), w.plan.getStatus().message);
    assertEquals(0, w.replicas.get("web"), "Strict: web, after api in the wake order, waits");
    w.replicas.put("api", 2);
    w.settle(MORNING.plus(Duration.ofMinutes(6)));
    assertEquals(HibernatePhase.Active, w.phase());
    assertEquals(Map.of("web", 3, "api", 2), w.replicas);
  }

  @Test
  void aTargetAlreadyDownAtTheFirstShutdownWakesAsANoOpWithAWarning() {
    Map<String, Integer> m = shop();
    m.put("idle", 0);
    HibernateWorld w = world(m);
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Hibernated, w.phase());
    w.settle(MORNING);
    assertEquals(HibernatePhase.Active, w.phase());
    assertEquals(0, w.replicas.get("idle"));
    assertTrue(event(w, "AlreadyDown", "target idle"));
  }

  @Test
  void aTargetUnderARestoreWaitsWithTheHolderNamed() {
    HibernateWorld w = world(shop());
    w.blocked.put("web", "deployment/web is being restored by Restore/dev/r1");
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Hibernating, w.phase());
    assertEquals("waits: deployment/web is being restored by Restore/dev/r1", w.plan.getStatus().targets.get(0).message);
    assertEquals(3, w.replicas.get("web"));
    w.blocked.clear();
    w.settle(NIGHT.plus(Duration.ofMinutes(5)));
    assertEquals(HibernatePhase.Hibernated, w.phase());
  }

  @Test
  void onDemandSleepHoldsUntilItsEndThenTheOffHoursDecide() {
    HibernateWorld w = world(shop());
    w.annotate("now", DAY.plus(Duration.ofHours(2)));
    w.settle(DAY.plus(Duration.ofMinutes(1)));
    assertEquals(HibernatePhase.Hibernated, w.phase());
    assertEquals("OnDemand", w.plan.getStatus().history.get(0).reason);
    w.settle(DAY.plus(Duration.ofHours(2)));
    assertEquals(HibernatePhase.Active, w.phase());
    w.annotate("wake", MORNING);
    w.settle(NIGHT);
    assertEquals(HibernatePhase.Active, w.phase(), "woken on demand through the night");
  }

  @Test
  void anInvalidSpecIsAnErrorListingEveryProblemAndTouchesNothing() {
    HibernateWorld w = world(shop());
    w.plan.getSpec().schedule.offHours.get(0).end = "20:00";
    w.plan.getSpec().targets.get(1).type = "gce";
    w.plan.getSpec().schedule.timeZone = "Nowhere/City";
    var d = HibernateLifecycle.decide(w.plan, w.observation(), NIGHT);
    assertEquals(HibernatePhase.Error, d.status().phase);
    assertTrue(d.status().message.contains("schedule.timeZone: unknown time zone 'Nowhere/City'"), d.status().message);
    assertTrue(d.status().message.contains("targets[1].type: unknown type 'gce'"), d.status().message);
    assertTrue(d.actions().stream().allMatch(a -> a instanceof Action.RecordEvent));
    assertNull(d.status().nextTransition);
  }
}
