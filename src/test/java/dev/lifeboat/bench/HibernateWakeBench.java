package dev.lifeboat.bench;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * N HibernatePlans (two targets each: a Deployment of 2 replicas and a CronJob) asleep on demand
 * until the same coming minute, on the sandbox's API server with its workload simulator and the
 * real clock: seconds from that minute until all N are Active again (every Deployment ready), and
 * the controller's API requests per target for the whole wake-up.
 *
 * <p>Usage: HibernateWakeBench N [workers]
 */
public final class HibernateWakeBench {
  private HibernateWakeBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    java.util.logging.LogManager.getLogManager().reset();
    Path dir = Files.createTempDirectory("lifeboat-bench-hibernate");
    try (SandboxApiServer server = SandboxApiServer.start(dir, 0); KubernetesClient setup = server.newClient();
        SandboxCluster cluster = SandboxCluster.start(server.newClient(), new dev.lifeboat.sandbox.SandboxPaths(dir),
            dev.lifeboat.support.InstantPodExecutor.succeeding(), java.time.Clock.systemUTC(),
            dev.lifeboat.sandbox.SandboxNodes.DEFAULT)) {
      CountedController controller = new CountedController(server, workers);
      RequestCounter counter = controller.counter;
      // Start just after a minute turns: all N must be asleep before the next one, when they wake.
      Instant wake = CountedController.nextMinuteAfterTheTurn();
      PhaseLatch<HibernatePlan> asleep = new PhaseLatch<>(setup, HibernatePlan.class, "bench", n,
          p -> p.getStatus() != null && p.getStatus().phase == HibernatePhase.Hibernated);
      ExecutorService creators = Executors.newFixedThreadPool(8);
      for (int i = 0; i < n; i++) {
        int index = i;
        creators.execute(() -> {
          Objects.deployment(setup, "bench", "app-" + index, 2);
          Hibernation.cronJob(setup, "bench", "job-" + index, false);
          HibernatePlan plan = Hibernation.plan("bench", "p-" + index, "UTC", List.of(),
              Hibernation.target("apps", "workloads", null, "deployment/app-" + index),
              Hibernation.target("jobs", "cronjobs", null, "job-" + index));
          plan.getMetadata().getAnnotations().put(Labels.HIBERNATE, "now");
          plan.getMetadata().getAnnotations().put(Labels.HIBERNATE_UNTIL, wake.toString());
          setup.resources(HibernatePlan.class).resource(plan).create();
        });
      }
      creators.shutdown();
      creators.awaitTermination(2, TimeUnit.MINUTES);
      asleep.await(2, "plans Hibernated");
      asleep.close();
      System.out.printf(Locale.ROOT, "%d plans (%d targets) Hibernated %.1fs before their wake-up at %s%n", n, 2 * n,
          Duration.between(Instant.now(), wake).toMillis() / 1000.0, wake);
      long writes0 = counter.writes();
      long creates0 = counter.creates.get();
      long events0 = counter.events.get();
      long updates0 = counter.updates.get();
      long patches0 = counter.otherWrites.get();
      long reads0 = counter.reads.get();
      PhaseLatch<HibernatePlan> active = new PhaseLatch<>(setup, HibernatePlan.class, "bench", n,
          p -> p.getStatus() != null && p.getStatus().phase == HibernatePhase.Active && p.getStatus().lastWakeUpTime != null);
      active.await(5, "plans Active");
      double allActive = Duration.between(wake, Instant.now()).toMillis() / 1000.0;
      long writes = counter.writes() - writes0;
      int targets = 2 * n;
      System.out.printf(Locale.ROOT, "all %d plans Active %.1fs after their wake-up time; controller per target: %.2f"
          + " writes in all (%.2f creates, %.2f updates, %.2f patches: targets, restore data, status; %.2f Events),"
          + " %.2f reads%n", n, allActive,
          writes / (double) targets, (counter.creates.get() - creates0) / (double) targets,
          (counter.updates.get() - updates0) / (double) targets, (counter.otherWrites.get() - patches0) / (double) targets,
          (counter.events.get() - events0) / (double) targets,
          (counter.reads.get() - reads0) / (double) targets);
      active.close();
      controller.close();
    }
  }
}
