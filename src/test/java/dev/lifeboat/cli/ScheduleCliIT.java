package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.SchedulePhase;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The schedule commands against an API server with no controller: what each one writes and prints. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleCliIT {
  @TempDir
  static Path tmp;
  private Harness h;
  private String kubeconfig;

  @BeforeAll
  void start() throws Exception {
    // Jobs never finish here: Backups stay unfinished, which is what the Forbid case needs.
    h = new Harness(tmp.resolve("sandbox"), new InstantPodExecutor(job -> new java.util.concurrent.CompletableFuture<>()));
    Path kc = tmp.resolve("kubeconfig");
    h.server.writeKubeconfig(kc);
    kubeconfig = kc.toString();
    Objects.boundPvc(h.client, "default", "data");
    Objects.repository(h.client, "default", "repo", "local:/tmp/none", "pw");
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  private Cli.Result lifeboat(String... args) {
    return Cli.against(kubeconfig, args);
  }

  private Schedule schedule(String name) {
    return h.client.resources(Schedule.class).inNamespace("default").withName(name).get();
  }

  @Test
  void dryRunPrintsAndCreatesNothing() {
    Cli.Result r = lifeboat("schedule", "create", "dry", "--cron", "@daily", "--repository", "repo", "--pvc", "data",
        "--keep-daily", "7", "-o", "yaml");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("cron: '@daily'") || r.out().contains("cron: \"@daily\""), r.out());
    assertTrue(r.out().contains("keepDaily: 7"), r.out());
    assertNull(schedule("dry"));
  }

  @Test
  void aSelectorMatchingNothingIsAWarningAndTheScheduleWaitsForAController() {
    Cli.Result r = lifeboat("schedule", "create", "empty", "--cron", "0 3 * * *", "--time-zone", "Europe/Berlin",
        "--repository", "repo", "--pvc-selector", "app=nothing");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.err().contains("warning: --pvc-selector app=nothing matches no PVC in namespace default yet"), r.err());
    assertTrue(r.err().contains("warning: no lifeboat controller is running for namespace default: this Schedule fires"
        + " only while one runs"), r.err());
    assertTrue(r.out().matches("(?s).*next run: \\d{4}-\\d\\d-\\d\\dT03:00\\+0[12]:00.*"), r.out());
    assertEquals(SchedulePhase.Enabled, schedule("empty").getStatus().phase, "create reconciled it once");
    Cli.Result run = lifeboat("schedule", "run", "empty");
    assertEquals(0, run.exitCode(), run.all());
    assertTrue(run.err().contains("warning: no PVC matches the pvcSelector: nothing to back up"), run.err());
  }

  @Test
  void runSuspendResumeDelete() {
    assertEquals(0, lifeboat("schedule", "create", "s1", "--cron", "@hourly", "--repository", "repo", "--pvc", "data",
        "--suspend").exitCode());
    assertEquals(SchedulePhase.Suspended, schedule("s1").getStatus().phase);
    Cli.Result run = lifeboat("schedule", "run", "s1");
    assertEquals(0, run.exitCode(), run.all());
    assertTrue(run.out().matches("backup\\.lifeboat\\.dev/s1-data-\\d{17} created\\n"), run.out());
    Cli.Result again = lifeboat("backup", "create", "--from-schedule", "s1");
    assertEquals(0, again.exitCode(), again.all());
    assertEquals("", again.out(), "Forbid: the first run's Backup is unfinished");
    assertTrue(again.err().matches("(?s)skipped pvc data: Backup s1-data-\\d{17} is still Pending \\(concurrencyPolicy Forbid\\).*"),
        again.err());
    assertEquals(0, lifeboat("schedule", "resume", "s1").exitCode());
    assertEquals(SchedulePhase.Enabled, schedule("s1").getStatus().phase);
    assertTrue(lifeboat("schedule", "resume", "s1").out().contains("already running"));
    Cli.Result delete = lifeboat("schedule", "delete", "s1");
    assertEquals(0, delete.exitCode(), delete.all());
    assertTrue(delete.out().contains("schedule.lifeboat.dev/s1 deleted; its 1 Backup(s) and their snapshots stay"),
        delete.out());
    assertNull(schedule("s1"));
    List<Backup> kept = h.client.resources(Backup.class).inNamespace("default").withLabel("lifeboat.dev/schedule", "s1")
        .list().getItems();
    assertEquals(1, kept.size(), "a deleted Schedule's Backups stay (and with them their snapshots)");
    assertNull(kept.get(0).getMetadata().getDeletionTimestamp());
  }

  @Test
  void cronJobModeWritesItsCronJobWithNoController() {
    assertEquals(0, lifeboat("schedule", "create", "cj", "--cron", "30 2 * * *", "--time-zone", "America/New_York",
        "--repository", "repo", "--pvc", "data", "--mode", "cronjob", "--starting-deadline", "1h").exitCode());
    var cronJob = h.client.batch().v1().cronjobs().inNamespace("default").withName("cj-backup").get();
    assertEquals("30 2 * * *", cronJob.getSpec().getSchedule());
    assertEquals("America/New_York", cronJob.getSpec().getTimeZone());
    assertEquals(3600L, cronJob.getSpec().getStartingDeadlineSeconds());
    assertEquals("Forbid", cronJob.getSpec().getConcurrencyPolicy());
    assertEquals(0, lifeboat("schedule", "suspend", "cj").exitCode());
    assertTrue(h.client.batch().v1().cronjobs().inNamespace("default").withName("cj-backup").get().getSpec().getSuspend());
    assertEquals(0, lifeboat("schedule", "delete", "cj").exitCode());
    assertNull(h.client.batch().v1().cronjobs().inNamespace("default").withName("cj-backup").get());
    List<Backup> left = h.client.resources(Backup.class).inNamespace("default").withLabel("lifeboat.dev/schedule", "cj")
        .list().getItems();
    assertEquals(List.of(), left);
  }
}
