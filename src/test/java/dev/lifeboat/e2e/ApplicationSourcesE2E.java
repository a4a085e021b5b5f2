package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.FakeBr;
import dev.lifeboat.support.FakeOpenBao;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other application sources on the sandbox with real restic: any command's stdout (tar, round
 * trip checksummed), an OpenBao raft snapshot (against {@link FakeOpenBao}: token and kubernetes
 * auth, the operation lock that makes backups wait during a restore), and TiDB through a fake br on
 * the PATH (flags as br documents them; the AfterFailed prune runs br abort restore). Every planted
 * secret must show nowhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationSourcesE2E {
  private static final String REPO_PASSWORD = "planted-repo-" + UUID.randomUUID();
  private static final String ROOT_TOKEN = "s.planted-root-" + UUID.randomUUID();
  private static final String JWT = "planted.jwt." + UUID.randomUUID();
  private static final String AWS_SECRET = "planted-aws-" + UUID.randomUUID();
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private String kubeconfig;
  private ResticRepo restic;
  private FakeOpenBao bao;
  private FakeBr br;
  private byte[] raftState;
  private final List<String> outputs = new CopyOnWriteArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    byte[] state = new byte[3 << 20];
    new Random(42).nextBytes(state);
    raftState = FakeOpenBao.raftArchive(4242, state);
    bao = new FakeOpenBao(ROOT_TOKEN, JWT, raftState.clone());
    br = new FakeBr(tmp.resolve("fake-br"));
    Path jwt = tmp.resolve("sa-token");
    Files.writeString(jwt, JWT);
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true, Map.of(
        "PATH", br.dir() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
        "LIFEBOAT_SA_TOKEN_FILE", jwt.toString()));
        Owners.requireIsolation();
        // Its data has several owners (Trees): only a privileged mover reads and restores them all.
        Owners.allowPrivilegedMovers(sandbox.client(), "default");
    kubeconfig = sandbox.paths().kubeconfig().toString();
    Path password = tmp.resolve("repo-password");
    Files.writeString(password, REPO_PASSWORD);
    Path repo = tmp.resolve("restic-repo");
    restic = new ResticRepo(repo, REPO_PASSWORD, tmp.resolve("cache"));
    Cli.Result created = lifeboat("repository", "create", "repo", "--url", "local:" + repo, "--password-file",
        password.toString(), "--wait", "--timeout", "3m");
    assertEquals(0, created.exitCode(), created.all());
    sandbox.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
        .withName("br-storage").endMetadata().addToStringData("BR_STORAGE", "local://" + tmp.resolve("br-storage"))
        .addToStringData("AWS_SECRET_ACCESS_KEY", AWS_SECRET).build()).create();
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    if (bao != null) {
      bao.close();
    }
    leaks.close();
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(kubeconfig, args);
    outputs.add(result.all());
    return result;
  }

  private Backup backup(String name) {
    return sandbox.client().resources(Backup.class).inNamespace("default").withName(name).get();
  }

  private void assertNoLeaks() throws Exception {
    for (String secret : List.of(REPO_PASSWORD, ROOT_TOKEN, JWT, AWS_SECRET)) {
      leaks.assertNoneContains(sandbox, outputs, secret);
    }
  }

  /**
   * A command source runs in a container of its own: the stream comes back byte for byte (the restore command sees
   * exactly the bytes the backup command wrote), and the program sees none of the repository's secrets: not in its
   * environment, not in its files, no ServiceAccount token.
   */
  @Test
  void aCommandsStreamRoundTripsByteForByteInAContainerThatSeesNoSecret() throws Exception {
    Cli.Result backup = lifeboat("backup", "create", "cmd-1", "--repository", "repo", "--command",
        "env | sort; ls -A /var/run/secrets/kubernetes.io/serviceaccount; seq 1 200000",
        "--restore-command", "sha256sum >&2", "--wait", "--timeout", "3m");
    assertEquals(0, backup.exitCode(), backup.all());
    assertEquals("stdout", backup("cmd-1").getStatus().summary.streamFile);
    assertEquals(1, restic.snapshots("source=command").stream()
        .filter(s -> s.get("tags").toString().contains("backup=cmd-1")).count());
    byte[] stream = restic.dump(backup("cmd-1").getStatus().snapshotId, "/stdout");
    String text = new String(stream, StandardCharsets.UTF_8);
    assertTrue(text.endsWith("199999\n200000\n"), "the program's whole output");
    assertFalse(text.contains(REPO_PASSWORD), "the repository's password is not in the program's environment");
    assertFalse(text.contains("RESTIC_"), "no restic variable reaches the program: " + text.substring(0, 2000));
    assertTrue(text.lines().noneMatch(l -> List.of("kubeconfig", "token", "ca.crt", "namespace").contains(l)
        || l.startsWith("KUBECONFIG=")), "no ServiceAccount credentials: " + text.substring(0, 2000));
    var job = sandbox.client().batch().v1().jobs().inNamespace("default").withName("cmd-1-backup").get();
    var source = job.getSpec().getTemplate().getSpec().getInitContainers().stream()
        .filter(c -> c.getName().equals("source")).findFirst().orElseThrow();
    assertTrue(source.getEnvFrom() == null || source.getEnvFrom().isEmpty(), "no Secret as environment");
    assertTrue(source.getEnv().stream().noneMatch(e -> e.getValueFrom() != null), "no Secret reference: " + source.getEnv());

    Cli.Result restore = lifeboat("restore", "create", "cmd-back", "--from-backup", "cmd-1", "--wait", "--timeout", "3m");
    assertEquals(0, restore.exitCode(), restore.all());
    String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(stream));
    Cli.Result logs = lifeboat("restore", "logs", "cmd-back");
    assertTrue(logs.out().contains(expected + "  -"), "the restore command read the stream byte for byte: " + logs.out());
    assertNoLeaks();
  }

  /**
   * A stream snapshot is never restored into a claim as its tree (it would replace 200 files with one file named
   * stdout): refused by the CLI when the cluster knows the snapshot, by the restore's snapshot check when only
   * restic does, in both cases before anything is written. --as-file writes it as one file and deletes nothing.
   */
  @Test
  void aStreamSnapshotIsNeverRestoredOverAClaimsFiles() throws Exception {
    Path claimFiles = tmp.resolve("claim-files");
    Trees.generate(claimFiles, 200, 1L << 20, 19, false);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "files", claimFiles);
    Path claim = sandbox.paths().pvc("default", "files");
    Map<String, String> before = Trees.checksums(claim);
    Cli.Result backup = lifeboat("backup", "create", "stream-1", "--repository", "repo", "--command",
        "seq 1 300000", "--wait", "--timeout", "3m");
    assertEquals(0, backup.exitCode(), backup.all());
    String id = backup("stream-1").getStatus().snapshotId;

    Cli.Result refused = lifeboat("restore", "create", "over-files", "--from-snapshot", "repo/" + id, "--to-pvc", "files");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("it holds a command stream"), refused.err());
    assertTrue(refused.err().contains("--as-file"), refused.err());
    assertEquals(null, sandbox.client().resources(dev.lifeboat.api.Restore.class).inNamespace("default")
        .withName("over-files").get(), "nothing created");

    // Applied past the CLI (kubectl): the snapshot check reads restic's own record and fails it at validation.
    var restore = new dev.lifeboat.api.Restore();
    restore.getMetadata().setName("over-files-kubectl");
    restore.setSpec(new dev.lifeboat.api.RestoreSpec());
    restore.getSpec().snapshot = new dev.lifeboat.api.SnapshotRef();
    restore.getSpec().snapshot.repository = "repo";
    restore.getSpec().snapshot.id = id;
    restore.getSpec().target = new dev.lifeboat.api.RestoreTarget();
    restore.getSpec().target.pvc = "files";
    sandbox.client().resources(dev.lifeboat.api.Restore.class).inNamespace("default").resource(restore).create();
    dev.lifeboat.support.Eventually.await(java.time.Duration.ofMinutes(2), "the Restore fails at validation", () -> {
      var r = sandbox.client().resources(dev.lifeboat.api.Restore.class).inNamespace("default")
          .withName("over-files-kubectl").get();
      return r.getStatus() != null && r.getStatus().phase == dev.lifeboat.api.RestorePhase.Failed;
    });
    var failed = sandbox.client().resources(dev.lifeboat.api.Restore.class).inNamespace("default")
        .withName("over-files-kubectl").get();
    assertTrue(String.join(";", failed.getStatus().validationErrors).contains("it holds a command stream"),
        failed.getStatus().validationErrors.toString());
    assertEquals(before, Trees.checksums(claim), "not one file of the claim was touched");

    Cli.Result asFile = lifeboat("restore", "create", "as-file", "--from-snapshot", "repo/" + id, "--to-pvc", "files",
        "--as-file", "files.tar", "--wait", "--timeout", "3m");
    assertEquals(0, asFile.exitCode(), asFile.all());
    Map<String, String> after = new java.util.TreeMap<>(Trees.checksums(claim));
    assertTrue(after.remove("files.tar") != null, "the stream's file is there");
    assertEquals(new java.util.TreeMap<>(before), after, "every other file is as it was");
    assertArrayEquals(restic.dump(id, "/stdout"), Files.readAllBytes(claim.resolve("files.tar")),
        "the stream, byte for byte");
    Cli.Result again = lifeboat("restore", "create", "as-file-again", "--from-snapshot", "repo/" + id, "--to-pvc",
        "files", "--as-file", "files.tar", "--wait", "--timeout", "3m");
    assertEquals(1, again.exitCode(), again.all());
    assertTrue(again.err().contains("files.tar already exists in the claim"), again.err());
    assertNoLeaks();
  }

  /**
   * A restore into an application that is not there (a name that does not resolve, a port nobody listens on) fails
   * before anything is stopped, within 30 seconds, naming the target.
   */
  @Test
  void aRestoreIntoAnApplicationThatIsNotThereFailsBeforeStoppingAnything() throws Exception {
    Path tokenFile = tmp.resolve("bao-token-unreachable");
    Files.writeString(tokenFile, ROOT_TOKEN);
    Cli.Result backup = lifeboat("backup", "create", "bao-src", "--repository", "repo", "--openbao", bao.address(),
        "--token-file", tokenFile.toString(), "--wait", "--timeout", "3m");
    assertEquals(0, backup.exitCode(), backup.all());
    dev.lifeboat.support.Objects.deployment(sandbox.client(), "default", "bao-ui", 2);
    String[][] targets = {{"http://127.0.0.1:1", "127.0.0.1:1 refused the connection"},
        {"https://no-such-host.invalid:8200", "host no-such-host.invalid does not resolve"}};
    for (int i = 0; i < targets.length; i++) {
      long started = System.nanoTime();
      Cli.Result restore = lifeboat("restore", "create", "bao-nowhere-" + i, "--from-backup", "bao-src", "--to-openbao",
          targets[i][0], "--stop", "deployment/bao-ui", "--wait", "--timeout", "2m");
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      assertEquals(1, restore.exitCode(), restore.all());
      assertTrue(restore.err().contains("cannot reach openbao://") && restore.err().contains(targets[i][1]),
          restore.err());
      assertTrue(seconds < 30, "failed within 30 s, took " + seconds + " s");
      assertEquals(2, dev.lifeboat.support.Objects.replicas(sandbox.client(), "default", "deployment/bao-ui"),
          "nothing was stopped");
    }
  }

  @Test
  void aCommandThatFailsHalfWayLeavesNoSnapshot() throws Exception {
    Cli.Result backup = lifeboat("backup", "create", "half", "--repository", "repo", "--command",
        "head -c 3000000 /dev/urandom; echo disk on fire >&2; exit 3", "--backoff-limit", "0", "--wait", "--timeout", "3m");
    assertEquals(1, backup.exitCode(), backup.all());
    String message = backup("half").getStatus().message;
    assertTrue(message.contains("failed (exit 3): disk on fire") && message.contains("no snapshot was made"), message);
    assertEquals(List.of(), restic.snapshots("backup=half"), "3 MB were streamed, but no snapshot was committed");
    Cli.Result logs = lifeboat("backup", "logs", "half");
    assertEquals(0, logs.exitCode(), logs.all());
    assertTrue(logs.out().startsWith("backup half Failed: "), "why it failed comes first: " + logs.out());
    assertTrue(logs.out().contains("disk on fire") && logs.out().contains("result: failed: "), logs.out());
    assertTrue(!logs.out().contains("{\"message_type\""), "restic's JSON only with --raw: " + logs.out());

    Cli.Result empty = lifeboat("backup", "create", "empty", "--repository", "repo", "--command", "true",
        "--backoff-limit", "0", "--wait", "--timeout", "3m");
    assertEquals(1, empty.exitCode(), empty.all());
    assertTrue(empty.err().contains("the command source wrote nothing to back up; no snapshot was made"), empty.err());
    assertEquals(List.of(), restic.snapshots("backup=empty"));
  }

  /**
   * The manager's JVM alone killed mid-stream (as the OOM killer would pick it): restic's stdin
   * closes, which restic would take for a clean end and commit; it must die with its parent instead.
   */
  @Test
  void aManagerKilledMidStreamLeavesNoSnapshot() throws Exception {
    Cli.Result created = lifeboat("backup", "create", "killed", "--repository", "repo", "--command",
        "while true; do head -c 65536 /dev/urandom; sleep 0.05; done", "--backoff-limit", "0");
    assertEquals(0, created.exitCode(), created.all());
    ProcessHandle[] running = {null};
    Eventually.await(Duration.ofSeconds(60), "restic reads the stream", () -> {
      running[0] = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
          .matches(".*restic backup .*--stdin.*backup=killed.*")).findFirst().orElse(null);
      return running[0] != null && running[0].parent().isPresent();
    });
    ProcessHandle manager = running[0].parent().orElseThrow();
    assertTrue(manager.info().command().orElse("").contains("java"), "restic's parent is the manager's JVM");
    manager.destroyForcibly();
    Eventually.await(Duration.ofSeconds(30), "restic is gone", () -> !running[0].isAlive());
    Eventually.await(Duration.ofSeconds(60), "the Backup fails", () -> backup("killed").getStatus() != null
        && backup("killed").getStatus().phase == BackupPhase.Failed);
    assertEquals(List.of(), restic.snapshots("backup=killed"), "no snapshot of the stream cut by the kill");
    ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("head -c 65536"))
        .forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void anOpenBaoRaftSnapshotRoundTripsWithATokenAndWithKubernetesAuth() throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, ROOT_TOKEN);
    Cli.Result backup = lifeboat("backup", "create", "bao-1", "--repository", "repo", "--openbao", bao.address(),
        "--token-file", tokenFile.toString(), "--wait", "--timeout", "3m");
    assertEquals(0, backup.exitCode(), backup.all());
    assertArrayEquals(raftState, restic.dump(backup("bao-1").getStatus().snapshotId, "/raft.snap"),
        "the snapshot holds the raft state byte for byte");
    assertEquals(4242L, backup("bao-1").getStatus().summary.raftIndex, "read from the archive's meta.json");
    assertTrue(lifeboat("backup", "describe", "bao-1").out().contains("raft index 4242"));

    Cli.Result viaK8s = lifeboat("backup", "create", "bao-k8s", "--repository", "repo", "--vault", bao.address(),
        "--k8s-auth-role", FakeOpenBao.ROLE, "--wait", "--timeout", "3m");
    assertEquals(0, viaK8s.exitCode(), viaK8s.all());
    assertTrue(lifeboat("backup", "describe", "bao-k8s").out().contains("kubernetes auth role " + FakeOpenBao.ROLE));

    byte[] changed = "a newer, different state".getBytes(StandardCharsets.UTF_8);
    bao.setState(changed);
    // The restore holds the cluster's operation lock while it runs: a backup of the same cluster waits.
    bao.holdRestore = new CountDownLatch(1);
    Cli.Result restore = lifeboat("restore", "create", "bao-back", "--from-backup", "bao-1");
    assertEquals(0, restore.exitCode(), restore.all());
    Eventually.await(Duration.ofSeconds(60), "the restore runs", () -> phase("bao-back") == RestorePhase.Running);
    Cli.Result during = lifeboat("backup", "create", "bao-during", "--repository", "repo", "--openbao", bao.address(),
        "--token-file", tokenFile.toString());
    assertEquals(0, during.exitCode(), during.all());
    Eventually.await(Duration.ofSeconds(60), "the backup waits for the lock", () -> {
      Backup b = backup("bao-during");
      return b.getStatus() != null && String.valueOf(b.getStatus().message).contains("is locked by Restore/default/bao-back");
    });
    assertEquals(BackupPhase.Pending, backup("bao-during").getStatus().phase);
    bao.holdRestore.countDown();
    Eventually.await(Duration.ofSeconds(90), "the restore completes", () -> phase("bao-back") == RestorePhase.Completed);
    assertArrayEquals(raftState, bao.state(), "snapshot-force received the snapshot byte for byte");
    Restore done = sandbox.client().resources(Restore.class).inNamespace("default").withName("bao-back").get();
    assertTrue(done.getStatus().message.contains("unseal"), done.getStatus().message);
    Eventually.await(Duration.ofSeconds(120), "the waiting backup runs after the restore",
        () -> backup("bao-during").getStatus().phase == BackupPhase.Ready);

    // Into another cluster (a new one being seeded from the old one's snapshot), with the same token.
    try (FakeOpenBao other = new FakeOpenBao(ROOT_TOKEN, JWT, new byte[0])) {
      Cli.Result elsewhere = lifeboat("restore", "create", "bao-elsewhere", "--from-backup", "bao-1", "--to-openbao",
          other.address(), "--wait", "--timeout", "3m");
      assertEquals(0, elsewhere.exitCode(), elsewhere.all());
      assertArrayEquals(raftState, other.state());
      assertTrue(lifeboat("restore", "describe", "bao-elsewhere").out().contains("openbao://127.0.0.1:"
          + other.address().replaceFirst(".*:", "")), "the target is the other cluster");
    }
    assertNoLeaks();
  }

  /** https with the CA from a Secret; without it the server's certificate is not trusted. */
  @Test
  void anOpenBaoOverTlsIsTrustedThroughTheCaSecretOnly() throws Exception {
    FakeOpenBao.Tls tls = FakeOpenBao.Tls.selfSigned(tmp.resolve("tls"));
    try (FakeOpenBao secure = new FakeOpenBao(ROOT_TOKEN, JWT, raftState.clone(), tls.context())) {
      sandbox.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
          .withName("bao-tls").endMetadata().addToStringData("ca.crt", tls.caPem()).build()).create();
      Path tokenFile = tmp.resolve("tls-token");
      Files.writeString(tokenFile, ROOT_TOKEN);
      Cli.Result trusted = lifeboat("backup", "create", "bao-tls", "--repository", "repo", "--openbao", secure.address(),
          "--token-file", tokenFile.toString(), "--ca-secret", "bao-tls/ca.crt", "--wait", "--timeout", "3m");
      assertEquals(0, trusted.exitCode(), trusted.all());
      assertArrayEquals(raftState, restic.dump(backup("bao-tls").getStatus().snapshotId, "/raft.snap"));

      Cli.Result untrusted = lifeboat("backup", "create", "bao-no-ca", "--repository", "repo", "--openbao",
          secure.address(), "--token-file", tokenFile.toString(), "--backoff-limit", "0", "--wait", "--timeout", "3m");
      assertEquals(1, untrusted.exitCode(), untrusted.all());
      assertTrue(untrusted.err().contains("cannot reach OpenBao") && untrusted.err().contains("SSLHandshakeException"),
          untrusted.err());
      assertEquals(0, secure.snapshots.get() - 1, "the untrusted server was never sent the token");
    }
    assertNoLeaks();
  }

  @Test
  void openBaoRefusalsFailWithTheServersWords() throws Exception {
    Path wrong = tmp.resolve("wrong-token");
    Files.writeString(wrong, "s.not-a-token");
    Cli.Result denied = lifeboat("backup", "create", "bao-denied", "--repository", "repo", "--openbao", bao.address(),
        "--token-file", wrong.toString(), "--backoff-limit", "0", "--wait", "--timeout", "3m");
    assertEquals(1, denied.exitCode(), denied.all());
    assertTrue(denied.err().contains("HTTP 403") && denied.err().contains("permission denied"), denied.err());

    Cli.Result badRole = lifeboat("backup", "create", "bao-role", "--repository", "repo", "--openbao", bao.address(),
        "--k8s-auth-role", "nobody", "--backoff-limit", "0", "--wait", "--timeout", "3m");
    assertEquals(1, badRole.exitCode(), badRole.all());
    assertTrue(badRole.err().contains("invalid role name"), badRole.err());

    Cli.Result unreachable = lifeboat("backup", "create", "bao-gone", "--repository", "repo", "--openbao",
        "http://127.0.0.1:1", "--token-file", wrong.toString(), "--backoff-limit", "0", "--wait", "--timeout", "3m");
    assertEquals(1, unreachable.exitCode(), unreachable.all());
    assertTrue(unreachable.err().contains("cannot reach OpenBao"), unreachable.err());
    assertNoLeaks();
  }

  @Test
  void tidbRunsBrWithItsDocumentedFlagsAndAbortsAFailedRestore() throws Exception {
    br.reset();
    // br is a fake, but a restore checks that PD answers before it stops anything: a listening socket plays PD.
    try (java.net.ServerSocket pdSocket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
    String pd = "127.0.0.1:" + pdSocket.getLocalPort();
    Cli.Result backup = lifeboat("backup", "create", "tidb-1", "--repository", "repo", "--tidb", pd,
        "--br-storage-secret", "br-storage", "--wait", "--timeout", "3m");
    assertEquals(0, backup.exitCode(), backup.all());
    String storage = "local://" + tmp.resolve("br-storage") + "/default/tidb-1";
    assertTrue(br.calls().contains("backup full --pd " + pd + " --storage " + storage), br.calls().toString());
    String manifest = new String(restic.dump(backup("tidb-1").getStatus().snapshotId, "/br-backup.json"),
        StandardCharsets.UTF_8);
    assertTrue(manifest.contains("\"path\" : \"default/tidb-1\""), manifest);
    assertFalse(manifest.contains(tmp.toString()), "the manifest keeps the folder, not the storage URL: " + manifest);

    Cli.Result restored = lifeboat("restore", "create", "tidb-back", "--from-backup", "tidb-1", "--wait", "--timeout", "3m");
    assertEquals(0, restored.exitCode(), restored.all());
    assertTrue(br.calls().contains("restore full --pd " + pd + " --storage " + storage), br.calls().toString());

    br.fail("restore", "[BR:Restore:ErrRestoreTableIDMismatch] table id mismatch");
    Cli.Result failed = lifeboat("restore", "create", "tidb-fail", "--from-backup", "tidb-1", "--prune", "after-failed",
        "--backoff-limit", "0", "--wait", "--timeout", "3m");
    assertEquals(6, failed.exitCode(), "PruneComplete: " + failed.all());
    assertTrue(br.calls().contains("abort restore full --pd " + pd + " --storage " + storage), br.calls().toString());
    Restore r = sandbox.client().resources(Restore.class).inNamespace("default").withName("tidb-fail").get();
    assertTrue(r.getStatus().failure.contains("table id mismatch"), r.getStatus().failure);

    br.fail("abort-restore", "[BR:Common:ErrUnknown] cannot clean up");
    Cli.Result abortFails = lifeboat("restore", "create", "tidb-fail-2", "--from-backup", "tidb-1", "--prune",
        "after-failed", "--backoff-limit", "0", "--wait", "--timeout", "3m");
    Restore r2 = sandbox.client().resources(Restore.class).inNamespace("default").withName("tidb-fail-2").get();
    assertEquals(RestorePhase.PruneFailed, r2.getStatus().phase, abortFails.all());

    br.reset();
    br.rejectFlags("backup");
    Cli.Result usage = lifeboat("backup", "create", "tidb-usage", "--repository", "repo", "--tidb", pd,
        "--br-storage-secret", "br-storage", "--backoff-limit", "0", "--wait", "--timeout", "3m");
    assertEquals(1, usage.exitCode(), usage.all());
    assertTrue(usage.err().contains("rejected its arguments") && usage.err().contains("unknown flag: --pd"), usage.err());
    br.reset();
    assertNoLeaks();
    }
  }

  private RestorePhase phase(String restore) {
    Restore r = sandbox.client().resources(Restore.class).inNamespace("default").withName(restore).get();
    return r == null || r.getStatus() == null ? null : r.getStatus().phase;
  }
}
