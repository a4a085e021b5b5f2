package dev.lifeboat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.Owners;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's whole story on the sandbox, which runs every pod as its securityContext says: a claim whose files belong
 * to uid 999 (a 0700 folder of 0600 files), to uid 1000 and to root, mounted by an application running as 999.
 * <ul>
 *   <li>where the namespace allows privileged movers, a backup reads every file and changes none, and a restore into a
 *       new claim gives every file back its owner and mode, which the application (as 999) then reads and writes;</li>
 *   <li>where it does not, the mover is the application's user: the backup is Incomplete, says which files it could
 *       not read, and exits 1 unless --allow-incomplete; a privileged mover asked for is refused before anything is
 *       created;</li>
 *   <li>where Pod Security enforces restricted, the privileged mover's pod is refused in the admission's words;</li>
 *   <li>two claims of one namespace backed up in turn: each incremental backup's parent is its own claim's.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnersE2E {
  private static final String PASSWORD = "planted-owners-password-" + UUID.randomUUID();
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private KubernetesClient client;
  private String kubeconfig;
  private Path source;
  private final List<String> outputs = new CopyOnWriteArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true);
    Owners.requireIsolation();
    client = sandbox.client();
    kubeconfig = sandbox.paths().kubeconfig().toString();
    source = tmp.resolve("source");
    Trees.generate(source, 40, 1 << 16, 22);
    Path password = tmp.resolve("password");
    Files.writeString(password, PASSWORD);
    namespace("owners", true, null);
    namespace("plain", false, null);
    namespace("locked", true, "restricted");
    for (String ns : List.of("owners", "plain", "locked")) {
      SandboxPvcs.create(client, sandbox.paths(), ns, "db", source);
      application(ns);
      ok(lifeboat("repository", "create", "repo", "-n", ns, "--url", "local:" + tmp.resolve("repo-" + ns),
          "--password-file", password.toString(), "--wait", "--timeout", "2m"));
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (sandbox != null) {
        leaks.assertNoneContains(sandbox, outputs, PASSWORD);
        sandbox.close();
      }
    } finally {
      leaks.close();
    }
  }

  @Test
  void aPrivilegedMoverReadsEveryFileChangesNoneAndGivesEveryFileBackToItsOwner() throws Exception {
    Map<String, String> before = Trees.checksums(sandbox.paths().pvc("owners", "db"));
    assertTrue(before.get("pgdata/base/16384").endsWith(" 999:999"), "the test's data has owners: " + before);

    Cli.Result backup = lifeboat("backup", "create", "full", "-n", "owners", "--repository", "repo", "--pvc", "db",
        "--wait", "--timeout", "3m");
    ok(backup);
    assertTrue(!backup.err().contains("incomplete"), backup.err());
    Backup full = backup("owners", "full");
    assertNull(full.getStatus().incomplete);
    assertTrue(full.getStatus().mover.startsWith("privileged: root with only DAC_READ_SEARCH"), full.getStatus().mover);
    assertEquals(before, Trees.checksums(sandbox.paths().pvc("owners", "db")),
        "a backup changes no owner, group or mode of what it reads");

    SandboxPvcs.create(client, sandbox.paths(), "owners", "db-copy", null);
    Cli.Result restore = lifeboat("restore", "create", "back", "-n", "owners", "--from-backup", "full",
        "--to-pvc", "db-copy", "--wait", "--timeout", "3m");
    ok(restore);
    assertEquals(before, Trees.checksums(sandbox.paths().pvc("owners", "db-copy")),
        "every file back with its content, owner, group, mode and time");
    Restore back = client.resources(Restore.class).inNamespace("owners").withName("back").get();
    assertTrue(back.getStatus().mover.contains("CHOWN, DAC_OVERRIDE, FOWNER, FSETID"), back.getStatus().mover);
    assertTrue(lifeboat("restore", "logs", "back", "-n", "owners").all().contains("owners, groups and modes given back"));

    // The application, as uid 999, opens its restored files and writes beside them.
    runAs999("owners", "db-copy", "cat /var/lib/app/pgdata/base/16384 && echo more >> /var/lib/app/pgdata/base/16384"
        + " && touch /var/lib/app/pgdata/base/16385");
    assertTrue(Files.readString(sandbox.paths().pvc("owners", "db-copy").resolve("pgdata/base/16384")).endsWith("more\n"));
  }

  @Test
  void anUnprivilegedMoverIsTheApplicationsUserAndAnIncompleteBackupSaysWhatItMissed() throws Exception {
    Map<String, String> before = Trees.checksums(sandbox.paths().pvc("plain", "db"));
    Cli.Result refused = lifeboat("backup", "create", "root", "-n", "plain", "--repository", "repo", "--pvc", "db",
        "--run-as", "privileged");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("kubectl annotate namespace plain lifeboat.dev/privileged-movers=true"),
        refused.err());
    assertNull(backup("plain", "root"), "nothing created");

    Cli.Result partial = lifeboat("backup", "create", "partial", "-n", "plain", "--repository", "repo", "--pvc", "db",
        "--wait", "--timeout", "3m");
    assertEquals(1, partial.exitCode(), "an incomplete backup is no protection: " + partial.all());
    assertTrue(partial.err().contains("could not read") && partial.err().contains("owned-by-1000.txt"), partial.err());
    Backup b = backup("plain", "partial");
    assertEquals(BackupPhase.Ready, b.getStatus().phase);
    assertEquals(Boolean.TRUE, b.getStatus().incomplete);
    assertTrue(b.getStatus().summary.unreadable >= 2, "owned-by-1000.txt and run.sh (root's, 0750): " + b.getStatus().summary.unreadable);
    assertTrue(b.getStatus().mover.contains("uid 999") && b.getStatus().mover.contains("deployment/app"),
        b.getStatus().mover);
    assertTrue(b.getStatus().conditions.stream().anyMatch(c -> c.getType().equals("Incomplete")
        && c.getMessage().contains("owned-by-1000.txt")), "the condition names the files: " + b.getStatus().conditions);

    Cli.Result accepted = lifeboat("backup", "create", "partial-ok", "-n", "plain", "--repository", "repo", "--pvc",
        "db", "--wait", "--timeout", "3m", "--allow-incomplete");
    ok(accepted);
    assertTrue(accepted.err().startsWith("warning: the snapshot is incomplete"), accepted.err());
    assertEquals(before, Trees.checksums(sandbox.paths().pvc("plain", "db")), "the source is unchanged");
  }

  @Test
  void aRestrictedNamespaceRefusesAPrivilegedMoverInTheAdmissionsWords() {
    Cli.Result refused = lifeboat("backup", "create", "b", "-n", "locked", "--repository", "repo", "--pvc", "db",
        "--wait", "--timeout", "2m");
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("violates PodSecurity \"restricted:latest\""), refused.err());
    assertTrue(refused.err().contains("runAsNonRoot"), refused.err());
  }

  @Test
  void eachClaimsIncrementalBackupReadsOnlyWhatChangedInItsOwnClaim() throws Exception {
    for (String claim : List.of("one", "two")) {
      Path data = tmp.resolve("claim-" + claim);
      Trees.generate(data, 30, 1 << 14, claim.hashCode());
      SandboxPvcs.create(client, sandbox.paths(), "owners", claim, data);
    }
    for (String run : List.of("1", "2")) {
      if (run.equals("2")) {
        Files.writeString(sandbox.paths().pvc("owners", "one").resolve("a/b/c/f1.txt"), "changed\n");
      }
      for (String claim : List.of("one", "two")) {
        ok(lifeboat("backup", "create", claim + "-" + run, "-n", "owners", "--repository", "repo", "--pvc", claim,
            "--wait", "--timeout", "3m"));
      }
    }
    var one = backup("owners", "one-2").getStatus().summary;
    var two = backup("owners", "two-2").getStatus().summary;
    assertEquals(0L, one.filesNew, "its parent is one-1, not two-1");
    assertEquals(1L, one.filesChanged);
    assertEquals(one.totalFilesProcessed - 1, one.filesUnmodified);
    assertEquals(0L, two.filesNew + two.filesChanged, "its parent is two-1, not one-2");
    assertEquals(two.totalFilesProcessed, two.filesUnmodified);
    assertNotEquals(backup("owners", "one-1").getStatus().snapshotId, backup("owners", "two-1").getStatus().snapshotId);
  }

  private void namespace(String name, boolean privilegedMovers, String podSecurity) {
    var builder = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata();
    if (podSecurity != null) {
      builder.editMetadata().addToLabels("pod-security.kubernetes.io/enforce", podSecurity).endMetadata();
    }
    client.namespaces().resource(builder.build()).create();
    if (privilegedMovers) {
      Owners.allowPrivilegedMovers(client, name);
    }
  }

  /** The application that owns the claim: it runs as uid 999 and mounts it. */
  private void application(String ns) {
    client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
        .withNewMetadata().withName("app").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "db").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
            .withNewSpec()
              .withNewSecurityContext().withRunAsUser(999L).withRunAsGroup(999L).endSecurityContext()
              .addNewContainer().withName("db").withImage("postgres:16")
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
              .endContainer()
              .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("db").endPersistentVolumeClaim()
              .endVolume()
            .endSpec()
          .endTemplate()
        .endSpec().build()).create();
  }

  /** A Job that runs {@code script} as uid 999 with the claim at /var/lib/app, to its end; fails the test if it fails. */
  private void runAs999(String ns, String claim, String script) {
    String name = "as-999-" + UUID.randomUUID().toString().substring(0, 6);
    client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
          .withNewSecurityContext().withRunAsUser(999L).withRunAsGroup(999L).endSecurityContext()
          .addNewContainer().withName("app").withImage("postgres:16").withCommand("sh", "-c", script)
            .addNewVolumeMount().withName("data").withMountPath("/var/lib/app").endVolumeMount()
          .endContainer()
          .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim()
          .endVolume()
        .endSpec().endTemplate().endSpec().build()).create();
    Eventually.await(Duration.ofMinutes(1), "Job " + name + " ends", () -> {
      Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
      return job.getStatus() != null && job.getStatus().getConditions() != null && !job.getStatus().getConditions().isEmpty();
    });
    Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    assertTrue(job.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Complete")),
        "the application could not use its restored files: " + job.getStatus().getConditions());
  }

  private Backup backup(String ns, String name) {
    return client.resources(Backup.class).inNamespace(ns).withName(name).get();
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(kubeconfig, args);
    outputs.add(result.all());
    return result;
  }

  private static void ok(Cli.Result result) {
    assertEquals(0, result.exitCode(), result.all());
  }
}
