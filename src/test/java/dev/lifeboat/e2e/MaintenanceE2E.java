package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import dev.lifeboat.kinds.Kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.HeldLock;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import dev.lifeboat.api.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.ArrayList;
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
 * Repository maintenance with real restic and real damage: a check that finds a deleted pack file,
 * a prune that reclaims the space of deleted Backups, a verify that notices a snapshot forgotten by
 * hand, stale locks of dead "pods" (restic processes with their own hostname, killed) removed while
 * a live one stays, and deletionPolicy Delete removing the data folder. One sandbox for the class;
 * the controller runs 10 minutes ahead (an injected clock), so locks taken now are as old as restic's
 * refresh interval to it: no test waits for real minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaintenanceE2E {
  private static final String PASSWORD = "planted-password-" + UUID.randomUUID();

  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private WatchController controller;
  private String kubeconfig;
  private Path passwordFile;
  private final List<String> outputs = new ArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, false);
    Owners.requireIsolation();
    // Its data has several owners (Trees): only a privileged mover reads and restores them all.
    Owners.allowPrivilegedMovers(sandbox.client(), "default");
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
    controller = new WatchController(Kinds.reconcilers(), sandbox.client(), null, new KubeApiWriter(sandbox.client(), ahead),
        new JobFactory(JobSettings.defaults()), ahead, 2);
    controller.start();
    kubeconfig = sandbox.paths().kubeconfig().toString();
    passwordFile = tmp.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    Path small = tmp.resolve("small");
    Trees.generate(small, 40, 1L << 20, 7);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "small", small);
    Path big = tmp.resolve("big");
    Files.createDirectories(big);
    byte[] noise = new byte[6 << 20];
    new java.util.Random(11).nextBytes(noise);
    Files.write(big.resolve("noise.bin"), noise);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "big", big);
  }

  @AfterAll
  void stop() throws Exception {
    if (controller != null) {
      controller.close();
    }
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

  private Path repository(String name, String... extra) {
    Path path = tmp.resolve("repo-" + name);
    List<String> args = new ArrayList<>(List.of("repository", "create", name, "--url", "local:" + path,
        "--password-file", passwordFile.toString(), "--wait", "--timeout", "3m"));
    args.addAll(List.of(extra));
    Cli.Result created = lifeboat(args.toArray(String[]::new));
    assertEquals(0, created.exitCode(), created.all());
    return path;
  }

  private void backup(String name, String repository, String pvc, String... extra) {
    List<String> args = new ArrayList<>(List.of("backup", "create", name, "--repository", repository, "--pvc", pvc,
        "--wait", "--timeout", "3m"));
    args.addAll(List.of(extra));
    Cli.Result done = lifeboat(args.toArray(String[]::new));
    assertEquals(0, done.exitCode(), done.all());
  }

  private Repository repositoryObject(String name) {
    return sandbox.client().resources(Repository.class).inNamespace("default").withName(name).get();
  }

  private ResticRepo restic(Path path) {
    return new ResticRepo(path, PASSWORD, tmp.resolve("restic-cache"));
  }

  @Test
  void aCheckFindsAPackFileDeletedBehindResticsBack() throws Exception {
    Path path = repository("checked");
    backup("checked-1", "checked", "small");
    Cli.Result clean = lifeboat("repository", "check", "checked", "--wait", "--read-data-subset", "50%");
    assertEquals(0, clean.exitCode(), clean.all());
    assertTrue(clean.out().contains("no errors were found"), clean.out());
    Repository healthy = repositoryObject("checked");
    assertEquals("True", Conditions.find(healthy.getStatus().conditions, Conditions.HEALTHY).getStatus());
    assertTrue(healthy.getStatus().sizeBytes > 1_000_000, "size from restic stats: " + healthy.getStatus().sizeBytes);

    try (Stream<Path> packs = Files.walk(path.resolve("data"))) {
      Files.delete(packs.filter(Files::isRegularFile).findFirst().orElseThrow());
    }
    Cli.Result damaged = lifeboat("repository", "check", "checked", "--wait");
    assertEquals(1, damaged.exitCode(), damaged.all());
    Repository unhealthy = repositoryObject("checked");
    var condition = Conditions.find(unhealthy.getStatus().conditions, Conditions.HEALTHY);
    assertEquals("False", condition.getStatus());
    assertTrue(condition.getMessage().contains("missing") || condition.getMessage().contains("does not exist"),
        "restic's words: " + condition.getMessage());
    assertTrue(damaged.err().contains(condition.getMessage()), damaged.err());
    Cli.Result table = lifeboat("repository", "get", "checked");
    assertTrue(table.out().lines().anyMatch(l -> l.startsWith("checked") && l.contains("False")), table.out());
    assertTrue(events("checked").contains("CheckFailed"), events("checked"));
  }

  @Test
  void aPruneReclaimsTheSpaceOfDeletedBackups() throws Exception {
    Path path = repository("pruned");
    backup("pruned-big", "pruned", "big", "--deletion-policy", "delete");
    backup("pruned-small", "pruned", "small");
    Cli.Result first = lifeboat("repository", "prune", "pruned", "--wait");
    assertEquals(0, first.exitCode(), first.all());
    long full = repositoryObject("pruned").getStatus().sizeBytes;
    assertTrue(full > 6_000_000, "both claims' data: " + full);

    assertEquals(0, lifeboat("backup", "delete", "pruned-big").exitCode());
    Eventually.await(Duration.ofMinutes(2), "the deleted Backup's snapshot is forgotten and the object gone",
        () -> sandbox.client().resources(Backup.class).inNamespace("default").withName("pruned-big").get() == null);
    Cli.Result pruned = lifeboat("repository", "prune", "pruned", "--wait", "--max-unused", "0%");
    assertEquals(0, pruned.exitCode(), pruned.all());
    var entry = repositoryObject("pruned").getStatus().find(MaintenanceTask.prune);
    assertTrue(entry.sizeAfter < entry.sizeBefore - 5_000_000, entry.sizeBefore + " -> " + entry.sizeAfter);
    assertEquals(entry.sizeAfter, repositoryObject("pruned").getStatus().sizeBytes);
    assertTrue(pruned.out().contains("reclaimed"), pruned.out());
    assertEquals(1, restic(path).run("snapshots", "--json").split("\"short_id\"").length - 1, "one snapshot left");
  }

  @Test
  void aVerifyMarksABackupWhoseSnapshotWasForgottenByHand() throws Exception {
    Path path = repository("verified");
    backup("kept", "verified", "small");
    backup("forgotten", "verified", "small");
    String snapshot = sandbox.client().resources(Backup.class).inNamespace("default").withName("forgotten").get()
        .getStatus().snapshotId;
    restic(path).run("forget", snapshot);
    restic(path).run("backup", "--host", "default", "--tag", "by-hand", tmp.resolve("small").toString());
    // Another namespace's (restic host): not this namespace's Repository's to see (docs/tenancy.md).
    restic(path).run("backup", "--host", "elsewhere", "--tag", "not-ours", tmp.resolve("small").toString());

    Cli.Result verified = lifeboat("repository", "verify", "verified", "--wait");
    assertEquals(0, verified.exitCode(), verified.all());
    Backup missing = sandbox.client().resources(Backup.class).inNamespace("default").withName("forgotten").get();
    assertEquals("True", Conditions.find(missing.getStatus().conditions, Conditions.SNAPSHOT_MISSING).getStatus());
    assertEquals("False", Conditions.find(missing.getStatus().conditions, Conditions.READY).getStatus());
    assertEquals("Ready", String.valueOf(missing.getStatus().phase), "the phase stays: the backup did succeed");
    Backup kept = sandbox.client().resources(Backup.class).inNamespace("default").withName("kept").get();
    assertNull(Conditions.find(kept.getStatus().conditions, Conditions.SNAPSHOT_MISSING));
    Repository r = repositoryObject("verified");
    assertEquals(2, r.getStatus().snapshots);
    assertEquals(1, r.getStatus().unclaimedSnapshots);
    assertEquals(1, r.getStatus().missingSnapshots);

    Cli.Result describe = lifeboat("repository", "describe", "verified");
    assertTrue(describe.out().contains("Unclaimed snapshots (1"), describe.out());
    assertTrue(describe.out().contains("by-hand"), describe.out());
    assertTrue(!describe.out().contains("elsewhere") && !describe.out().contains("not-ours"), describe.out());
    Cli.Result listed = lifeboat("repository", "snapshots", "verified", "--no-refresh", "-o", "json");
    assertEquals(0, listed.exitCode(), listed.all());
    JsonNode rows = new ObjectMapper().readTree(listed.out());
    assertEquals(2, rows.size());
    List<String> claimedBy = new ArrayList<>();
    rows.forEach(row -> claimedBy.add(row.path("backup").isNull() ? "<none>" : row.path("backup").asText()));
    assertTrue(claimedBy.contains("default/kept") && claimedBy.contains("<none>"), claimedBy.toString());
    assertTrue(events("verified").contains("SnapshotsMissing"), events("verified"));
  }

  @Test
  void staleLocksOfEndedJobsPodsGoWhileLiveAndUnknownHoldersStay() throws Exception {
    Path path = repository("locked");
    backup("locked-1", "locked", "small");
    ResticRepo repo = restic(path);
    sandbox.client().pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("live-pod")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "lifeboat")).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("lifeboat").endContainer().endSpec().build()).create();
    // A Job of the repository that ended: its pod's lock is nobody's. A laptop's lock is nobody lifeboat can see.
    sandbox.client().batch().v1().jobs().inNamespace("default").resource(new JobBuilder().withNewMetadata()
        .withName("ended").withLabels(Map.of(Labels.REPOSITORY, "locked", Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c")
        .withImage("busybox").withCommand("true").endContainer().endSpec().endTemplate().endSpec().build()).create();
    Eventually.await(Duration.ofSeconds(30), "Job ended succeeds", () -> {
      var job = sandbox.client().batch().v1().jobs().inNamespace("default").withName("ended").get();
      return job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() == 1;
    });
    try (HeldLock live = HeldLock.take(repo, path, PASSWORD, "live-pod");
         HeldLock dead = HeldLock.take(repo, path, PASSWORD, "ended-x7k2p");
         HeldLock laptop = HeldLock.take(repo, path, PASSWORD, "laptop")) {
      dead.kill();
      laptop.kill();
      assertEquals(3, HeldLock.locks(repo).size());
      Cli.Result unlocked = lifeboat("repository", "unlock", "locked", "--wait");
      assertEquals(0, unlocked.exitCode(), unlocked.all());
      List<String> hosts = new ArrayList<>();
      for (String id : HeldLock.locks(repo)) {
        hosts.add(repo.run("cat", "lock", id, "--no-lock"));
      }
      assertEquals(2, hosts.size(), "the ended Job's pod's lock went: " + unlocked.out());
      assertTrue(hosts.stream().anyMatch(h -> h.contains("\"live-pod\"")), hosts.toString());
      assertTrue(hosts.stream().anyMatch(h -> h.contains("\"laptop\"")),
          "a holder lifeboat cannot see keeps its lock until restic calls it stale (30 min): " + hosts);
      assertTrue(unlocked.out().contains("kept 2 lock"), unlocked.out());
      assertTrue(unlocked.out().contains("cannot see (laptop)"), unlocked.out());
    } finally {
      sandbox.client().batch().v1().jobs().inNamespace("default").withName("ended").delete();
    }
  }

  @Test
  void deletionPolicyDeleteRemovesTheDataFolderButNotWhileInUse() throws Exception {
    Path path = repository("doomed", "--deletion-policy", "delete");
    backup("doomed-1", "doomed", "small");
    assertTrue(Files.exists(path.resolve("config")));
    Cli.Result refused = lifeboat("repository", "delete", "doomed");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("Backup doomed-1") && refused.err().contains("--force"), refused.err());
    assertNotNull(repositoryObject("doomed"), "nothing changed");

    Cli.Result forced = lifeboat("repository", "delete", "doomed", "--force");
    assertEquals(0, forced.exitCode(), forced.all());
    Eventually.await(Duration.ofMinutes(2), "the data Job removes the folder and the Repository goes",
        () -> repositoryObject("doomed") == null);
    assertFalse(Files.exists(path), "the repository folder is gone");
  }

  /**
   * deletionPolicy Delete removes only its namespace's data: snapshots another host (namespace, or cluster) wrote
   * to the same URL stay, and so does the repository folder that holds them.
   */
  @Test
  void deletionPolicyDeleteForgetsOnlyItsOwnNamespacesSnapshots() throws Exception {
    Path path = repository("mixed", "--deletion-policy", "delete");
    backup("mixed-1", "mixed", "small");
    ResticRepo repo = restic(path);
    Path foreign = tmp.resolve("foreign-data");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("ledger.txt"), "team-b's books\n");
    repo.run("backup", "--host", "team-b", "--tag", "pvc=ledger", foreign.toString());
    assertEquals(1, repo.snapshots("pvc=ledger").size());
    assertEquals(1, repo.snapshots("backup=mixed-1").size());

    Cli.Result deleted = lifeboat("repository", "delete", "mixed", "--force");
    assertEquals(0, deleted.exitCode(), deleted.all());
    Eventually.await(Duration.ofMinutes(2), "the data Job ends and the Repository goes",
        () -> repositoryObject("mixed") == null);
    assertTrue(Files.exists(path.resolve("config")), "the repository stays: it holds team-b's snapshot");
    assertEquals(1, repo.snapshots("pvc=ledger").size(), "team-b's snapshot stays");
    assertEquals(0, repo.snapshots("backup=mixed-1").size(), "this namespace's snapshot is forgotten");
    assertEquals("team-b's books\n", new String(repo.dump(repo.snapshots("pvc=ledger").get(0).get("id").asText(),
        foreign.resolve("ledger.txt").toString()), java.nio.charset.StandardCharsets.UTF_8), "and still restores");
  }

  /**
   * Key rotation: the new key is added and tried, the Secret changes only then, the old key goes; backups go on with
   * the new password and the old one opens nothing. The key the Secret holds cannot be removed.
   */
  @Test
  void aRotatedKeyReplacesThePasswordWithoutAMomentOfAnUnknownKey() throws Exception {
    Path path = repository("keyed");
    backup("keyed-1", "keyed", "small");
    Cli.Result list = lifeboat("repository", "key", "list", "keyed");
    assertEquals(0, list.exitCode(), list.all());
    assertEquals(1, list.out().lines().filter(l -> l.contains("(current")).count(), list.out());
    String oldKey = list.out().lines().filter(l -> l.contains("(current")).findFirst().orElseThrow().split(" ")[0];

    Cli.Result refused = lifeboat("repository", "key", "remove", "keyed", oldKey);
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("rotate instead"), refused.err());

    String newPassword = "rotated-" + UUID.randomUUID();
    Path newPasswordFile = tmp.resolve("new-password");
    Files.writeString(newPasswordFile, newPassword + "\n");
    Cli.Result rotate = lifeboat("repository", "key", "rotate", "keyed", "--password-file", newPasswordFile.toString());
    assertEquals(0, rotate.exitCode(), rotate.all());
    assertTrue(rotate.out().contains("removed the old key " + oldKey), rotate.out());
    String stored = new String(java.util.Base64.getDecoder().decode(sandbox.client().secrets().inNamespace("default")
        .withName("keyed-restic").get().getData().get("password")), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(newPassword, stored.strip(), "the Secret holds the new password");
    assertEquals(0, sandbox.client().secrets().inNamespace("default").list().getItems().stream()
        .filter(s -> s.getMetadata().getName().contains("-new-key-")).count(), "the new password's own Secret is gone");

    backup("keyed-2", "keyed", "small"); // a Job with the new password
    ResticRepo withNew = new ResticRepo(path, newPassword, tmp.resolve("restic-cache-new"));
    assertEquals(2, withNew.snapshots("pvc=small").size(), "both snapshots open with the new password");
    ProcessBuilder oldKeyTry = new ProcessBuilder("timeout", "60", "restic", "-r", "local:" + path, "cat", "config")
        .redirectErrorStream(true);
    oldKeyTry.environment().put("RESTIC_PASSWORD", PASSWORD);
    oldKeyTry.environment().put("RESTIC_CACHE_DIR", tmp.resolve("restic-cache-old").toString());
    Process tried = oldKeyTry.start();
    String said = new String(tried.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(tried.waitFor() != 0 && said.contains("wrong password"), "the old password opens nothing: " + said);
    outputs.add(list.all());
    outputs.add(rotate.all());
    leaks.assertNoneContains(sandbox, outputs, newPassword);
  }

  @Test
  void badMaintenanceInputChangesNothing() throws Exception {
    repository("strict");
    Cli.Result subset = lifeboat("repository", "check", "strict", "--read-data-subset", "150%");
    assertEquals(2, subset.exitCode(), subset.all());
    assertTrue(subset.err().contains("--read-data-subset '150%'"), subset.err());
    assertNull(repositoryObject("strict").getMetadata().getAnnotations() == null ? null
        : repositoryObject("strict").getMetadata().getAnnotations().get("lifeboat.dev/request-check"));
    Cli.Result unknown = lifeboat("repository", "defrag", "strict");
    assertEquals(2, unknown.exitCode(), unknown.all());
    Cli.Result removeAll = lifeboat("repository", "unlock", "strict", "--remove-all");
    assertEquals(2, removeAll.exitCode(), removeAll.all());
    assertTrue(removeAll.err().contains("--force"), removeAll.err());

    Cli.Result never = lifeboat("repository", "create", "absent", "--url", "local:" + tmp.resolve("nothing-here"),
        "--password-file", passwordFile.toString(), "--init", "never", "--wait", "--timeout", "2m");
    assertEquals(1, never.exitCode(), never.all());
    Cli.Result importing = lifeboat("repository", "import", "absent");
    assertEquals(2, importing.exitCode(), importing.all());
    assertTrue(importing.err().contains("Repository absent is Failed") && importing.err().contains("Ready"), importing.err());
    assertEquals(0, sandbox.client().resources(Backup.class).inNamespace("default").list().getItems().stream()
        .filter(b -> b.getSpec().wasImported()).count());
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }

  private String events(String repository) {
    return sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> repository.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason() + ": " + e.getMessage()).reduce("", (a, b) -> a + "\n" + b);
  }
}
