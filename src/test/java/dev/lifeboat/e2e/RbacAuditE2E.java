package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.ControllerHeartbeat;
import dev.lifeboat.sandbox.RequestAudit;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.FakeAws;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.InstalledController;
import dev.lifeboat.support.Objects;
import dev.lifeboat.support.RbacAuthorizer;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege, proven by audit. lifeboat is installed into the sandbox; its controller runs with the
 * Deployment's own arguments and the controller ServiceAccount's identity; the Jobs' pods run as the
 * Jobs' ServiceAccount (as in a cluster). Every lifecycle the controller drives runs once with real
 * restic: repository init, backup, restore with stop/start, an aborted restore with its cleanup, a
 * Schedule with retention, a CronJob-mode Schedule's run, hibernation (workloads, CronJobs, a
 * Karpenter NodePool), each maintenance task, deleting a Backup and a Repository with their data. Then
 * the sandbox's request log is held against the installed Roles: every request each identity made
 * is allowed, and every permission granted was used. A new API call without its rule, or a rule
 * nothing needs any more, fails the build.
 */
class RbacAuditE2E {
  private static final String NS = "shop";
  private static final String CONTROLLER = "system:serviceaccount:lifeboat-system:lifeboat-controller";
  private static final String JOBS = "system:serviceaccount:" + NS + ":lifeboat-manager";
  private static final String SCHEDULER = "system:serviceaccount:" + NS + ":lifeboat-scheduler";
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /**
   * Granted, needed, and not always used by this drill, each with why. The audit fails if one is no longer
   * granted (remove it).
   */
  private static final Map<String, String> NOT_ALWAYS_USED = Map.ofEntries(
      Map.entry("lifeboat-controller get lifeboat.dev/backups", "read fresh after a write conflict: whether one happens is timing"),
      Map.entry("lifeboat-controller get lifeboat.dev/schedules", "read fresh after a write conflict: whether one happens is timing"),
      Map.entry("lifeboat-controller get lifeboat.dev/hibernateplans", "read fresh after a write conflict: timing"),
      Map.entry("lifeboat-controller get lifeboat.dev/repositories", "read fresh when the cache has not seen it yet: timing"),
      Map.entry("lifeboat-controller get persistentvolumeclaims", "read fresh when the cache has not seen it yet: timing"),
      Map.entry("lifeboat-manager patch lifeboat.dev/backups/status", "progress of a backup that runs longer than 10 s"),
      Map.entry("lifeboat-manager get lifeboat.dev/backups", "the verify Job, only when a backup's report lacks its snapshot"),
      Map.entry("lifeboat-manager create events", "a cloud step's Warning when a target changed while asleep"),
      Map.entry("lifeboat-controller list events", "why a Job's pod has not started after 5 s: every pod here starts at once"),
      Map.entry("lifeboat-controller list namespaces", "a Schedule with namespaceSelector in lifeboat's namespace (TenancyE2E)"),
      Map.entry("lifeboat-controller create lifeboat.dev/drills", "a Schedule's drill cron (DrillE2E): none fires here"),
      Map.entry("lifeboat-controller get lifeboat.dev/drills", "read fresh after a write conflict: timing"),
      Map.entry("lifeboat-controller update lifeboat.dev/drills/finalizers", "granted for every kind; a Drill's objects"
          + " do not block its deletion"),
      Map.entry("lifeboat-controller delete lifeboat.dev/drills", "a Schedule's 4th finished drill of a claim: none here"),
      Map.entry("lifeboat-controller patch persistentvolumeclaims", "only a claim an early build left its finalizer"
          + " lifeboat.dev/in-use on (LegacyFinalizersIT)"),
      Map.entry("lifeboat-controller get apps/daemonsets", "a hook on daemonset/NAME: the sandbox plays no DaemonSet's pods"));
  @TempDir
  Path tmp;
  private String admin;

  @Test
  void everyRequestIsAllowedAndEveryPermissionIsUsed() throws Exception {
    RealTools.requireRestic();
    // restic that takes its time over a restore while the marker exists: a restore to abort mid-flight.
    Path slow = tmp.resolve("slow-restore");
    Path restic = tmp.resolve("restic-wrapper");
    Files.writeString(restic, "#!/bin/sh\nfor a in \"$@\"; do if [ \"$a\" = restore ] && [ -e '" + slow
        + "' ]; then sleep 120; fi; done\nexec restic \"$@\"\n");
    restic.toFile().setExecutable(true, false); // the Jobs run as other users
    try (FakeAws aws = new FakeAws(); Sandbox sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, false,
        Map.of("LIFEBOAT_RESTIC", restic.toString()))) {
          Owners.requireIsolation();
          // Its data has several owners (Trees): only a privileged mover reads and restores them all.
          Owners.allowPrivilegedMovers(sandbox.client(), NS);
      var client = sandbox.client();
      admin = sandbox.paths().kubeconfig().toString();
      Cli.Result install = lifeboat("install", "--image", "lifeboat:audit", "--job-namespaces", NS);
      assertEquals(0, install.exitCode(), install.all());
      Path controllerKubeconfig = tmp.resolve("controller-kubeconfig");
      // In a cluster the controller's namespace is its pod's: lifeboat-system.
      SandboxApiServer.writeKubeconfig(controllerKubeconfig, sandbox.server().url(), CONTROLLER, "lifeboat-system");
      Deployment deployment = client.apps().deployments().inNamespace("lifeboat-system").withName("lifeboat-controller").get();
      List<String> args = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();

      try (InstalledController controller = InstalledController.start(controllerKubeconfig.toString(), args)) {
        Eventually.await(DEADLINE, "the installed controller leads (its heartbeat covers " + NS + ")",
            () -> ControllerHeartbeat.alive(client, NS, java.time.Instant.now()));
        runEveryLifecycle(sandbox, aws);
      }

      RequestAudit audit = sandbox.server().audit();
      assertLeastPrivilege(client, audit, CONTROLLER, "lifeboat-system", "lifeboat-controller");
      assertLeastPrivilege(client, audit, JOBS, NS, "lifeboat-manager");
      assertLeastPrivilege(client, audit, SCHEDULER, NS, "lifeboat-scheduler");
      assertEquals(Set.of(), audit.of("system:serviceaccount:" + NS + ":default"), "no Job ran under the default account");
    }
  }

  /** Each request of {@code identity} allowed by the Roles bound to its account, and each permission used. */
  private static void assertLeastPrivilege(io.fabric8.kubernetes.client.KubernetesClient client, RequestAudit audit,
      String identity, String namespace, String account) {
    Set<RequestAudit.Request> requests = audit.of(identity);
    System.out.println(account + " requested: " + requests);
    RbacAuthorizer roles = RbacAuthorizer.forServiceAccount(client, namespace, account);
    assertTrue(roles.holdsAnything(), "install bound " + account);
    assertFalse(requests.isEmpty(), account + " made requests");
    assertEquals(Set.of(), roles.denied(requests), account + ": requests its Roles do not allow");
    Set<String> unused = new java.util.TreeSet<>(roles.unused(requests));
    NOT_ALWAYS_USED.keySet().stream().filter(k -> k.startsWith(account + " ")).map(k -> k.substring(account.length() + 1))
        .forEach(permission -> {
          assertTrue(roles.denied(Set.of(request(permission))).isEmpty(),
              account + " is no longer granted " + permission + ": take it out of NOT_ALWAYS_USED");
          unused.removeIf(u -> u.startsWith(permission + " "));
        });
    assertEquals(Set.of(), unused, account + ": permissions nothing used");
  }

  /** "verb group/resource" as a request in the namespace of the drill. */
  private static RequestAudit.Request request(String permission) {
    String verb = permission.substring(0, permission.indexOf(' '));
    String resource = permission.substring(permission.indexOf(' ') + 1);
    String group = resource.contains("/") && resource.indexOf('.') < resource.indexOf('/')
        ? resource.substring(0, resource.indexOf('/')) : "";
    return new RequestAudit.Request(verb, group, group.isEmpty() ? resource : resource.substring(group.length() + 1), NS);
  }

  private void runEveryLifecycle(Sandbox sandbox, FakeAws aws) throws Exception {
    var client = sandbox.client();
    Path source = tmp.resolve("source");
    Trees.generate(source, 40, 1L << 20, 11);
    Map<String, String> sums = Trees.checksums(source);
    SandboxPvcs.create(client, sandbox.paths(), NS, "data", source, Map.of("backup", "hourly"));
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    SandboxPvcs.create(client, sandbox.paths(), NS, "copy", empty);
    Objects.deployment(client, NS, "api", 2);
    Objects.statefulSet(client, NS, "db", 1);
    client.apps().replicaSets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata().withName("worker").withNamespace(NS).addToLabels("tier", "worker").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "worker").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "worker").endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("worker").endContainer().endSpec().endTemplate().endSpec().build()).create();
    client.apps().replicaSets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata().withName("batch").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "batch").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "batch").endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("batch").endContainer().endSpec().endTemplate().endSpec().build()).create();
    Path cacheSource = tmp.resolve("cache-source");
    Trees.generate(cacheSource, 10, 1L << 18, 12);
    Map<String, String> cacheSums = Trees.checksums(cacheSource);
    SandboxPvcs.create(client, sandbox.paths(), NS, "cache", cacheSource, Map.of("app", "cache"));
    Path password = tmp.resolve("password");
    Files.writeString(password, "audit-password");
    Path repo = tmp.resolve("repo");

    ok("repository", "create", "repo", "--url", "local:" + repo, "--password-file", password.toString(),
        "--deletion-policy", "delete", "--wait", "--timeout", "2m");
    // The controller's own runs: this one fires within a minute, while the rest goes on.
    ok("schedule", "create", "minutely", "--cron", "* * * * *", "--repository", "repo", "--pvc-selector", "app=cache",
        "--keep-last", "1", "--auto-restore");
    ok("backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--wait", "--timeout", "2m");
    ok("restore", "create", "r1", "--from-backup", "b1", "--to-pvc", "copy", "--stop", "deployment/api,statefulset/db",
        "--wait", "--timeout", "2m");
    assertEquals(sums, Trees.checksums(sandbox.paths().pvc(NS, "copy")), "restored data equals the backup's");
    assertEquals(2, Objects.replicas(client, NS, "deployment/api"), "started again");
    assertEquals(1, Objects.replicas(client, NS, "statefulset/db"), "started again");
    // A point-in-time copy with hooks: the VolumeSnapshot, its class, the claim from it, the execs.
    Eventually.await(DEADLINE, "db-0 running again", () -> {
      var pod = client.pods().inNamespace(NS).withName("db-0").get();
      return pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    });
    ok("backup", "create", "b-snap", "--repository", "repo", "--pvc", "data", "--copy-method", "snapshot",
        "--pre-hook", "deployment/api:true", "--post-hook", "pod/db-0:true", "--wait", "--timeout", "2m");
    // A drill: its scratch claim, its Restore of it, its verify Job, their deletion.
    ok("drill", "create", "d1", "--from-backup", "b1", "--verify-command", "true", "--wait", "--timeout", "2m");
    var drilled = client.resources(dev.lifeboat.api.Drill.class).inNamespace(NS).withName("d1").get().getStatus();
    assertEquals(List.of(dev.lifeboat.api.DrillPhase.Restoring, dev.lifeboat.api.DrillPhase.Verifying,
        dev.lifeboat.api.DrillPhase.Succeeded), drilled.history.stream().map(h -> h.phase).toList(), drilled.message);

    Files.writeString(tmp.resolve("slow-restore"), "");
    ok("restore", "create", "r2", "--from-backup", "b1", "--to-pvc", "copy", "--stop", "deployment/api");
    Eventually.await(DEADLINE, "the slow restore runs", () -> "Running".equals(Objects.restorePhase(client, NS, "r2"))
        && client.pods().inNamespace(NS).withLabel("job-name", "r2-restore").list().getItems().size() > 0);
    ok("abort", "restore", "r2", "--prune");
    Eventually.await(DEADLINE, "aborted, the target cleaned up", () -> "Aborted".equals(Objects.restorePhase(client, NS, "r2")));
    Files.delete(tmp.resolve("slow-restore"));

    ok("schedule", "create", "nightly", "--cron", "0 3 * * *", "--repository", "repo", "--pvc", "data", "--keep-last", "1");
    ok("schedule", "run", "nightly", "--wait", "--timeout", "2m");
    ok("schedule", "run", "nightly", "--wait", "--timeout", "2m");
    // CronJob-mode Schedules, by claim name and by selector: what the CronJob controller does at the cron's time
    // (kubectl create job --from=cronjob/...) runs `backup create --from-schedule` as the scheduler account.
    ok("schedule", "create", "hourly", "--mode", "cronjob", "--cron", "0 * * * *", "--repository", "repo", "--pvc", "data");
    ok("schedule", "create", "labelled", "--mode", "cronjob", "--cron", "30 * * * *", "--repository", "repo",
        "--pvc-selector", "backup=hourly");
    for (String schedule : List.of("hourly", "labelled")) {
      runCronJobOnce(client, schedule + "-backup");
    }
    Hibernation.nodePoolCrd(client);
    Hibernation.nodePool(client, "pool", Map.of("cpu", "10"));
    Hibernation.cronJob(client, NS, "report", false);
    var zone = java.time.ZonedDateTime.now(java.time.ZoneId.of("UTC"));
    var hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
    // A cloud target: its steps run as Jobs (with their own credentials) under the Jobs' account.
    aws.instance("i-dev", "running", Map.of("env", "dev"));
    client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
        .withName("aws-creds").endMetadata().addToStringData("AWS_ACCESS_KEY_ID", "AKIAAUDIT")
        .addToStringData("AWS_SECRET_ACCESS_KEY", "audit-secret").build()).create();
    Path cloud = tmp.resolve("cloud.yaml");
    Files.writeString(cloud, "name: vms\ntype: ec2\nselector: env=dev\nparameters:\n  region: eu-central-1\n  endpoint: "
        + aws.endpoint() + "\n  credentialsSecret: aws-creds\n");
    ok("hibernate", "create", "night", "--target", cloud.toString(), "--off-hours", zone.plusHours(6).format(hhmm) + "-" + zone.plusHours(7).format(hhmm),
        "--time-zone", "UTC", "--workloads", "deployment/api,replicaset/batch", "--workloads", "tier=worker", "--cronjobs", "report");
    ok("hibernate", "now", "night", "--wait", "--timeout", "2m");
    // NodePools are cluster-wide: a plan of lifeboat's own namespace reaches them (a team's is refused).
    String pools = "lifeboat-system";
    Cli.Result poolsPlan = lifeboat("hibernate", "create", "pools", "-n", pools, "--off-hours",
        zone.plusHours(6).format(hhmm) + "-" + zone.plusHours(7).format(hhmm), "--time-zone", "UTC", "--nodepools", "env=dev");
    assertEquals(0, poolsPlan.exitCode(), poolsPlan.all());
    Cli.Result poolsDown = lifeboat("hibernate", "now", "pools", "-n", pools, "--wait", "--timeout", "2m");
    assertEquals(0, poolsDown.exitCode(), poolsDown.all());
    assertFalse(poolsDown.err().contains("from here"), "the installed controller leads: " + poolsDown.all());
    assertEquals(0, Objects.replicas(client, NS, "deployment/api"));
    assertEquals("stopped", aws.state(aws.instances, "i-dev"));
    ok("hibernate", "wake", "night", "--wait", "--timeout", "2m");
    assertEquals(0, lifeboat("hibernate", "wake", "pools", "-n", pools, "--wait", "--timeout", "2m").exitCode());
    assertEquals(2, Objects.replicas(client, NS, "deployment/api"));
    assertEquals("running", aws.state(aws.instances, "i-dev"));

    // A Schedule switched from CronJob mode to the controller's: the controller removes its CronJob.
    client.resources(dev.lifeboat.api.Schedule.class).inNamespace(NS).withName("hourly")
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"mode\":\"Controller\"}}");
    Eventually.await(DEADLINE, "CronJob hourly-backup removed",
        () -> client.batch().v1().cronjobs().inNamespace(NS).withName("hourly-backup").get() == null);

    // The cron's own run, then auto-restore of the claim re-created empty: the data comes back.
    Eventually.await(DEADLINE, "the minutely Schedule's cron fired and its Backup is Ready", () -> client
        .resources(dev.lifeboat.api.Backup.class).inNamespace(NS).list().getItems().stream()
        .anyMatch(b -> b.getSpec().source != null && "cache".equals(b.getSpec().source.pvc) && b.getStatus() != null
            && "Ready".equals(String.valueOf(b.getStatus().phase))));
    // Early in a minute: the claim is re-created and its auto-restore decided before the minutely cron fires again.
    Eventually.await(Duration.ofSeconds(70), "early in a minute", () -> java.time.LocalTime.now().getSecond() < 20);
    client.persistentVolumeClaims().inNamespace(NS).withName("cache").delete();
    Eventually.await(DEADLINE, "claim cache gone", () -> client.persistentVolumeClaims().inNamespace(NS).withName("cache").get() == null);
    Eventually.await(DEADLINE, "its volume reclaimed (policy Delete)",
        () -> !java.nio.file.Files.exists(sandbox.paths().pvc(NS, "cache")));
    SandboxPvcs.create(client, sandbox.paths(), NS, "cache", null, Map.of("app", "cache"));
    Eventually.await(DEADLINE, "auto-restore of the re-created claim", () -> client.resources(dev.lifeboat.api.Restore.class)
        .inNamespace(NS).list().getItems().stream().anyMatch(r -> r.getMetadata().getName().startsWith("cache-auto-restore-")
            && r.getStatus() != null && "Completed".equals(String.valueOf(r.getStatus().phase))),
        () -> "restores: " + client.resources(dev.lifeboat.api.Restore.class).inNamespace(NS).list().getItems().stream()
            .map(r -> r.getMetadata().getName() + "=" + (r.getStatus() == null ? null : r.getStatus().phase + ": "
                + r.getStatus().message)).toList() + "; schedule minutely: " + client.resources(dev.lifeboat.api.Schedule.class)
            .inNamespace(NS).withName("minutely").get().getStatus().message + "; backups of cache: " + client
            .resources(dev.lifeboat.api.Backup.class).inNamespace(NS).list().getItems().stream()
            .filter(b -> b.getSpec().source != null && "cache".equals(b.getSpec().source.pvc))
            .map(b -> b.getMetadata().getName() + "=" + (b.getStatus() == null ? null : b.getStatus().phase + " "
                + b.getStatus().completionTime)).toList() + "; claim created " + client.persistentVolumeClaims().inNamespace(NS)
            .withName("cache").get().getMetadata().getCreationTimestamp());
    assertEquals(cacheSums, Trees.checksums(sandbox.paths().pvc(NS, "cache")), "auto-restored data equals the backup's");
    ok("schedule", "suspend", "minutely");

    // verify twice: the second run replaces the snapshot list the first one wrote
    for (String task : List.of("check", "verify", "prune", "unlock", "verify")) {
      ok("repository", task, "repo", "--wait", "--timeout", "2m");
    }

    ok("backup", "create", "gone", "--repository", "repo", "--pvc", "data", "--deletion-policy", "delete", "--wait",
        "--timeout", "2m");
    ok("backup", "delete", "gone");
    Eventually.await(DEADLINE, "Backup gone (its snapshot forgotten first)",
        () -> client.resources(dev.lifeboat.api.Backup.class).inNamespace(NS).withName("gone").get() == null);
    ok("schedule", "delete", "nightly", "--delete-backups");
    ok("hibernate", "delete", "night");
    // Their Backups are forgotten on request (a deleted Schedule keeps them otherwise), as the repository goes.
    ok("schedule", "delete", "hourly", "--delete-backups");
    ok("schedule", "delete", "labelled", "--delete-backups");
    ok("schedule", "delete", "minutely", "--delete-backups");
    ok("repository", "delete", "repo", "--force");
    Eventually.await(DEADLINE, "Repository gone (its data first)",
        () -> client.resources(dev.lifeboat.api.Repository.class).inNamespace(NS).withName("repo").get() == null,
        () -> "its status: " + client.resources(dev.lifeboat.api.Repository.class).inNamespace(NS).withName("repo").get()
            .getStatus().message);
    assertFalse(Files.exists(repo.resolve("config")), "deletionPolicy Delete removed the repository's data");
  }

  private static void runCronJobOnce(io.fabric8.kubernetes.client.KubernetesClient client, String cronJobName) {
    Eventually.await(DEADLINE, "CronJob " + cronJobName,
        () -> client.batch().v1().cronjobs().inNamespace(NS).withName(cronJobName).get() != null);
    var cronJob = client.batch().v1().cronjobs().inNamespace(NS).withName(cronJobName).get();
    String job = cronJobName + "-manual";
    client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName(job)
        .withNamespace(NS).endMetadata().withSpec(cronJob.getSpec().getJobTemplate().getSpec()).build()).create();
    Eventually.await(DEADLINE, "the run of " + cronJobName + " ends", () -> {
      var status = client.batch().v1().jobs().inNamespace(NS).withName(job).get().getStatus();
      return status != null && (status.getSucceeded() != null && status.getSucceeded() > 0
          || status.getFailed() != null && status.getFailed() > 0);
    });
    assertEquals(1, client.batch().v1().jobs().inNamespace(NS).withName(job).get().getStatus().getSucceeded(),
        "the run of " + cronJobName + " succeeded as the scheduler account");
  }

  private Cli.Result lifeboat(String... args) {
    return Cli.against(admin, args);
  }

  /** A command that must succeed, driven by the installed controller (never by the CLI itself). */
  private void ok(String... args) {
    String[] namespaced = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("-n", NS))
        .toArray(String[]::new);
    Cli.Result result = lifeboat(namespaced);
    assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.all());
    assertFalse(result.err().contains("from here"), "the installed controller leads, not the CLI: " + result.all());
  }
}
