package dev.lifeboat.lifecycle.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.lifecycle.protection.ProtectionReport.Claim;
import dev.lifeboat.lifecycle.protection.ProtectionReport.LastBackup;
import dev.lifeboat.lifecycle.protection.ProtectionReport.LastDrill;
import dev.lifeboat.lifecycle.protection.ProtectionReport.Row;
import dev.lifeboat.lifecycle.protection.ProtectionReport.Schedule;
import dev.lifeboat.lifecycle.protection.ProtectionReport.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProtectionReportTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Test
  void eachVerdictInItsOrder() {
    List<Claim> claims = List.of(new Claim("a", "fresh", false), new Claim("a", "old", false),
        new Claim("a", "never", false), new Claim("a", "loose", false), new Claim("a", "skipped", true),
        new Claim("a", "drilled-bad", false), new Claim("b", "sick", false));
    List<Schedule> schedules = List.of(
        new Schedule("a", "daily", List.of("a/fresh", "a/old", "a/never", "a/drilled-bad", "a/skipped"),
            Duration.ofHours(36), Map.of("a", true)),
        new Schedule("a", "hourly", List.of("a/fresh"), Duration.ofMinutes(90), Map.of()),
        new Schedule("b", "sick-daily", List.of("b/sick"), Duration.ofHours(36), Map.of("b", false)),
        new Schedule("a", "db", List.of("a/postgres"), Duration.ofHours(36), Map.of("a", true)));
    List<LastBackup> backups = List.of(
        new LastBackup("a/fresh", "fresh-1", NOW.minus(Duration.ofMinutes(80))),
        new LastBackup("a/fresh", "fresh-0", NOW.minus(Duration.ofHours(5))),
        new LastBackup("a/old", "old-1", NOW.minus(Duration.ofHours(40))),
        new LastBackup("a/drilled-bad", "bad-1", NOW.minus(Duration.ofHours(1))),
        new LastBackup("b/sick", "sick-1", NOW.minus(Duration.ofHours(1))),
        new LastBackup("a/postgres", "pg-1", NOW.minus(Duration.ofHours(2))));
    List<LastDrill> drills = List.of(
        new LastDrill("a/drilled-bad", "bad-old", true, NOW.minus(Duration.ofDays(8)), 30L),
        new LastDrill("a/drilled-bad", "bad-new", false, NOW.minus(Duration.ofDays(1)), null),
        new LastDrill("a/fresh", "fresh-drill", true, NOW.minus(Duration.ofDays(1)), 12L));
    Map<String, Row> rows = ProtectionReport.rows(claims, schedules, backups, drills, NOW).stream()
        .collect(Collectors.toMap(r -> r.namespace() + "/" + r.unit(), Function.identity()));

    assertEquals(Verdict.protected_, rows.get("a/fresh").verdict());
    assertEquals("fresh-1", rows.get("a/fresh").backup().name(), "the newest Ready Backup");
    assertEquals(Duration.ofMinutes(90), rows.get("a/fresh").rpo(), "the strictest Schedule's RPO");
    assertEquals(List.of("daily", "hourly"), rows.get("a/fresh").schedules());
    assertEquals(12L, rows.get("a/fresh").drill().rtoSeconds());
    assertEquals(Verdict.stale, rows.get("a/old").verdict());
    assertEquals(Verdict.stale, rows.get("a/never").verdict());
    assertEquals(Verdict.unprotected, rows.get("a/loose").verdict());
    assertEquals(Verdict.excluded, rows.get("a/skipped").verdict(), "the label wins over a Schedule");
    assertEquals(Verdict.drillFailed, rows.get("a/drilled-bad").verdict(), "the newest drill decides");
    assertEquals(Verdict.unhealthy, rows.get("b/sick").verdict());
    Row source = rows.get("a/postgres");
    assertEquals(Verdict.protected_, source.verdict());
    assertEquals(false, source.claim());
    assertEquals(8, rows.size());
  }

  @Test
  void theDefaultRpoIsOneAndAHalfIntervals() {
    assertEquals(Duration.ofHours(36), ProtectionReport.defaultRpo(Duration.ofDays(1)));
  }
}
