package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hibernate commands end to end in the sandbox (its workload simulator plays the pods), with no
 * controller: {@code --wait} drives the plan from the command line. Two Deployments, a StatefulSet,
 * two CronJobs (one suspended already) and a Karpenter NodePool (its CRD created as a user would) go
 * to sleep with {@code hibernate now} and come back with {@code hibernate wake}, field by field.
 */
class HibernateCliIT {
  @TempDir
  Path tmp;

  @Test
  void nowAndWakeWithoutAControllerBringEverythingBackFieldByField() throws Exception {
    try (Harness h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding())) {
      Path kc = tmp.resolve("kubeconfig");
      h.server.writeKubeconfig(kc);
      Hibernation.nodePoolCrd(h.client);
      Hibernation.nodePool(h.client, "default", Map.of("cpu", "100", "memory", "400Gi"));
      Objects.deployment(h.client, "default", "web", 3);
      Objects.deployment(h.client, "default", "api", 1);
      Objects.statefulSet(h.client, "default", "db", 2);
      Hibernation.cronJob(h.client, "default", "report", false);
      Hibernation.cronJob(h.client, "default", "cleanup", true);
      Map<String, Object> before = Hibernation.state(h.client, "default");

      // Off-hours that never include the time the test runs: the sleep must come from 'hibernate now' alone.
      var berlin = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin"));
      var hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
      // Within one day: a window across midnight ends on the next listed day (kube-green's rule), and with every
      // day listed the sleeps would join into one that never ends.
      var start = berlin.plusHours(berlin.plusHours(6).getHour() == 23 ? 8 : 6);
      String window = start.format(hhmm) + "-" + start.plusHours(1).format(hhmm);
      Cli.Result create = Cli.against(kc.toString(), "hibernate", "create", "shop", "--off-hours", "Mon-Fri " + window,
          "--off-hours", "Sat-Sun " + window, "--time-zone", "Europe/Berlin", "--workloads", "app=shop",
          "--cronjobs", "report,cleanup");
      assertEquals(0, create.exitCode(), create.all());
      assertTrue(create.out().contains("hibernateplan.lifeboat.dev/shop created"), create.out());
      assertTrue(create.out().matches("(?s).*next: (Hibernated|Active) at 20\\d\\d-.*"), create.out());
      assertTrue(create.err().contains("no lifeboat controller is running for namespace default"), create.err());

      Cli.Result now = Cli.against(kc.toString(), "hibernate", "now", "shop", "--wait", "--timeout", "60s");
      assertEquals(0, now.exitCode(), now.all());
      assertTrue(now.err().contains("driving HibernatePlan shop from here"), now.err());
      assertTrue(now.out().contains("hibernateplan shop is Hibernated (2 targets)"), now.out());
      Map<String, Object> asleep = Hibernation.state(h.client, "default");
      assertEquals(Map.of("cronjob/cleanup", true, "cronjob/report", true, "deployment/api", 0, "deployment/web", 0,
          "nodepool/default", before.get("nodepool/default"), "statefulset/db", 0), asleep,
          "a plan of namespace default does not reach the cluster's NodePools (HibernateIT has them)");

      Cli.Result get = Cli.against(kc.toString(), "get", "hibernateplans");
      assertTrue(get.out().matches("(?s)NAME\\s+PHASE\\s+NEXT\\s+TARGETS\\s+AGE\\s+shop\\s+Hibernated\\s+Active in .*2/2 Down.*"),
          get.out());
      Cli.Result describe = Cli.against(kc.toString(), "hibernate", "describe", "shop");
      assertEquals(0, describe.exitCode(), describe.all());
      assertTrue(describe.out().contains("\"deployment/web\":{\"replicas\":3}"), describe.out());
      assertTrue(describe.out().contains("\"cronjob/cleanup\":{\"suspend\":true}"), describe.out());
      assertTrue(describe.out().contains("Off-hours:         Mon,Tue,Wed,Thu,Fri " + window), describe.out());
      assertTrue(describe.out().contains("OnDemand"), describe.out());

      Cli.Result refused = Cli.against(kc.toString(), "hibernate", "delete", "shop");
      assertEquals(2, refused.exitCode(), refused.all());

      Cli.Result wake = Cli.against(kc.toString(), "hibernate", "wake", "shop", "--wait", "--timeout", "60s");
      assertEquals(0, wake.exitCode(), wake.all());
      assertEquals(before, Hibernation.state(h.client, "default"), "every field as before the sleep");
      assertTrue(Cli.against(kc.toString(), "hibernate", "describe", "shop").out().contains("wake"), "cycle listed");

      Cli.Result suspend = Cli.against(kc.toString(), "hibernate", "suspend", "shop");
      assertEquals(0, suspend.exitCode(), suspend.all());
      assertEquals(HibernatePhase.Suspended, plan(h).getStatus().phase);
      assertEquals(HibernatePhase.Active, plan(h).getStatus().suspendedAtPhase);
      Cli.Result resume = Cli.against(kc.toString(), "hibernate", "resume", "shop");
      assertEquals(0, resume.exitCode(), resume.all());
      assertEquals(HibernatePhase.Active, plan(h).getStatus().phase);

      Cli.Result delete = Cli.against(kc.toString(), "hibernate", "delete", "shop");
      assertEquals(0, delete.exitCode(), delete.all());
      assertNull(plan(h));
      assertNull(h.client.configMaps().inNamespace("default").withName("shop-hibernate-data").get());
    }
  }

  /**
   * A plan made inside its off-hours scales nothing at once and says when it first will; a second plan over the
   * same Deployment is refused naming the first.
   */
  @Test
  void aPlanMadeInsideItsOffHoursWaitsAndAnObjectBelongsToOnePlan() throws Exception {
    try (Harness h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding())) {
      Path kc = tmp.resolve("kubeconfig");
      h.server.writeKubeconfig(kc);
      Objects.deployment(h.client, "default", "web", 3);
      var utc = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
      var hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
      String window = utc.minusHours(1).format(hhmm) + "-" + utc.plusHours(1).format(hhmm);
      Cli.Result create = Cli.against(kc.toString(), "hibernate", "create", "inside", "--off-hours", window,
          "--workloads", "deployment/web");
      assertEquals(0, create.exitCode(), create.all());
      assertTrue(create.out().contains("its first shutdown; it is inside the off-hours now, and nothing was scaled"),
          create.out());
      assertEquals(3, Objects.replicas(h.client, "default", "deployment/web"), "no surprise shutdown");
      assertEquals(HibernatePhase.Active, h.client.resources(HibernatePlan.class).inNamespace("default")
          .withName("inside").get().getStatus().phase);

      Cli.Result second = Cli.against(kc.toString(), "hibernate", "create", "second", "--off-hours", "22:00-06:00",
          "--workloads", "app=shop");
      assertEquals(2, second.exitCode(), second.all());
      assertTrue(second.err().contains("targets[0] (workloads): deployment/web belongs to HibernatePlan inside, created"
          + " first"), second.err());
      assertNull(h.client.resources(HibernatePlan.class).inNamespace("default").withName("second").get(),
          "nothing created");
    }
  }

  private static HibernatePlan plan(Harness h) {
    return h.client.resources(HibernatePlan.class).inNamespace("default").withName("shop").get();
  }
}
