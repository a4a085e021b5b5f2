package dev.lifeboat.lifecycle.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.lifecycle.Action;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which claims a Schedule's autoRestore restores, and how. */
class AutoRestoreTest {
  private static final Instant BACKUP = Instant.parse("2026-11-29T02:00:00Z");

  private static Schedule schedule(boolean autoRestore) {
    Schedule s = new Schedule();
    s.getMetadata().setName("nightly");
    s.getMetadata().setNamespace("shop");
    s.setSpec(new ScheduleSpec());
    s.getSpec().autoRestore = autoRestore ? Boolean.TRUE : null;
    return s;
  }

  private static AutoRestore.Candidate claim(Instant created, String backup, boolean restoreExists) {
    return new AutoRestore.Candidate("db", "uid-1", created, backup, backup == null ? null : BACKUP, restoreExists,
        List.of("statefulset/db"));
  }

  private static List<Action.CreateRestore> restores(Schedule s, AutoRestore.Candidate c) {
    return AutoRestore.actions(s, List.of(c)).stream().filter(a -> a instanceof Action.CreateRestore)
        .map(a -> (Action.CreateRestore) a).toList();
  }

  @Test
  void aClaimCreatedAfterItsLatestBackupIsRestoredOnceIfEmptyWithItsWorkloadsStopped() {
    var created = restores(schedule(true), claim(BACKUP.plusSeconds(3600), "nightly-20261129", false));
    assertEquals(1, created.size());
    var r = created.get(0).restore();
    assertEquals("nightly-20261129", r.getSpec().backup);
    assertEquals("db", r.getSpec().target.pvc);
    assertEquals(RestoreMode.IfEmpty, r.getSpec().mode);
    assertEquals(List.of("statefulset/db"), r.getSpec().stopApplications.workloads);
    assertEquals(AutoRestore.restoreName("db", "uid-1"), r.getMetadata().getName());
    assertEquals("shop", r.getMetadata().getNamespace());
  }

  @Test
  void nothingWithoutOptInABackupANewerClaimOrWhenDoneAlready() {
    assertEquals(List.of(), restores(schedule(false), claim(BACKUP.plusSeconds(3600), "b", false)), "opt-in only");
    assertEquals(List.of(), restores(schedule(true), claim(BACKUP.plusSeconds(3600), null, false)), "no backup");
    assertEquals(List.of(), restores(schedule(true), claim(BACKUP.minusSeconds(3600), "b", false)),
        "the claim is older than its data: it is the one that was backed up");
    assertEquals(List.of(), restores(schedule(true), claim(BACKUP.plusSeconds(3600), "b", true)), "restored already");
  }

  @Test
  void aReCreatedClaimGetsARestoreOfItsOwn() {
    assertNotEquals(AutoRestore.restoreName("db", "uid-1"), AutoRestore.restoreName("db", "uid-2"));
  }
}
