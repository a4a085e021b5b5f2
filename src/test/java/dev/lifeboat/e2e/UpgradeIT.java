package dev.lifeboat.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.sandbox.LocalProcessExecutor;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxNodes;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade in the middle of work. What the previous release's own CLI and controller left in a cluster when they
 * were replaced (fixtures from the tagged build, made by {@code scripts/upgrade-fixtures.sh}: a Ready Repository, a
 * Ready Backup, and a Backup whose Job was still running, with the restic repository as it was) is loaded into a new
 * sandbox as it was stored, and this build's controller, started on it, must finish the work with no manual step: the
 * Backup in flight ends Ready with the bytes its command wrote, through the Job the old controller created (no second
 * Job, no second snapshot); what was finished stays as it was; and the old Repository takes new backups.
 */
class UpgradeIT {
  /** The release before this one (a git tag); its fixtures are under src/test/resources/upgrade/. */
  private static final String PREVIOUS = "v0.1.0-alpha.1";
  /** Where the old build's repository was (FIXTURE): the one thing rewritten, as a path of this machine. */
  private static final String FIXTURE_REPO_PATH = "/tmp/lifeboat-upgrade-fixture/repo";
  private static final String PASSWORD = "upgrade-fixture-password";
  private static final String NS = "upgrade";
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir
  Path tmp;

  @Test
  void whatThePreviousReleaseLeftInFlightIsFinishedByThisController() throws Exception {
    RealTools.requireRestic();
    Path repoDir = tmp.resolve("repo");
    copyTree(Path.of("src/test/resources/upgrade", PREVIOUS, "restic-repo"), repoDir);
    ResticRepo restic = new ResticRepo(repoDir, PASSWORD, tmp.resolve("cache"));
    List<GenericKubernetesResource> previous = fixtures(repoDir);
    String doneSnapshot = status(previous, "Backup", "done").get("snapshotId").toString();

    SandboxPaths paths = new SandboxPaths(Files.createDirectories(tmp.resolve("sandbox")));
    try (SandboxApiServer server = SandboxApiServer.start(paths.logs(), 0);
        KubernetesClient client = server.newClient()) {
      server.writeKubeconfig(paths.kubeconfig());
      // The objects are in the API before the cluster's Job controller and scheduler start, as they were in the old
      // cluster: a finished Job is never run again because its status arrived a moment after the Job.
      Map<String, String> uids = new HashMap<>();
      for (GenericKubernetesResource object : ownersFirst(previous)) {
        restore(client, object, uids);
      }
      assertEquals(1, restic.snapshots(null).size(), "the old release's finished backup only");

      Clock clock = Clock.systemUTC();
      try (SandboxCluster cluster = SandboxCluster.start(client, paths, new LocalProcessExecutor(client, paths,
          LocalProcessExecutor.currentJvmCommand()), clock, SandboxNodes.DEFAULT);
          WatchController controller = new WatchController(Kinds.reconcilers(), client, null,
              new KubeApiWriter(client, clock), new JobFactory(JobSettings.defaults()), clock, 2)) {
        controller.start();
        Eventually.await(DEADLINE, "the Backup in flight Ready", () -> {
          Backup b = backup(client, "running");
          assertTrue(b.getStatus().phase != BackupPhase.Failed, "failed: " + b.getStatus().message);
          return b.getStatus().phase == BackupPhase.Ready;
        });
        Backup finished = backup(client, "running");
        assertNotNull(finished.getStatus().snapshotId);
        assertArrayEquals(seq(60000), restic.dump(finished.getStatus().snapshotId, "/stdout"),
            "the snapshot holds exactly what the command wrote");
        assertEquals(List.of("repo-init-g1", "done-backup", "running-backup").stream().sorted().toList(),
            jobsOf(client).stream().filter(j -> !j.endsWith("-verify")).sorted().toList(),
            "the old controller's Job finished the backup: no second one");

        Backup done = backup(client, "done");
        assertEquals(BackupPhase.Ready, done.getStatus().phase);
        assertEquals(doneSnapshot, done.getStatus().snapshotId, "what was finished stays as it was");
        assertEquals(2, restic.snapshots(null).size(), "one snapshot per Backup, none twice");
        for (String oldJob : List.of("repo-init-g1", "done-backup")) {
          assertEquals(List.of(), client.pods().inNamespace(NS).withLabel("job-name", oldJob).list().getItems(),
              "the old release's finished Job " + oldJob + " is not run again");
        }
        Repository repo = client.resources(Repository.class).inNamespace(NS).withName("repo").get();
        assertEquals(RepositoryPhase.Ready, repo.getStatus().phase);

        Path password = tmp.resolve("password");
        Files.writeString(password, PASSWORD);
        Cli.Result after = Cli.against(paths.kubeconfig().toString(), "-n", NS, "backup", "create", "after",
            "--repository", "repo", "--command", "seq 1 1000", "--wait", "--timeout", "3m");
        assertEquals(0, after.exitCode(), after.all());
        assertArrayEquals(seq(1000), restic.dump(backup(client, "after").getStatus().snapshotId, "/stdout"),
            "the old release's Repository takes this build's backups");
        assertTrue(restic.run("check").contains("no errors were found"), "the repository is sound");
      }
    }
  }

  private static final Pattern TIMESTAMP = Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)\"");

  /**
   * The fixture's objects, the repository's path made this machine's, and every time in them moved by as much as
   * the fixture is old: the upgrade happens now, not on the day the fixture was made (a Job's deadline, a
   * Repository's next maintenance and the Jobs' ages stay what they were at that moment).
   */
  private static List<GenericKubernetesResource> fixtures(Path repoDir) throws IOException {
    Path folder = Path.of("src/test/resources/upgrade", PREVIOUS);
    Instant captured = Instant.parse(Files.readAllLines(folder.resolve("FIXTURE")).stream()
        .filter(l -> l.startsWith("captured: ")).findFirst().orElseThrow().substring("captured: ".length()));
    Duration age = Duration.between(captured, Instant.now());
    Matcher time = TIMESTAMP.matcher(Files.readString(folder.resolve("objects.json")));
    String json = time.replaceAll(m -> {
      Instant moved = Instant.parse(m.group(1)).plus(age);
      return Matcher.quoteReplacement("\"" + (m.group(2) == null ? moved.truncatedTo(ChronoUnit.SECONDS) : moved) + "\"");
    }).replace(FIXTURE_REPO_PATH, repoDir.toString());
    KubernetesList list = Serialization.unmarshal(json, KubernetesList.class);
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (var item : list.getItems()) {
      objects.add(Serialization.unmarshal(Serialization.asJson(item), GenericKubernetesResource.class));
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(List<GenericKubernetesResource> objects, String kind, String name) {
    return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .map(o -> (Map<String, Object>) o.getAdditionalProperties().get("status")).findFirst().orElseThrow();
  }

  /** Owners before what they own: the namespace, then lifeboat's kinds, then the rest (Jobs, ConfigMaps). */
  private static List<GenericKubernetesResource> ownersFirst(List<GenericKubernetesResource> objects) {
    List<String> order = List.of("Namespace", "Secret", "Repository", "Backup", "Restore", "Schedule");
    return objects.stream().sorted(java.util.Comparator.comparingInt(o -> {
      int i = order.indexOf(o.getKind());
      return i < 0 ? order.size() : i;
    })).toList();
  }

  /**
   * An object as the old API server stored it: created, then given its status through the status subresource, as
   * the old controller and the Job controller wrote it. A new server gives every object a new uid (as it would to a
   * restore of etcd's objects into another cluster), so owner references are pointed at their owners' new uids;
   * nothing else changes (resourceVersion and managedFields are the server's own).
   */
  private static void restore(KubernetesClient client, GenericKubernetesResource object, Map<String, String> uids) {
    String oldUid = object.getMetadata().getUid();
    object.getMetadata().setResourceVersion(null);
    object.getMetadata().setManagedFields(null);
    object.getMetadata().setUid(null);
    if (object.getMetadata().getOwnerReferences() != null) {
      object.getMetadata().getOwnerReferences().forEach(ref -> ref.setUid(uids.getOrDefault(ref.getUid(), ref.getUid())));
    }
    Object status = object.getAdditionalProperties().remove("status");
    GenericKubernetesResource created = client.resource(object).create();
    uids.put(oldUid, created.getMetadata().getUid());
    if (status != null && !object.getKind().equals("Namespace")) {
      created.getAdditionalProperties().put("status", status);
      client.resource(created).updateStatus();
    }
  }

  private static Backup backup(KubernetesClient client, String name) {
    return client.resources(Backup.class).inNamespace(NS).withName(name).get();
  }

  private static List<String> jobsOf(KubernetesClient client) {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems().stream().map(j -> j.getMetadata().getName())
        .collect(Collectors.toList());
  }

  /** What {@code seq 1 n} writes. */
  private static byte[] seq(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> i + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The repository's files as restic left them: git keeps neither empty folders (restic's {@code locks/} was empty)
   * nor owners and modes, so restic's layout folders are made again and every file and folder is its user's only
   * (0400, 0700), as restic writes them; the sandbox then shares the repository with every Job as it shared the old
   * build's (SharedRepositories).
   */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          try (InputStream in = Files.newInputStream(p)) {
            Files.copy(in, target);
          }
        }
      }
    }
    for (String layout : List.of("data", "index", "keys", "locks", "snapshots")) {
      Files.createDirectories(to.resolve(layout));
    }
    try (Stream<Path> all = Files.walk(to)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwx------" : "r--------"));
      }
    }
  }
}
