package dev.lifeboat.bench;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.RetentionPolicy;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.SchedulePhase;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * N Schedules (a daily cron at the coming minute, one PVC each, keep-last 1) due at once on the
 * sandbox's API server with instant Jobs and the real clock: seconds from the fire time until all
 * N Backups exist and until all are Ready, and the controller's own API writes per scheduled
 * Backup (the Schedule's share: Backup create, Schedule status, Event; and the whole run).
 *
 * <p>Usage: ScheduleThroughputBench N [workers]
 */
public final class ScheduleThroughputBench {
  private ScheduleThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    java.util.logging.LogManager.getLogManager().reset();
    Path dir = Files.createTempDirectory("lifeboat-bench-schedules");
    try (SandboxApiServer server = SandboxApiServer.start(dir, 0); KubernetesClient setup = server.newClient()) {
      SandboxCluster runner = SandboxCluster.start(server.newClient(), new dev.lifeboat.sandbox.SandboxPaths(dir), InstantPodExecutor.succeeding(), Clock.systemUTC(), dev.lifeboat.sandbox.SandboxNodes.DEFAULT);
      CountedController controller = new CountedController(server, workers);
      RequestCounter counter = controller.counter;
      Objects.repository(setup, "bench", "repo", "local:/tmp/bench", "pw");
      // Start just after a minute turns, so that all N are created (and seen) before the next one.
      Instant fire = CountedController.nextMinuteAfterTheTurn();
      String cron = fire.atZone(java.time.ZoneOffset.UTC).getMinute() + " " + fire.atZone(java.time.ZoneOffset.UTC).getHour()
          + " * * *"; // fires once in the run: later minutes would mix a second run into the figures
      PhaseLatch<Schedule> enabled = new PhaseLatch<>(setup, Schedule.class, "bench", n,
          s -> s.getStatus() != null && s.getStatus().phase == SchedulePhase.Enabled);
      ExecutorService creators = Executors.newFixedThreadPool(8);
      for (int i = 0; i < n; i++) {
        int index = i;
        creators.execute(() -> {
          Objects.boundPvc(setup, "bench", "data-" + index);
          setup.resources(Schedule.class).inNamespace("bench").resource(schedule(index, cron)).create();
        });
      }
      creators.shutdown();
      creators.awaitTermination(2, TimeUnit.MINUTES);
      enabled.await(2, "Schedules Enabled");
      enabled.close();
      System.out.printf(Locale.ROOT, "%d Schedules created and Enabled %.1fs before their fire time %s%n", n,
          Duration.between(Instant.now(), fire).toMillis() / 1000.0, fire);
      long writes0 = counter.writes();
      long creates0 = counter.creates.get();
      long events0 = counter.events.get();
      long updates0 = counter.updates.get();
      long reads0 = counter.reads.get();
      PhaseLatch<Backup> exist = new PhaseLatch<>(setup, Backup.class, "bench", n, b -> true);
      PhaseLatch<Backup> ready = new PhaseLatch<>(setup, Backup.class, "bench", n,
          b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready);
      exist.await(3, "Backups created");
      double created = Duration.between(fire, Instant.now()).toMillis() / 1000.0;
      ready.await(5, "Backups Ready");
      double allReady = Duration.between(fire, Instant.now()).toMillis() / 1000.0;
      long writes = counter.writes() - writes0;
      System.out.printf(Locale.ROOT, "all %d Backups existed %.1fs after the fire time, all Ready after %.1fs;"
          + " controller per scheduled Backup: %.2f writes in all (%.2f creates, %.2f status/other updates, %.2f Events),"
          + " %.2f reads%n", n, created, allReady, writes / (double) n, (counter.creates.get() - creates0) / (double) n,
          (counter.updates.get() - updates0) / (double) n, (counter.events.get() - events0) / (double) n,
          (counter.reads.get() - reads0) / (double) n);
      exist.close();
      ready.close();
      controller.close();
      runner.close();
    }
  }

  private static Schedule schedule(int index, String cron) {
    Schedule s = new Schedule();
    s.getMetadata().setName("s-" + index);
    s.getMetadata().setNamespace("bench");
    s.setSpec(new ScheduleSpec());
    s.getSpec().cron = cron;
    s.getSpec().repository = "repo";
    s.getSpec().pvc = "data-" + index;
    s.getSpec().retention = new RetentionPolicy();
    s.getSpec().retention.keepLast = 1;
    return s;
  }
}
