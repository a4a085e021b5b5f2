package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Restore;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Objects;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import dev.lifeboat.support.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores with real restic on the sandbox: into a different claim than the backup's, with
 * applications stopped and started, compared checksum by checksum; and a restore that fails in its
 * Job with prune after-failed, which must leave the target as it was and everything released.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreE2E {
  private static final String PASSWORD = "planted-restore-password-" + UUID.randomUUID();
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private final java.util.List<String> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final dev.lifeboat.support.LeakCheck leaks = new dev.lifeboat.support.LeakCheck();
  private String kubeconfig;
  private Path repo;
  private Map<String, String> sourceSums;

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true);
    Owners.requireIsolation();
    // Its data has several owners (Trees): only a privileged mover reads and restores them all.
    Owners.allowPrivilegedMovers(sandbox.client(), "default");
    kubeconfig = sandbox.paths().kubeconfig().toString();
    Path source = tmp.resolve("source");
    Trees.generate(source, 300, 5L << 20, 7);
    sourceSums = Trees.checksums(source);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "a", source);
    Path other = tmp.resolve("other");
    Files.createDirectories(other.resolve("old"));
    Files.writeString(other.resolve("old/stale.txt"), "data that a Replace restore removes");
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "b", other);
    Objects.deployment(sandbox.client(), "default", "api", 3);
    Objects.statefulSet(sandbox.client(), "default", "db", 1);
    Path password = tmp.resolve("password");
    Files.writeString(password, PASSWORD);
    repo = tmp.resolve("restic-repo");
    assertEquals(0, lifeboat("repository", "create", "repo", "--url", "local:" + repo, "--password-file", password.toString(),
        "--wait", "--timeout", "3m").exitCode());
    Cli.Result backup = lifeboat("backup", "create", "bk", "--repository", "repo", "--pvc", "a", "--wait", "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    leaks.close();
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(kubeconfig, args);
    outputs.add(result.all());
    return result;
  }

  private void assertApplicationsBackAndLockFree() {
    assertEquals(3, Objects.replicas(sandbox.client(), "default", "deployment/api"));
    assertEquals(1, Objects.replicas(sandbox.client(), "default", "statefulset/db"));
    String holder = Objects.lockHolder(sandbox.client(), "default", "b");
    assertTrue(holder == null || holder.isEmpty(), "lock held by " + holder);
  }

  @Test
  void restoreIntoAnotherClaimGivesBackExactlyWhatWasBackedUp() throws Exception {
    Cli.Result restore = lifeboat("restore", "create", "r1", "--from-backup", "bk", "--to-pvc", "b",
        "--stop", "deployment/api,statefulset/db", "--wait", "--timeout", "5m");
    assertEquals(0, restore.exitCode(), restore.all());
    assertTrue(restore.out().contains("restore r1 Completed"), restore.out());
    assertEquals(sourceSums, Trees.checksums(sandbox.paths().pvc("default", "b")), "restored claim differs from the source");
    assertApplicationsBackAndLockFree();
    Cli.Result describe = lifeboat("restore", "describe", "r1");
    assertTrue(describe.out().contains("Phase history:"), describe.out());
    assertTrue(describe.out().matches("(?s).*deployment/api\\s+3.*"), describe.out());
    assertTrue(!describe.all().contains(PASSWORD) && !lifeboat("restore", "logs", "r1").all().contains(PASSWORD));

    // A restore that fails in its Job: the snapshot was removed from the repository behind lifeboat's back.
    String snapshot = sandbox.client().resources(Backup.class).inNamespace("default").withName("bk").get().getStatus().snapshotId;
    ProcessBuilder forget = new ProcessBuilder("timeout", "120", "restic", "-r", "local:" + repo, "forget", snapshot, "--prune")
        .redirectErrorStream(true);
    forget.environment().put("RESTIC_PASSWORD", PASSWORD);
    forget.environment().put("RESTIC_CACHE_DIR", tmp.resolve("cache").toString());
    Process p = forget.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);

    // The check Job finds out before anything is stopped: a validation failure, no cleanup needed.
    Cli.Result failing = lifeboat("restore", "create", "r2", "--from-backup", "bk", "--to-pvc", "b",
        "--stop", "deployment/api,statefulset/db", "--prune", "after-failed", "--backoff-limit", "0",
        "--wait", "--timeout", "5m");
    assertEquals(1, failing.exitCode(), failing.all());
    assertTrue(failing.err().contains("validation failed: no snapshot " + snapshot), failing.err());
    Restore r2 = sandbox.client().resources(Restore.class).inNamespace("default").withName("r2").get();
    assertTrue(r2.getStatus().savedReplicas == null || r2.getStatus().savedReplicas.isEmpty(), "nothing was stopped");
    assertEquals(sourceSums, Trees.checksums(sandbox.paths().pvc("default", "b")),
        "a failed restore leaves the target as it was, with no partial output");
    try (Stream<Path> entries = Files.list(sandbox.paths().pvc("default", "b"))) {
      assertTrue(entries.noneMatch(e -> e.getFileName().toString().startsWith(".lifeboat-restore")));
    }
    assertApplicationsBackAndLockFree();
    outputs.add(lifeboat("get", "restores", "-o", "yaml").all());
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }

  /** With every pack gone, even the snapshot's trees are: the check Job fails the restore before anything stops. */
  @Test
  void aRepositoryWithoutAnyPackFilesFailsTheRestoreBeforeAnythingStops() throws Exception {
    Path emptied = tmp.resolve("emptied-repo");
    assertEquals(0, lifeboat("repository", "create", "emptied", "--url", "local:" + emptied, "--password-file",
        tmp.resolve("password").toString(), "--wait", "--timeout", "3m").exitCode());
    assertEquals(0, lifeboat("backup", "create", "bk-emptied", "--repository", "emptied", "--pvc", "a", "--wait",
        "--timeout", "5m").exitCode());
    try (Stream<Path> packs = Files.walk(emptied.resolve("data"))) {
      for (Path pack : packs.filter(Files::isRegularFile).toList()) {
        Files.delete(pack);
      }
    }
    Cli.Result restore = lifeboat("restore", "create", "r-emptied", "--from-backup", "bk-emptied", "--to-pvc", "b",
        "--stop", "deployment/api,statefulset/db", "--wait", "--timeout", "3m");
    assertEquals(1, restore.exitCode(), restore.all());
    assertTrue(restore.err().contains("validation failed: the repository is damaged") && restore.err().contains("is missing"),
        restore.err());
    Restore r = sandbox.client().resources(Restore.class).inNamespace("default").withName("r-emptied").get();
    assertTrue(r.getStatus().savedReplicas == null || r.getStatus().savedReplicas.isEmpty(), "nothing was stopped");
    assertApplicationsBackAndLockFree();
  }

  /**
   * A restore from a snapshot ID alone (no Backup object: a snapshot found in the repository), in
   * Merge mode: what the target had stays, the snapshot's files come beside it, byte for byte.
   */
  /**
   * A restore writes the snapshot beside the claim's data before removing it: a claim without room for both is
   * refused by the check Job, before anything is stopped, with the sizes and the way out.
   */
  @Test
  void aClaimWithoutRoomForTheSnapshotIsRefusedBeforeAnythingStops() throws Exception {
    eightMebibyteClaim("tight");
    Map<String, String> before = Trees.checksums(sandbox.paths().pvc("default", "tight"));

    Cli.Result restore = lifeboat("restore", "create", "too-big", "--from-backup", "bk", "--to-pvc", "tight",
        "--stop", "deployment/api", "--wait", "--timeout", "3m");
    assertEquals(1, restore.exitCode(), restore.all());
    assertTrue(restore.err().contains("the snapshot needs ") && restore.err().contains("of 8.0 MiB)")
        && restore.err().contains("Restore into a new claim of at least"), restore.err());
    assertEquals(3, Objects.replicas(sandbox.client(), "default", "deployment/api"), "nothing was stopped");
    assertEquals(before, Trees.checksums(sandbox.paths().pvc("default", "tight")), "nothing was written");
    assertApplicationsBackAndLockFree();
  }

  /** A claim holding one small file, whose capacity (status, as provisioned) is 8 MiB: too small for the snapshot. */
  private void eightMebibyteClaim(String name) throws Exception {
    eightMebibyteClaim(name, SandboxPvcs.AccessMode.RWO);
  }

  private void eightMebibyteClaim(String name, SandboxPvcs.AccessMode mode) throws Exception {
    Path small = tmp.resolve(name + "-data");
    Files.createDirectories(small);
    Files.writeString(small.resolve("keep.txt"), "the claim's own data\n");
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", name, small, Map.of(), mode, null);
    var pvc = sandbox.client().persistentVolumeClaims().inNamespace("default").withName(name).get();
    pvc.getStatus().getCapacity().put("storage", new io.fabric8.kubernetes.api.model.Quantity("8Mi"));
    sandbox.client().persistentVolumeClaims().inNamespace("default").resource(pvc).updateStatus();
  }

  /**
   * A claim in use (its pods may run on another node, where the check Job could not attach it) is measured by the
   * restore Job once the users are stopped, before it writes: the same refusal, the applications started again.
   */
  @Test
  void aClaimInUseWithoutRoomIsRefusedByTheRestoreJobBeforeItWrites() throws Exception {
    // Two replicas on three nodes: ReadWriteMany, as such an application needs.
    eightMebibyteClaim("tight-in-use", SandboxPvcs.AccessMode.RWX);
    sandbox.client().apps().deployments().inNamespace("default").resource(
        new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("writer")
            .withNamespace("default").endMetadata().withNewSpec().withReplicas(2).withNewSelector()
            .addToMatchLabels("app", "writer").endSelector().withNewTemplate().withNewMetadata()
            .addToLabels("app", "writer").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("w")
            .endContainer().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("tight-in-use")
            .endPersistentVolumeClaim().endVolume().endSpec().endTemplate().endSpec().build()).create();
    Map<String, String> before = Trees.checksums(sandbox.paths().pvc("default", "tight-in-use"));

    Cli.Result restore = lifeboat("restore", "create", "too-big-in-use", "--from-backup", "bk", "--to-pvc",
        "tight-in-use", "--stop-users", "--wait", "--timeout", "3m");
    assertEquals(1, restore.exitCode(), restore.all());
    assertTrue(restore.err().contains("the snapshot needs ") && restore.err().contains("(nothing was written)"),
        restore.err());
    assertEquals(2, Objects.replicas(sandbox.client(), "default", "deployment/writer"), "started again");
    assertEquals(before, Trees.checksums(sandbox.paths().pvc("default", "tight-in-use")), "nothing was written");
  }

  @Test
  void aMergeRestoreFromASnapshotIdKeepsWhatWasThere() throws Exception {
    // Its own backup: another test of this class removes the snapshot of "bk" from the repository.
    Cli.Result backup = lifeboat("backup", "create", "bk-merge", "--repository", "repo", "--pvc", "a", "--wait", "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());
    String snapshot = sandbox.client().resources(Backup.class).inNamespace("default").withName("bk-merge").get()
        .getStatus().snapshotId;
    Path merged = tmp.resolve("merge-target");
    Files.createDirectories(merged.resolve("keep"));
    Files.writeString(merged.resolve("keep/local-only.txt"), "stays after a merge\n");
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "m", merged);
    Map<String, String> before = Trees.checksums(sandbox.paths().pvc("default", "m"));

    Cli.Result restore = lifeboat("restore", "create", "r-merge", "--from-snapshot", "repo/" + snapshot.substring(0, 12),
        "--to-pvc", "m", "--mode", "merge", "--wait", "--timeout", "3m");
    assertEquals(0, restore.exitCode(), restore.all());
    Restore r = sandbox.client().resources(Restore.class).inNamespace("default").withName("r-merge").get();
    assertEquals(snapshot, r.getStatus().snapshotId, "the check Job resolved the short ID to the full one");
    Map<String, String> expected = new java.util.TreeMap<>(sourceSums);
    expected.putAll(before);
    assertEquals(expected, new java.util.TreeMap<>(Trees.checksums(sandbox.paths().pvc("default", "m"))),
        "the target holds the snapshot and what it had before");
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }

  /**
   * A repository whose pack files are gone: restic 0.14 would retry each missing pack for minutes.
   * The restore must fail fast with restic's own words, clean up, start the applications again,
   * free the lock, and leave the target exactly as it was.
   */
  @Test
  void aRestoreFromARepositoryWithoutItsPackFilesFailsFastAndCleansUp() throws Exception {
    Path damagedRepo = tmp.resolve("damaged-repo");
    Path password = tmp.resolve("password");
    assertEquals(0, lifeboat("repository", "create", "damaged", "--url", "local:" + damagedRepo, "--password-file",
        password.toString(), "--wait", "--timeout", "3m").exitCode());
    Cli.Result backup = lifeboat("backup", "create", "bk-damaged", "--repository", "damaged", "--pvc", "a", "--wait",
        "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());
    // Only packs of file contents go: the check Job (which reads the snapshot's trees) passes, and the damage is met
    // by the restore Job itself, after the applications were stopped.
    List<Path> dataPacks = new ResticRepo(damagedRepo, PASSWORD, tmp.resolve("cache-damaged")).dataOnlyPacks();
    assertTrue(!dataPacks.isEmpty(), "the backup wrote pack files of data");
    for (Path pack : dataPacks) {
      Files.delete(pack);
    }
    Map<String, String> targetBefore = Trees.checksums(sandbox.paths().pvc("default", "b"));

    // The default backoffLimit (2): a damaged repository must not be tried three times.
    Cli.Result restore = lifeboat("restore", "create", "r-damaged", "--from-backup", "bk-damaged", "--to-pvc", "b",
        "--stop", "deployment/api,statefulset/db", "--prune", "after-failed", "--wait", "--timeout", "3m");

    assertEquals(6, restore.exitCode(), "failed, cleaned up (PruneComplete): " + restore.all());
    Restore r = sandbox.client().resources(Restore.class).inNamespace("default").withName("r-damaged").get();
    String failure = String.valueOf(r.getStatus().failure) + " " + r.getStatus().message;
    assertTrue(failure.contains("is missing"), "restic's reason, not a deadline: " + failure);
    assertTrue(!failure.contains("DeadlineExceeded"), failure);
    assertTrue(failure.contains("after 1 attempt(s)"), "no retry of a damaged repository: " + failure);
    assertEquals(targetBefore, Trees.checksums(sandbox.paths().pvc("default", "b")), "the target is untouched");
    assertApplicationsBackAndLockFree();
    outputs.add(lifeboat("get", "restores", "-o", "yaml").all());
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }
}
