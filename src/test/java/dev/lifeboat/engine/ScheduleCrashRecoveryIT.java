package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.cluster.ApiWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.RetentionPolicy;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.schedule.LabelSelectors;
import dev.lifeboat.support.CrashingWriter;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.MutableClock;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Schedule's run with fan-out to 3 PVCs and retention (keep-last 1, so the previous run's
 * Backups expire and their snapshots are forgotten), with the controller stopped right after its
 * 1st, 2nd, 3rd, ... write and a fresh one started: every time, exactly one Backup per PVC per run,
 * and exactly the previous run's snapshots forgotten, each once.
 */
class ScheduleCrashRecoveryIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  /**
   * Full hours after the objects' creation (stamped by the server with the real time), as in life: the one after the
   * next, so that a run of this test that crosses a full hour still creates every object before FIRST_RUN.
   */
  private static final Instant FIRST_RUN = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(7200);
  private static final Instant SECOND_RUN = FIRST_RUN.plusSeconds(3600);
  private static final String SECOND = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm")
      .withZone(java.time.ZoneOffset.UTC).format(SECOND_RUN);
  private static final List<String> PVCS = List.of("a", "b", "c");
  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteOfARunConvergesToOneBackupPerPvcAndTheSameForgets() throws Exception {
    int uninterrupted = -1;
    for (int crashAfter = 1; crashAfter < 80; crashAfter++) {
      String ns = "sched-" + crashAfter;
      try (Harness h = new Harness(tmp.resolve(ns), InstantPodExecutor.succeeding())) {
        MutableClock clock = new MutableClock(FIRST_RUN.plusSeconds(5));
        Set<String> firstRunSnapshots = firstRun(h, ns, clock);
        clock.advance(Duration.between(clock.instant(), SECOND_RUN.plusSeconds(5)));

        KubernetesClient first = h.newClient();
        CrashingWriter crashing = new CrashingWriter(new KubeApiWriter(first, clock), crashAfter);
        WatchController doomed = controller(h, first, crashing, clock);
        doomed.start();
        Eventually.await(DEADLINE, "a crash or the end state", () -> crashing.crashed.get()
            || (endStateReached(h, ns) && doomed.isIdle()));
        doomed.close();
        if (!crashing.crashed.get()) {
          uninterrupted = crashing.writes.get();
          assertEndState(h, ns, firstRunSnapshots);
          break;
        }
        KubernetesClient second = h.newClient();
        controller(h, second, new KubeApiWriter(second, clock), clock).start();
        Eventually.await(DEADLINE, "the end state after a crash following write " + crashAfter + " " + crashing.log,
            () -> endStateReached(h, ns));
        assertEndState(h, ns, firstRunSnapshots);
      }
    }
    System.out.println("uninterrupted schedule run with retention: " + uninterrupted + " writes");
    assertTrue(uninterrupted > 0, "the loop reached a crash point past the whole run");
  }

  private static WatchController controller(Harness h, KubernetesClient client, ApiWriter writer, MutableClock clock) {
    return new WatchController(Kinds.reconcilers(), client, null, writer, h.jobs(), clock, 1);
  }

  /** The first run, uninterrupted: three Ready Backups whose snapshots the 11:00 run's retention will forget. */
  private static Set<String> firstRun(Harness h, String ns, MutableClock clock) throws Exception {
    for (String pvc : PVCS) {
      Objects.boundPvc(h.client, ns, pvc);
      h.client.persistentVolumeClaims().inNamespace(ns).withName(pvc).edit(c -> {
        c.getMetadata().setLabels(java.util.Map.of("backup", "hourly"));
        return c;
      });
    }
    Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
    Schedule s = new Schedule();
    s.getMetadata().setName("hourly");
    s.getMetadata().setNamespace(ns);
    s.setSpec(new ScheduleSpec());
    s.getSpec().cron = "0 * * * *";
    s.getSpec().repository = "repo";
    s.getSpec().pvcSelector = LabelSelectors.parse("backup=hourly");
    s.getSpec().retention = new RetentionPolicy();
    s.getSpec().retention.keepLast = 1;
    s = h.client.resources(Schedule.class).inNamespace(ns).resource(s).create();
    KubernetesClient c = h.newClient();
    try (WatchController once = controller(h, c, new KubeApiWriter(c, clock), clock)) {
      once.start();
      Eventually.await(DEADLINE, "the first run's Backups Ready", () -> backups(h, ns).stream()
          .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready).count() == 3);
    }
    return backups(h, ns).stream().map(b -> b.getStatus().snapshotId).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Backup> backups(Harness h, String ns) {
    return h.client.resources(Backup.class).inNamespace(ns).withLabel(Labels.SCHEDULE, "hourly").list().getItems();
  }

  private static boolean endStateReached(Harness h, String ns) {
    List<Backup> all = backups(h, ns);
    return all.size() == 3 && all.stream().allMatch(b -> b.getMetadata().getName().endsWith("-" + SECOND)
        && b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready);
  }

  private static void assertEndState(Harness h, String ns, Set<String> firstRunSnapshots) {
    assertEquals(List.of("hourly-a-" + SECOND, "hourly-b-" + SECOND, "hourly-c-" + SECOND),
        backups(h, ns).stream().map(b -> b.getMetadata().getName()).sorted().toList(), "one Backup per PVC of the run");
    List<String> forgotten = new ArrayList<>();
    for (Job job : h.client.batch().v1().jobs().inNamespace(ns).list().getItems()) {
      if ("forget".equals(job.getMetadata().getLabels().get(Labels.PURPOSE))) {
        assertEquals(1, job.getStatus().getSucceeded(), job.getMetadata().getName());
        forgotten.addAll(List.of(job.getMetadata().getAnnotations().get(Labels.SNAPSHOTS).split(",")));
      }
    }
    assertEquals(firstRunSnapshots, new TreeSet<>(forgotten), "exactly the expired Backups' snapshots were forgotten");
    assertEquals(forgotten.size(), new TreeSet<>(forgotten).size(), "each snapshot forgotten once: " + forgotten);
    Schedule s = h.client.resources(Schedule.class).inNamespace(ns).withName("hourly").get();
    assertEquals(SECOND_RUN.toString(), s.getStatus().lastScheduleTime);
    assertEquals(List.of("hourly-a-" + SECOND, "hourly-b-" + SECOND, "hourly-c-" + SECOND),
        s.getStatus().pvcs.stream().map(p -> p.lastBackup).toList());
  }
}
