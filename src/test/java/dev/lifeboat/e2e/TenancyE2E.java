package dev.lifeboat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.CommandSource;
import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.sandbox.RequestAudit;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.Owners;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 on the sandbox: teams {@code team-a} and {@code team-b} share one restic URL (one password), each with its
 * own Repository {@code shared}; {@code team-c} has none; lifeboat's namespace is {@code lifeboat-system}.
 * <ul>
 *   <li>each Job gets only its purpose's credentials, as the environment its restic really sees shows;</li>
 *   <li>a prune in team-a makes team-b's backup wait (not fail) until it ends;</li>
 *   <li>team-a cannot restore team-b's snapshot; team-b's restore comes back byte for byte;</li>
 *   <li>a Schedule of lifeboat's namespace backs up the claims of every selected namespace in their own namespaces
 *       and reports the one without a Repository;</li>
 *   <li>a user whose Role allows lifeboat's kinds in team-a only changes nothing outside team-a through any lifeboat
 *       object (NodePools, other namespaces, a custom image with the repository's secrets);</li>
 *   <li>deleting team-a's Repository with its data leaves team-b's snapshots.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyE2E {
  private static final String PASSWORD = "planted-tenancy-password-" + UUID.randomUUID();
  private static final String BACKUP_KEY = "planted-backup-key-" + UUID.randomUUID();
  private static final String DELETE_KEY = "planted-delete-key-" + UUID.randomUUID();
  private static final String TENANT = "system:serviceaccount:team-a:dev";
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private KubernetesClient client;
  private String admin;
  private String tenant;
  private Path envs;
  private Path gate;
  private ResticRepo restic;
  private final List<String> outputs = new CopyOnWriteArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    envs = Files.createDirectories(shared.resolve("envs"));
    Files.setPosixFilePermissions(envs, PosixFilePermissions.fromString("rwxrwxrwx")); // Jobs run as other users
    // In the repository's folder, which the Jobs' containers have bound, not through their root's overlay: an overlay
    // that looked for a file in its lower layer once and did not find it never sees it appear (the prune waited its
    // whole 2 minutes).
    gate = shared.resolve("prune-gate");
    // restic as each Job's pod runs it: the names (never the values) of its environment, kept per pod; a prune waits
    // (at most 2 minutes) for the test's gate, so that a backup of another namespace meets it running.
    Path wrapper = tmp.resolve("restic-wrapper");
    Files.writeString(wrapper, "#!/bin/sh\n"
        + "env | cut -d= -f1 | sort > '" + envs + "'/\"$(hostname)-$$\" 2>/dev/null\n"
        + "case \" $* \" in *' prune '*) i=0; while [ ! -e '" + gate + "' ] && [ $i -lt 1200 ]; do sleep 0.1;"
        + " i=$((i + 1)); done;; esac\n"
        + "exec restic \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true,
        Map.of("LIFEBOAT_RESTIC", wrapper.toString()));
    Owners.requireIsolation();
    client = sandbox.client();
    admin = sandbox.paths().kubeconfig().toString();
    Path password = tmp.resolve("password");
    Files.writeString(password, PASSWORD);
    Path repo = shared.resolve("repo");
    restic = new ResticRepo(repo, PASSWORD, tmp.resolve("cache"));
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lifeboat-system").endMetadata()
        .build()).create();
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
          .withLabels(Map.of("tier", "team")).endMetadata().build()).create();
      Path data = tmp.resolve("data-" + ns);
      Trees.generate(data, 20, 1 << 16, ns.hashCode(), false); // the default mover's (65532): every file readable
      SandboxPvcs.create(client, sandbox.paths(), ns, "data", data, Map.of("backup", "nightly"));
    }
    for (String ns : List.of("team-a", "team-b")) {
      secret(ns, "s3-backup", "BACKUP_ONLY_KEY", BACKUP_KEY);
      secret(ns, "s3-admin", "DELETE_ONLY_KEY", DELETE_KEY);
      ok(lifeboat("repository", "create", "shared", "-n", ns, "--url", "local:" + repo, "--password-file",
          password.toString(), "--credentials-secret", "s3-backup", "--maintenance-credentials-secret", "s3-admin",
          "--deletion-policy", "delete", "--wait", "--timeout", "2m"));
    }
    tenant = tenantKubeconfig();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (sandbox != null) {
        for (String secret : List.of(PASSWORD, BACKUP_KEY, DELETE_KEY)) {
          leaks.assertNoneContains(sandbox, outputs, secret);
        }
        sandbox.close();
      }
    } finally {
      leaks.close();
    }
  }

  /** Ransomware: the backup's restic has the backup credentials only, the check's the maintenance ones only. */
  @Test
  @Order(1)
  void eachJobsProcessSeesOnlyTheCredentialsOfItsPurpose() throws Exception {
    ok(lifeboat("backup", "create", "a1", "-n", "team-a", "--repository", "shared", "--pvc", "data", "--wait",
        "--timeout", "3m"));
    ok(lifeboat("repository", "check", "shared", "-n", "team-a", "--wait", "--timeout", "3m"));
    List<String> backup = environments("a1-backup-");
    List<String> check = environments("shared-check-");
    assertFalse(backup.isEmpty() || check.isEmpty(), "restic ran in both: " + listing());
    for (String env : backup) {
      assertTrue(env.contains("BACKUP_ONLY_KEY") && !env.contains("DELETE_ONLY_KEY"), env);
    }
    for (String env : check) {
      assertTrue(env.contains("DELETE_ONLY_KEY") && !env.contains("BACKUP_ONLY_KEY"), env);
    }
  }

  /** restic's exclusive lock is on the URL: team-a's prune holds team-b's backup, which waits and then succeeds. */
  @Test
  @Order(2)
  void aPruneInOneNamespaceMakesAnotherNamespacesBackupWaitNotFail() throws Exception {
    ok(lifeboat("repository", "prune", "shared", "-n", "team-a"));
    Eventually.await(DEADLINE, "team-a's prune runs", () -> {
      Repository r = client.resources(Repository.class).inNamespace("team-a").withName("shared").get();
      return r.getStatus().running != null && "prune".equals(String.valueOf(r.getStatus().running.task));
    });
    ok(lifeboat("backup", "create", "b1", "-n", "team-b", "--repository", "shared", "--pvc", "data"));
    Eventually.await(DEADLINE, "b1 waits for the prune of the same URL", () -> {
      Backup b = backup("team-b", "b1");
      return b.getStatus() != null && b.getStatus().message != null
          && b.getStatus().message.contains("Repository team-a/shared (the same URL) runs prune");
    });
    assertEquals(List.of(), environments("b1-backup-"), "no backup Job started beside the prune");
    Files.writeString(gate, "go");
    Eventually.await(Duration.ofMinutes(3), "b1 Ready after the prune", () -> backup("team-b", "b1").getStatus().phase
        == BackupPhase.Ready, () -> String.valueOf(backup("team-b", "b1").getStatus().message));
    Repository a = client.resources(Repository.class).inNamespace("team-a").withName("shared").get();
    Eventually.await(DEADLINE, "team-a's prune ended", () -> client.resources(Repository.class).inNamespace("team-a")
        .withName("shared").get().getStatus().running == null);
    assertNull(client.leases().inNamespace("lifeboat-system").list().getItems().stream()
        .filter(l -> l.getMetadata().getName().startsWith("lifeboat-url-") && l.getSpec().getHolderIdentity() != null
            && !l.getSpec().getHolderIdentity().isEmpty()).findFirst().orElse(null), "the URL's Lease is free again: " + a);
  }

  /** A namespace restores only its own snapshots; the owner's restore comes back with every file as it was. */
  @Test
  @Order(3)
  void aNamespaceCannotRestoreAnotherNamespacesSnapshot() throws Exception {
    String theirs = backup("team-b", "b1").getStatus().snapshotId;
    SandboxPvcs.create(client, sandbox.paths(), "team-a", "loot", null);
    Cli.Result steal = Cli.against(tenant, "restore", "create", "steal", "-n", "team-a", "--from-snapshot",
        "shared/" + theirs, "--to-pvc", "loot", "--wait", "--timeout", "2m");
    outputs.add(steal.all());
    assertEquals(1, steal.exitCode(), steal.all());
    assertTrue(steal.err().contains("was not made by namespace team-a"), steal.err());
    try (Stream<Path> files = Files.list(sandbox.paths().pvc("team-a", "loot"))) {
      assertEquals(0, files.count(), "nothing of team-b's was written into team-a's claim");
    }

    SandboxPvcs.create(client, sandbox.paths(), "team-b", "back", null);
    ok(lifeboat("restore", "create", "back", "-n", "team-b", "--from-backup", "b1", "--to-pvc", "back", "--wait",
        "--timeout", "3m"));
    assertEquals(Trees.checksums(tmp.resolve("data-team-b")), Trees.checksums(sandbox.paths().pvc("team-b", "back")));
  }

  /** A Schedule of lifeboat's namespace over team-a, team-b and team-c (which has no Repository: reported). */
  @Test
  @Order(4)
  void aScheduleOfLifeboatsNamespaceBacksUpEverySelectedNamespaceInPlace() throws Exception {
    Cli.Result elsewhere = lifeboat("schedule", "create", "all", "-n", "team-a", "--cron", "0 0 1 1 *", "--repository",
        "shared", "--pvc-selector", "backup=nightly", "--namespace-selector", "tier=team");
    assertEquals(2, elsewhere.exitCode(), elsewhere.all());
    assertTrue(elsewhere.err().contains("only objects in lifeboat's own namespace lifeboat-system may select claims"),
        elsewhere.err());
    assertNull(client.resources(Schedule.class).inNamespace("team-a").withName("all").get());

    ok(lifeboat("schedule", "create", "nightly", "-n", "lifeboat-system", "--cron", "0 0 1 1 *", "--repository",
        "shared", "--pvc-selector", "backup=nightly", "--namespace-selector", "tier=team"));
    Cli.Result run = lifeboat("schedule", "run", "nightly", "-n", "lifeboat-system", "--wait", "--timeout", "3m");
    ok(run);
    assertTrue(run.out().contains("created in namespace team-a") && run.out().contains("created in namespace team-b"),
        run.out());
    for (String ns : List.of("team-a", "team-b")) {
      List<Backup> made = client.resources(Backup.class).inNamespace(ns).list().getItems().stream()
          .filter(b -> b.getMetadata().getName().startsWith("nightly-data-")).toList();
      assertEquals(1, made.size(), ns + ": " + made);
      assertEquals(BackupPhase.Ready, made.get(0).getStatus().phase);
      assertEquals("shared", made.get(0).getSpec().repository);
    }
    assertEquals(List.of(), client.resources(Backup.class).inNamespace("team-c").list().getItems());
    Eventually.await(DEADLINE, "team-c reported", () -> {
      Schedule s = client.resources(Schedule.class).inNamespace("lifeboat-system").withName("nightly").get();
      return s.getStatus() != null && List.of("team-c").equals(s.getStatus().namespacesWithoutRepository);
    });
    Eventually.await(DEADLINE, "a Warning Event names team-c", () -> client.v1().events().inNamespace("lifeboat-system")
        .list().getItems().stream().anyMatch(e -> "NoRepository".equals(e.getReason())
            && e.getMessage().contains("team-c")));
    Cli.Result describe = lifeboat("schedule", "describe", "nightly", "-n", "lifeboat-system");
    assertTrue(describe.out().matches("(?s).*No Repository in:\\s+team-c\n.*"), describe.out());
  }

  /**
   * The tenant (a Role for lifeboat's kinds in team-a only) tries, through lifeboat objects, to reach beyond team-a:
   * each is refused, nothing outside team-a changes, and every write the tenant made was in team-a.
   */
  @Test
  @Order(5)
  void aTenantChangesNothingOutsideItsNamespaceThroughLifeboat() throws Exception {
    Hibernation.nodePoolCrd(client);
    Hibernation.nodePool(client, "shared-pool", Map.of("cpu", "64"));
    Object poolBefore = Hibernation.state(client, "team-a").get("nodepool/shared-pool");

    Cli.Result pools = Cli.against(tenant, "hibernate", "create", "pools", "-n", "team-a", "--off-hours", "20:00-07:00",
        "--nodepools", "env=dev");
    outputs.add(pools.all());
    assertEquals(2, pools.exitCode(), pools.all());
    assertTrue(pools.err().contains("Karpenter NodePools are cluster-wide"), pools.err());

    try (KubernetesClient asTenant = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(Path.of(tenant)))).build()) {
      // Past the CLI, as kubectl would apply them.
      asTenant.resources(HibernatePlan.class).resource(Hibernation.plan("team-a", "pools", "UTC", List.of(),
          Hibernation.target("nodes", "nodepools", null, "shared-pool"))).create();
      Backup evil = new Backup();
      evil.getMetadata().setName("evil");
      evil.getMetadata().setNamespace("team-a");
      evil.setSpec(new BackupSpec());
      evil.getSpec().repository = "shared";
      evil.getSpec().source = new BackupSource();
      evil.getSpec().source.command = new CommandSource();
      evil.getSpec().source.command.command = List.of("sh", "-c", "env");
      evil.getSpec().source.command.image = "evil.example/steal:1";
      asTenant.resources(Backup.class).resource(evil).create();
    }
    Eventually.await(DEADLINE, "the plan is refused", () -> {
      HibernatePlan p = client.resources(HibernatePlan.class).inNamespace("team-a").withName("pools").get();
      return p.getStatus() != null && p.getStatus().phase == HibernatePhase.Error;
    });
    Eventually.await(DEADLINE, "the custom image is refused", () -> {
      Backup b = backup("team-a", "evil");
      return b.getStatus() != null && b.getStatus().phase == BackupPhase.Failed;
    });
    assertTrue(backup("team-a", "evil").getStatus().message.contains("may not run in namespace team-a"),
        backup("team-a", "evil").getStatus().message);
    assertNull(client.batch().v1().jobs().inNamespace("team-a").withName(JobNames.jobName("evil",
        dev.lifeboat.lifecycle.JobPurpose.BACKUP)).get(), "no Job ran the image");

    Cli.Result image = Cli.against(tenant, "backup", "create", "evil2", "-n", "team-a", "--repository", "shared",
        "--command", "env", "--image", "evil.example/steal:1");
    outputs.add(image.all());
    assertEquals(2, image.exitCode(), image.all());
    Cli.Result view = Cli.against(tenant, "repository", "create", "everything", "-n", "team-a", "--url",
        "local:" + tmp.resolve("shared/repo"), "--password-secret", "shared-restic", "--all-namespace-snapshots");
    outputs.add(view.all());
    assertEquals(2, view.exitCode(), view.all());
    assertTrue(view.err().contains("--all-namespace-snapshots: only objects in lifeboat's own namespace"), view.err());

    assertEquals(poolBefore, Hibernation.state(client, "team-a").get("nodepool/shared-pool"), "the NodePool as it was");
    List<String> teamB = client.resources(Backup.class).inNamespace("team-b").list().getItems().stream()
        .map(b -> b.getMetadata().getName()).toList();
    assertTrue(teamB.stream().allMatch(n -> n.equals("b1") || n.startsWith("nightly-data-")) && teamB.size() == 2,
        "team-b has only the Backups made for it: " + teamB);
    RequestAudit audit = sandbox.server().audit();
    List<String> writesOutside = new ArrayList<>();
    for (RequestAudit.Request r : audit.of(TENANT)) {
      boolean write = !Set.of("get", "list", "watch").contains(r.verb());
      if (write && !"team-a".equals(r.namespace())) {
        writesOutside.add(r.toString());
      }
    }
    assertEquals(List.of(), writesOutside, "every write of the tenant was in team-a: " + audit.of(TENANT));
  }

  /** Deleting team-a's Repository with its data forgets team-a's snapshots only: team-b's stay. */
  @Test
  @Order(6)
  void deletingOneNamespacesDataLeavesTheOthers() throws Exception {
    int teamB = restic.snapshots(null).stream().filter(s -> "team-b".equals(s.path("hostname").asText())).toList().size();
    assertTrue(teamB >= 2, "team-b has snapshots: " + teamB);
    ok(lifeboat("repository", "delete", "shared", "-n", "team-a", "--force"));
    Eventually.await(Duration.ofMinutes(3), "team-a's Repository and its data are gone", () -> client
        .resources(Repository.class).inNamespace("team-a").withName("shared").get() == null);
    var left = restic.snapshots(null);
    assertTrue(left.stream().noneMatch(s -> "team-a".equals(s.path("hostname").asText())), left.toString());
    assertEquals(teamB, left.stream().filter(s -> "team-b".equals(s.path("hostname").asText())).count());
  }

  /** The environments restic had in the pods whose names start with {@code podPrefix}. */
  private List<String> environments(String podPrefix) throws Exception {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(envs)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(podPrefix)).toList()) {
        found.add(Files.readString(f));
      }
    }
    return found;
  }

  private String listing() throws Exception {
    try (Stream<Path> files = Files.list(envs)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().toString();
    }
  }

  private Backup backup(String ns, String name) {
    return client.resources(Backup.class).inNamespace(ns).withName(name).get();
  }

  private void secret(String ns, String name, String key, String value) {
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .addToStringData(key, value).build()).create();
  }

  /** A user whose Role allows lifeboat's kinds (and what their CLI reads) in team-a only. */
  private String tenantKubeconfig() throws Exception {
    client.rbac().roles().inNamespace("team-a").resource(new RoleBuilder().withNewMetadata().withName("lifeboat-user")
        .endMetadata().withRules(
            new PolicyRuleBuilder().withApiGroups("lifeboat.dev").withResources("*").withVerbs("*").build(),
            new PolicyRuleBuilder().withApiGroups("").withResources("persistentvolumeclaims", "pods", "pods/log",
                "events", "secrets").withVerbs("get", "list", "watch", "create").build(),
            new PolicyRuleBuilder().withApiGroups("batch").withResources("jobs").withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("get", "list")
                .build()).build()).create();
    client.rbac().roleBindings().inNamespace("team-a").resource(new RoleBindingBuilder().withNewMetadata()
        .withName("dev-lifeboat-user").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role").withName("lifeboat-user").endRoleRef().addNewSubject().withKind("ServiceAccount")
        .withName("dev").withNamespace("team-a").endSubject().build()).create();
    Path kubeconfig = tmp.resolve("tenant-kubeconfig");
    SandboxApiServer.writeKubeconfig(kubeconfig, sandbox.server().url(), TENANT, "team-a");
    return kubeconfig.toString();
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(admin, args);
    outputs.add(result.all());
    return result;
  }

  private static void ok(Cli.Result result) {
    assertEquals(0, result.exitCode(), result.all());
  }
}
