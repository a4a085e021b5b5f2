package dev.lifeboat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.CopyMethod;
import dev.lifeboat.api.HookResult;
import dev.lifeboat.api.Labels;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 on the sandbox with real restic: an application that keeps writing two files in a fixed order (a, then b,
 * the same counter), pausing only while a pre hook asks it to. A Snapshot backup whose pre hook pauses it and whose
 * post hook resumes it holds a point in time from the pause (a = b), older than the live claim by then, with restic's
 * snapshot time at the copy; a failing pre hook fails the Backup and its post hook still runs; a Clone backup gives
 * back what it copied; a Schedule's run carries its copy method and hooks. Nothing is left behind: no VolumeSnapshot,
 * no content, no temporary claim, no snapshot data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsistentCopiesE2E {
  private static final String PASSWORD = "planted-copies-password-" + UUID.randomUUID();
  /** The application's own secret, in its container's environment: a hook that prints it must not leak it. */
  private static final String APP_SECRET = "planted-app-token-" + UUID.randomUUID();
  private static final String NS = "shop";
  private static final String API = "snapshot.storage.k8s.io/v1";
  /**
   * The pre hook: ask the writer to pause (a token of this run in /data/.pause), and wait (at most 10 s) until it says
   * it has paused for this very token (a previous pause's answer may still be there).
   */
  private static final String PAUSE = "deployment/writer:t=$$-$(date +%s%N); echo $t > /data/.pause;"
      + " i=0; until [ \"$(cat /data/.paused 2>/dev/null)\" = \"$t\" ]; do sleep 0.05; i=$((i+1)); [ $i -lt 200 ] || exit 9;"
      + " done";
  private static final String RESUME = "deployment/writer:rm -f /data/.pause; echo resumed";
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private KubernetesClient client;
  private String kubeconfig;
  private Path live;
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final AtomicLong counter = new AtomicLong();
  private Thread writer;
  private final List<String> outputs = new CopyOnWriteArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true);
    client = sandbox.client();
    kubeconfig = sandbox.paths().kubeconfig().toString();
    // The clone's data has several owners (Trees): a privileged mover reads them all.
    dev.lifeboat.support.Owners.allowPrivilegedMovers(client, NS);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    SandboxPvcs.create(client, sandbox.paths(), NS, "data", empty);
    live = sandbox.paths().pvc(NS, "data");
    Files.writeString(live.resolve("a"), "0");
    Files.writeString(live.resolve("b"), "0");
    client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
        .withName("app-secret").endMetadata().addToStringData("token", APP_SECRET).build()).create();
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("writer")
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "writer").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "writer").endMetadata().withNewSpec()
        .addNewContainer().withName("app").withImage("writer").addNewEnv().withName("APP_TOKEN").withNewValueFrom()
        .withNewSecretKeyRef().withName("app-secret").withKey("token").endSecretKeyRef().endValueFrom().endEnv()
        .addNewVolumeMount().withName("data").withMountPath("/data")
        .endVolumeMount().endContainer().addNewVolume().withName("data").withNewPersistentVolumeClaim()
        .withClaimName("data").endPersistentVolumeClaim().endVolume().endSpec().endTemplate().endSpec().build()).create();
    Eventually.await(Duration.ofSeconds(30), "the writer's pod running", () -> client.pods().inNamespace(NS)
        .withLabel("app", "writer").list().getItems().stream()
        .anyMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())));
    // The application the pod stands for: a, then b, the same counter each round; it pauses between rounds while
    // /data/.pause exists, saying so with /data/.paused.
    writer = new Thread(() -> {
      try {
        while (writing.get()) {
          String token = token(live.resolve(".pause"));
          if (token != null && token.isEmpty()) {
            Thread.sleep(1); // the hook is writing its token
            continue;
          }
          if (token != null) {
            Files.writeString(live.resolve(".paused"), token);
            while (Files.exists(live.resolve(".pause")) && writing.get()) {
              Thread.onSpinWait();
              Thread.sleep(5);
            }
            Files.deleteIfExists(live.resolve(".paused"));
          }
          long n = counter.incrementAndGet();
          Files.writeString(live.resolve("a"), Long.toString(n));
          Thread.sleep(3); // the two writes are apart: a copy between them sees a = b + 1
          Files.writeString(live.resolve("b"), Long.toString(n));
          Thread.sleep(2);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, "writer");
    writer.setDaemon(true);
    writer.start();
    Path password = tmp.resolve("password");
    Files.writeString(password, PASSWORD);
    ok(lifeboat("repository", "create", "repo", "-n", NS, "--url", "local:" + tmp.resolve("repo"),
        "--password-file", password.toString(), "--wait", "--timeout", "2m"));
  }

  /** The pause request's token; null when there is none. */
  private static String token(Path pause) {
    try {
      return Files.readString(pause).strip();
    } catch (IOException e) {
      return null;
    }
  }

  @AfterAll
  void stop() throws Exception {
    writing.set(false);
    try {
      if (sandbox != null) {
        leaks.assertNoneContains(sandbox, outputs, PASSWORD, APP_SECRET);
        sandbox.close();
      }
    } finally {
      leaks.close();
    }
  }

  @Test
  void aSnapshotBetweenHooksIsAPointInTimeThatRestoresWithNothingLeftBehind() throws Exception {
    long before = counter.get();
    Cli.Result created = lifeboat("backup", "create", "quiet", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--copy-method", "snapshot", "--pre-hook", PAUSE, "--post-hook", RESUME, "--wait", "--timeout", "3m");
    ok(created);
    Backup quiet = backup("quiet");
    assertEquals(CopyMethod.Snapshot, quiet.getSpec().copyMethod);
    assertNotNull(quiet.getStatus().copyTime);
    List<HookResult> hooks = quiet.getStatus().hooks;
    assertEquals(List.of("pre", "post"), hooks.stream().map(h -> h.stage).toList(), String.valueOf(hooks));
    assertTrue(hooks.stream().allMatch(HookResult::succeeded), String.valueOf(hooks));
    assertTrue(hooks.get(0).pod.startsWith("writer-"), hooks.get(0).pod);
    assertEquals("resumed", hooks.get(1).output);
    Eventually.await(Duration.ofSeconds(10), "the writer resumed", () -> counter.get() > before + 50);
    assertNothingLeftBehind();

    SandboxPvcs.create(client, sandbox.paths(), NS, "back", null);
    ok(lifeboat("restore", "create", "quiet-back", "-n", NS, "--from-backup", "quiet", "--to-pvc", "back", "--wait",
        "--timeout", "3m"));
    Path restored = sandbox.paths().pvc(NS, "back");
    long a = Long.parseLong(Files.readString(restored.resolve("a")));
    long b = Long.parseLong(Files.readString(restored.resolve("b")));
    assertEquals(a, b, "both files of one round: the copy was taken while the writer was paused");
    assertTrue(a >= before, "the copy is of this backup's time: " + a + " < " + before);
    // the writer's own count, not its file: the file is rewritten in place, and a read may catch it empty
    assertTrue(a < counter.get(), "older than the live claim by then");

    ResticRepo restic = new ResticRepo(tmp.resolve("repo"), PASSWORD, tmp.resolve("restic-cache"));
    var snapshot = restic.snapshots("backup=quiet").get(0);
    assertEquals(Instant.parse(quiet.getStatus().copyTime), Instant.parse(snapshot.get("time").asText())
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS), "restic's snapshot time is the copy's instant");
    String described = ok(lifeboat("backup", "describe", "quiet", "-n", NS)).out();
    assertTrue(described.contains("Copy of:") && described.contains("VolumeSnapshot quiet-snapshot"), described);
    assertTrue(described.contains("pre \"deployment/writer: t=$$-$(date +%s%N); echo $t > /data/.pause;"), described);
  }

  @Test
  void aFailingPreHookFailsTheBackupAndItsPostHookStillRuns() throws Exception {
    Files.deleteIfExists(live.resolve("post-ran"));
    Cli.Result failed = lifeboat("backup", "create", "refused", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--copy-method", "snapshot", "--pre-hook", "deployment/writer:echo flushing; exit 7",
        "--post-hook", "deployment/writer:touch /data/post-ran", "--wait", "--timeout", "3m");
    assertEquals(1, failed.exitCode(), failed.all());
    Backup refused = backup("refused");
    assertEquals("Failed", String.valueOf(refused.getStatus().phase));
    String message = refused.getStatus().message;
    assertTrue(message.startsWith("pre hook \"deployment/writer: echo flushing; exit 7\" in pod writer-"), message);
    assertTrue(message.contains("exited with code 7: flushing"), message);
    assertTrue(Files.exists(live.resolve("post-ran")), "the post hook ran after the failure");
    assertEquals(List.of("pre", "post"), refused.getStatus().hooks.stream().map(h -> h.stage).toList());
    assertEquals(null, refused.getStatus().volumeSnapshot, "no snapshot was taken");
    assertTrue(client.v1().events().inNamespace(NS).list().getItems().stream().anyMatch(e -> "HookFailed".equals(e.getReason())
        && "refused".equals(e.getInvolvedObject().getName())), "a Warning Event names the failing hook");
    assertNothingLeftBehind();
  }

  @Test
  void aCloneBackupRestoresWhatItCopiedAndLeavesNothing() throws Exception {
    Path source = tmp.resolve("static");
    Trees.generate(source, 30, 1 << 16, 24);
    Map<String, String> sums = Trees.checksums(source);
    SandboxPvcs.create(client, sandbox.paths(), NS, "static", source);
    ok(lifeboat("backup", "create", "cloned", "-n", NS, "--repository", "repo", "--pvc", "static",
        "--copy-method", "clone", "--wait", "--timeout", "3m"));
    Backup cloned = backup("cloned");
    assertEquals("cloned-copy", cloned.getStatus().copyClaim);
    assertNotNull(cloned.getStatus().copyTime);
    assertNothingLeftBehind();
    SandboxPvcs.create(client, sandbox.paths(), NS, "static-back", null);
    ok(lifeboat("restore", "create", "cloned-back", "-n", NS, "--from-backup", "cloned", "--to-pvc", "static-back",
        "--wait", "--timeout", "3m"));
    assertEquals(sums, Trees.checksums(sandbox.paths().pvc(NS, "static-back")), "what came back is what went in");
  }

  @Test
  void aScheduleRunCarriesItsCopyMethodAndHooks() throws Exception {
    ok(lifeboat("schedule", "create", "nightly", "-n", NS, "--cron", "0 3 * * *", "--repository", "repo",
        "--pvc", "data", "--keep-last", "3", "--copy-method", "snapshot", "--pre-hook", PAUSE, "--post-hook", RESUME));
    String described = ok(lifeboat("schedule", "describe", "nightly", "-n", NS)).out();
    assertTrue(described.contains("Copy method:") && described.contains("Snapshot")
        && described.contains("Post hook:") && described.contains("rm -f /data/.pause"), described);
    Cli.Result run = lifeboat("backup", "create", "-n", NS, "--from-schedule", "nightly", "--wait", "--timeout", "3m");
    ok(run);
    Backup scheduled = client.resources(Backup.class).inNamespace(NS).withLabel(Labels.SCHEDULE, "nightly").list()
        .getItems().get(0);
    assertEquals(CopyMethod.Snapshot, scheduled.getSpec().copyMethod);
    assertEquals("Ready", String.valueOf(scheduled.getStatus().phase), scheduled.getStatus().message);
    assertEquals(List.of("pre", "post"), scheduled.getStatus().hooks.stream().map(h -> h.stage).toList());
    assertNothingLeftBehind();
  }

  @Test
  void podsAnnotatedWithHooksGetThemRunAroundABackupOfTheirClaim() throws Exception {
    Path seed = Files.createDirectories(tmp.resolve("annotated-seed"));
    Files.writeString(seed.resolve("f"), "x");
    SandboxPvcs.create(client, sandbox.paths(), NS, "annotated", seed);
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("team")
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "team").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "team")
        .addToAnnotations("pre.hook.backup.lifeboat.dev/command", "echo pre > /data/.pre-annotated")
        .addToAnnotations("post.hook.backup.lifeboat.dev/command", "[\"/bin/sh\", \"-c\", \"echo post > /data/.post-annotated\"]")
        .addToAnnotations("post.hook.backup.lifeboat.dev/on-error", "Continue")
        .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("team").addNewVolumeMount()
        .withName("data").withMountPath("/data").endVolumeMount().endContainer().addNewVolume().withName("data")
        .withNewPersistentVolumeClaim().withClaimName("annotated").endPersistentVolumeClaim().endVolume().endSpec()
        .endTemplate().endSpec().build()).create();
    Eventually.await(Duration.ofSeconds(30), "the team's pod running", () -> client.pods().inNamespace(NS)
        .withLabel("app", "team").list().getItems().stream()
        .anyMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())));
    ok(lifeboat("backup", "create", "theirs", "-n", NS, "--repository", "repo", "--pvc", "annotated", "--wait",
        "--timeout", "3m"));
    Backup theirs = backup("theirs");
    assertEquals(null, theirs.getSpec().hooks, "the Backup names no hook: the pod does");
    assertEquals(List.of("pre", "post"), theirs.getStatus().hooks.stream().map(h -> h.stage).toList());
    assertEquals("pre\n", Files.readString(sandbox.paths().pvc(NS, "annotated").resolve(".pre-annotated")));
    assertEquals("post\n", Files.readString(sandbox.paths().pvc(NS, "annotated").resolve(".post-annotated")));
  }

  @Test
  void aHookThatHangsIsStoppedAtItsTimeoutAndFailsTheBackup() throws Exception {
    Cli.Result hung = lifeboat("backup", "create", "hung", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--copy-method", "snapshot", "--pre-hook", "deployment/writer:sleep 67", "--post-hook", RESUME,
        "--hook-timeout", "2s", "--wait", "--timeout", "3m");
    assertEquals(1, hung.exitCode(), hung.all());
    String message = backup("hung").getStatus().message;
    assertTrue(message.contains("did not end within 2s (its timeout)"), message);
    Eventually.await(Duration.ofSeconds(10), "the hung command stopped with its stream", () ->
        ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 67")));
    assertNothingLeftBehind();
  }

  @Test
  void aHookThatPrintsTheApplicationsSecretLeavesNoneInTheStatus() throws Exception {
    ok(lifeboat("backup", "create", "chatty", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--pre-hook", "deployment/writer:echo before; env | grep APP_TOKEN", "--wait", "--timeout", "3m"));
    HookResult run = backup("chatty").getStatus().hooks.get(0);
    assertEquals("before\nAPP_TOKEN=[redacted]", run.output, "the hook did print it, and its value was blanked");
  }

  @Test
  void badCopyInputIsRefusedBeforeAnythingIsCreated() {
    Cli.Result method = lifeboat("backup", "create", "x1", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--copy-method", "freeze");
    assertEquals(2, method.exitCode(), method.all());
    assertTrue(method.err().contains("--copy-method: \"freeze\" is not direct, snapshot or clone"), method.err());
    Cli.Result hook = lifeboat("backup", "create", "x2", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--pre-hook", "deployment/writer");
    assertEquals(2, hook.exitCode(), hook.all());
    assertTrue(hook.err().contains("write TARGET[/CONTAINER]:COMMAND"), hook.err());
    Cli.Result klass = lifeboat("backup", "create", "x3", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--volume-snapshot-class", "fast");
    assertEquals(2, klass.exitCode(), klass.all());
    assertTrue(klass.err().contains("--volume-snapshot-class needs --copy-method snapshot"), klass.err());
    assertEquals(List.of(), client.resources(Backup.class).inNamespace(NS).list().getItems().stream()
        .map(b -> b.getMetadata().getName()).filter(n -> n.startsWith("x")).toList(), "nothing created");
    // A class that does not exist: the controller's validation names it.
    Cli.Result missing = lifeboat("backup", "create", "x4", "-n", NS, "--repository", "repo", "--pvc", "data",
        "--copy-method", "snapshot", "--volume-snapshot-class", "fast", "--wait", "--timeout", "2m");
    assertEquals(1, missing.exitCode(), missing.all());
    assertTrue(backup("x4").getStatus().message.contains("VolumeSnapshotClass fast not found"),
        backup("x4").getStatus().message);
  }

  private void assertNothingLeftBehind() throws IOException {
    Eventually.await(Duration.ofSeconds(30), "no VolumeSnapshot, content or temporary claim left", () ->
        client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(NS).list().getItems().isEmpty()
            && client.genericKubernetesResources(API, "VolumeSnapshotContent").list().getItems().isEmpty()
            && client.persistentVolumeClaims().inNamespace(NS).withLabel(Labels.COPY_OF).list().getItems().isEmpty());
    Path snapshots = sandbox.paths().root().resolve("snapshots");
    Eventually.await(Duration.ofSeconds(10), "no snapshot data left", () -> {
      try (var left = Files.list(snapshots)) {
        return left.findAny().isEmpty();
      } catch (IOException e) {
        return !Files.exists(snapshots);
      }
    });
    assertFalse(Files.exists(live.resolve(".pause")), "the writer is not left paused");
  }

  private Backup backup(String name) {
    return client.resources(Backup.class).inNamespace(NS).withName(name).get();
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(kubeconfig, args);
    outputs.add(result.all());
    return result;
  }

  private static Cli.Result ok(Cli.Result result) {
    assertEquals(0, result.exitCode(), result.all());
    assertNotEquals(null, result.out());
    return result;
  }
}
