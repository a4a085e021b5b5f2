package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.KubeApiWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.MutableClock;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconcile --once} (cron on a bastion host) includes Schedules: a due run fires once, however often the pass runs. */
class ScheduleOncePassIT {
  @TempDir
  Path tmp;

  @Test
  void aDueRunFiresOnceAcrossRepeatedPasses() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      String ns = "once";
      Objects.boundPvc(h.client, ns, "data");
      Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
      Schedule s = new Schedule();
      s.getMetadata().setName("every-minute");
      s.getMetadata().setNamespace(ns);
      s.setSpec(new ScheduleSpec());
      s.getSpec().cron = "* * * * *";
      s.getSpec().repository = "repo";
      s.getSpec().pvc = "data";
      h.client.resources(Schedule.class).inNamespace(ns).resource(s).create();
      // Two minutes on (an injected clock): the fire times since creation are due, and only the latest runs.
      MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(3)).plusSeconds(5));
      OncePass pass = new OncePass(Kinds.reconcilers(), h.client, new KubeApiWriter(h.client, clock), h.jobs(), clock);
      String minute = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(java.time.ZoneOffset.UTC)
          .format(clock.instant());
      // Passes as a cron on a bastion host would run them, until the run's Backup is Ready (its Job runs meanwhile).
      dev.lifeboat.support.Eventually.await(Duration.ofSeconds(30), "the run's Backup Ready", () -> {
        pass.run(ns);
        return "Ready".equals(Objects.phase(h.client, ns, "every-minute-data-" + minute));
      });
      pass.run(ns);
      List<Backup> backups = h.client.resources(Backup.class).inNamespace(ns).list().getItems();
      assertEquals(List.of("every-minute-data-" + minute), backups.stream().map(b -> b.getMetadata().getName()).toList());
      Schedule after = h.client.resources(Schedule.class).inNamespace(ns).withName("every-minute").get();
      assertEquals(clock.instant().truncatedTo(ChronoUnit.MINUTES).toString(), after.getStatus().lastScheduleTime);
    }
  }
}
