package dev.lifeboat.lifecycle.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.RetentionPolicy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planner's rules in small tables; RetentionAgainstResticE2E holds it to the real restic. */
class RetentionPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private static Snapshot snap(String id, String time, String... tags) {
    return new Snapshot(id, OffsetDateTime.parse(time), "h", List.of("/data"), List.of(tags), null);
  }

  private static List<String> kept(List<Snapshot> snapshots, RetentionPolicy policy) {
    RetentionPlan plan = RetentionPlanner.plan(snapshots, RetentionPlanner.rules(policy), GroupBy.DEFAULT, NOW);
    return plan.kept().stream().map(k -> k.snapshot().id() + "=" + String.join("+", k.reasons())).toList();
  }

  private static RetentionPolicy policy(java.util.function.Consumer<RetentionPolicy> set) {
    RetentionPolicy p = new RetentionPolicy();
    set.accept(p);
    return p;
  }

  @Test
  void anEmptyPolicyKeepsEverything() {
    List<Snapshot> s = List.of(snap("a", "2026-11-01T00:00:00Z"), snap("b", "2026-11-02T00:00:00Z"));
    assertEquals(List.of("b=policy is empty", "a=policy is empty"), kept(s, new RetentionPolicy()));
  }

  @Test
  void dailyBucketsAreTheSnapshotsOwnLocalDays() {
    // 23:30 at +02:00 and 00:30 at +00:00 are the same UTC day but different local days.
    List<Snapshot> s = List.of(snap("berlin", "2026-06-01T23:30:00+02:00"), snap("london", "2026-06-02T00:30:00+01:00"),
        snap("utc", "2026-06-01T21:00:00Z"));
    assertEquals(List.of("london=daily snapshot", "berlin=daily snapshot"), kept(s, policy(p -> p.keepDaily = 5)));
  }

  /** ISO weeks start on Monday: a Sunday and the Monday after it are two weeks (a Sunday-start week joins them). */
  @Test
  void aSundayAndTheFollowingMondayAreTwoIsoWeeks() {
    List<Snapshot> s = List.of(snap("sunday", "2026-11-22T10:00:00Z"), snap("monday", "2026-11-23T10:00:00Z"),
        snap("saturday", "2026-11-21T10:00:00Z"));
    assertEquals(List.of("monday=weekly snapshot", "sunday=weekly snapshot"), kept(s, policy(p -> p.keepWeekly = 2)),
        "Monday 23 Nov starts ISO week 48; Sunday 22 and Saturday 21 are week 47, whose newest is Sunday");
  }

  @Test
  void isoWeeksCrossTheYearBoundary() {
    // 2027-01-01 (Friday) is in ISO week 53 of 2026, the same week as 2026-12-28.
    List<Snapshot> s = List.of(snap("mon", "2026-12-28T12:00:00Z"), snap("fri", "2027-01-01T12:00:00Z"),
        snap("next", "2027-01-04T12:00:00Z"));
    assertEquals(List.of("next=weekly snapshot", "fri=weekly snapshot"), kept(s, policy(p -> p.keepWeekly = 5)));
  }

  @ParameterizedTest
  @CsvSource({
      // newest, within, a snapshot just inside, one just outside
      "2026-03-31T10:00:00Z, 1m, 2026-03-03T10:00:01Z, 2026-03-03T10:00:00Z", // Go's AddDate: 31 March - 1m = 3 March
      "2026-07-15T10:00:00Z, 1y2m3d4h, 2025-05-12T06:00:01Z, 2025-05-12T06:00:00Z",
      "2026-07-15T10:00:00Z, 36h, 2026-07-13T22:00:01Z, 2026-07-13T22:00:00Z"})
  void keepWithinIsStrictlyAfterTheNewestMinusTheDuration(String newest, String within, String inside, String outside) {
    List<Snapshot> s = List.of(snap("newest", newest), snap("inside", inside), snap("outside", outside));
    assertEquals(List.of("newest=within " + within, "inside=within " + within), kept(s, policy(p -> p.keepWithin = within)));
  }

  @Test
  void keepWithinIgnoresSnapshotsInTheFuture() {
    List<Snapshot> s = List.of(snap("future", "2027-01-01T00:00:00Z"), snap("latest", "2026-11-20T00:00:00Z"),
        snap("older", "2026-11-18T00:00:00Z"), snap("old", "2026-11-10T00:00:00Z"));
    assertEquals(List.of("future=within 3d", "latest=within 3d", "older=within 3d"), kept(s, policy(p -> p.keepWithin = "3d")));
    List<Snapshot> allFuture = List.of(snap("x", "2027-01-01T00:00:00Z"), snap("y", "2026-12-01T00:00:00Z"));
    assertEquals(2, kept(allFuture, policy(p -> p.keepWithin = "1h")).size());
  }

  @Test
  void reasonsComeInResticsOrderAndKeepTagNeedsAllTagsOfAList() {
    List<Snapshot> s = List.of(snap("new", "2026-11-20T00:00:00Z", "a"), snap("gold", "2026-11-10T00:00:00Z", "a", "gold"));
    RetentionPolicy p = policy(x -> {
      x.keepTags = new ArrayList<>(List.of("a,gold", "a"));
      x.keepLast = 1;
      x.keepWithin = "30d";
    });
    assertEquals(List.of("new=has tags [a]+within 30d+last snapshot", "gold=has tags [a, gold]+has tags [a]+within 30d"),
        kept(s, p));
  }

  @Test
  void groupsAreKeptApart() {
    List<Snapshot> s = List.of(new Snapshot("p1", OffsetDateTime.parse("2026-11-01T00:00:00Z"), "ns", List.of("/a"), List.of(), null),
        new Snapshot("p2", OffsetDateTime.parse("2026-11-02T00:00:00Z"), "ns", List.of("/b"), List.of(), null),
        new Snapshot("p3", OffsetDateTime.parse("2026-11-03T00:00:00Z"), "ns", List.of("/b"), List.of(), null));
    RetentionPlan plan = RetentionPlanner.plan(s, RetentionPlanner.rules(policy(p -> p.keepLast = 1)), GroupBy.DEFAULT, NOW);
    assertEquals(2, plan.groups().size());
    assertEquals(List.of("p2"), plan.removed().stream().map(Snapshot::id).toList());
    RetentionPlan one = RetentionPlanner.plan(s, RetentionPlanner.rules(policy(p -> p.keepLast = 1)), GroupBy.parse(""), NOW);
    assertEquals(List.of("p2", "p1"), one.removed().stream().map(Snapshot::id).toList());
  }

  @Test
  void badRulesNameTheField() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RetentionPlanner.rules(policy(p -> p.keepDaily = -1))).getMessage().startsWith("keepDaily is -1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RetentionPlanner.rules(policy(p -> p.keepWithin = "3x"))).getMessage().startsWith("keepWithin: '3x'"));
    assertThrows(IllegalArgumentException.class, () -> ResticDuration.parse("1d2d"));
    assertThrows(IllegalArgumentException.class, () -> ResticDuration.parse(""));
    assertThrows(IllegalArgumentException.class, () -> GroupBy.parse("host,zone"));
    assertEquals(new ResticDuration(1, 2, 3, 4), ResticDuration.parse("1y2m3d4h"));
  }
}
