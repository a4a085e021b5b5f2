package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.CountingBlobStore;
import dev.lifeboat.jobs.CacheClaims;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real restic: sandbox (API server, controller, local Job runner starting real
 * lifeboat processes), a PVC of 1,000+ files (nested, unicode, empty, one of 20 MB), a backup into
 * a local and into an S3 (S3Proxy) repository, then an independent {@code restic restore} of each
 * snapshot compared file by file with the source. A planted password and S3 secret key must appear
 * in no output, log, status or Event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupE2E {
  private static final String PASSWORD = "planted-password-" + UUID.randomUUID();
  private static final String S3_KEY = "lifeboat-e2e";
  private static final String S3_SECRET = "planted-s3-secret-" + UUID.randomUUID();

  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private S3Proxy s3;
  /** What the bucket served: the cache test counts the index files a backup reads. */
  private CountingBlobStore bucket;
  private String s3Endpoint;
  private String kubeconfig;
  private Path passwordFile;
  private Map<String, String> sourceSums;
  private final List<String> outputs = new ArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true);
    Owners.requireIsolation();
    // Its data has several owners (Trees): only a privileged mover reads and restores them all.
    Owners.allowPrivilegedMovers(sandbox.client(), "default");
    kubeconfig = sandbox.paths().kubeconfig().toString();
    Path source = tmp.resolve("source");
    Trees.generate(source, 1_200, 20L << 20, 42);
    sourceSums = Trees.checksums(source);
    assertTrue(sourceSums.values().stream().filter(v -> !v.startsWith("dir ") && !v.startsWith("link -> ")).count() >= 1_000);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "app-data", source);
    passwordFile = tmp.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n");

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    s3Endpoint = "http://127.0.0.1:" + port;
    Properties props = new Properties();
    bucket = new CountingBlobStore(BlobStores.create("transient", props));
    s3 = S3Proxy.builder().blobStore(bucket.store()).endpoint(URI.create(s3Endpoint))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_KEY, S3_SECRET).build();
    s3.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
    if (s3 != null) {
      s3.stop();
    }
    leaks.close();
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(kubeconfig, args);
    outputs.add(result.all());
    return result;
  }

  @Test
  void backupIntoALocalRepositoryRestoresByteForByte() throws Exception {
    Path repo = tmp.resolve("restic-local");
    Cli.Result created = lifeboat("repository", "create", "local-repo", "--url", "local:" + repo,
        "--password-file", passwordFile.toString(), "--wait", "--timeout", "3m");
    assertEquals(0, created.exitCode(), created.all());
    Cli.Result backup = lifeboat("backup", "create", "local-1", "--repository", "local-repo", "--pvc", "app-data",
        "--tag", "e2e", "--wait", "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());
    String snapshot = snapshotOf("local-1");
    assertRestoredTreeEquals("local:" + repo, Map.of(), snapshot);
    assertEquals(sourceSums.values().stream().filter(v -> !v.startsWith("dir ") && !v.startsWith("link -> ")).count(),
        backupOf("local-1").getStatus().summary.totalFilesProcessed);
    // The Job names the restic it ran: the tested one here (test.sh refuses any other).
    assertEquals(dev.lifeboat.lifecycle.ResticPin.TESTED, backupOf("local-1").getStatus().resticVersion);
    assertNoLeaks();
  }

  /** The S3 credentials Secret, made by the first test that needs it. */
  private synchronized void s3Credentials() {
    if (sandbox.client().secrets().inNamespace("default").withName("s3-credentials").get() == null) {
      sandbox.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
          .withName("s3-credentials").endMetadata()
          .addToStringData("AWS_ACCESS_KEY_ID", S3_KEY).addToStringData("AWS_SECRET_ACCESS_KEY", S3_SECRET).build()).create();
    }
  }

  @Test
  void backupIntoAnS3RepositoryRestoresByteForByte() throws Exception {
    s3Credentials();
    String url = "s3:" + s3Endpoint + "/lifeboat-e2e";
    Cli.Result created = lifeboat("repository", "create", "s3-repo", "--url", url, "--password-file", passwordFile.toString(),
        "--credentials-secret", "s3-credentials", "--wait", "--timeout", "3m");
    assertEquals(0, created.exitCode(), created.all());
    Cli.Result backup = lifeboat("backup", "create", "s3-1", "--repository", "s3-repo", "--pvc", "app-data",
        "--wait", "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());
    assertRestoredTreeEquals(url, Map.of("AWS_ACCESS_KEY_ID", S3_KEY, "AWS_SECRET_ACCESS_KEY", S3_SECRET), snapshotOf("s3-1"));
    assertNoLeaks();
    runLogOutlivesItsJobAndTheBundleHasNoSecret();
  }

  /**
   * A Repository with a cacheCapacity: the first backup of a claim makes its cache claim (the Repository's, never a
   * backup source) and leaves restic's cache on it; the next backup of that claim reads no index file from the bucket
   * (with an emptyDir it reads each again), and what it stored comes back byte for byte.
   */
  @Test
  void aCacheClaimKeepsResticsCacheBetweenBackups() throws Exception {
    s3Credentials();
    String url = "s3:" + s3Endpoint + "/lifeboat-cached";
    Cli.Result created = lifeboat("repository", "create", "cached", "--url", url, "--password-file", passwordFile.toString(),
        "--credentials-secret", "s3-credentials", "--cache-capacity", "1Gi", "--no-maintenance", "--wait", "--timeout", "3m");
    assertEquals(0, created.exitCode(), created.all());
    Cli.Result first = lifeboat("backup", "create", "cached-1", "--repository", "cached", "--pvc", "app-data",
        "--wait", "--timeout", "5m");
    assertEquals(0, first.exitCode(), first.all());
    var client = sandbox.client();
    String cacheClaim = CacheClaims.name("cached", "app-data");
    var claim = client.persistentVolumeClaims().inNamespace("default").withName(cacheClaim).get();
    assertTrue(claim != null, "the first backup made the cache claim " + cacheClaim);
    assertEquals("1Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
    assertEquals("Repository/cached", claim.getMetadata().getOwnerReferences().get(0).getKind() + "/"
        + claim.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals("app-data", claim.getMetadata().getLabels().get(dev.lifeboat.api.Labels.CACHE_OF));
    var volume = client.batch().v1().jobs().inNamespace("default").withName("cached-1-backup").get().getSpec()
        .getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("cache")).findFirst().orElseThrow();
    assertEquals(cacheClaim, volume.getPersistentVolumeClaim().getClaimName());

    long indexReadsBefore = bucket.readsByType().getOrDefault("lifeboat-cached/index", 0L);
    long allReadsBefore = bucket.operations().getOrDefault("getBlob", 0L);
    Cli.Result second = lifeboat("backup", "create", "cached-2", "--repository", "cached", "--pvc", "app-data",
        "--wait", "--timeout", "5m");
    assertEquals(0, second.exitCode(), second.all());
    long indexReads = bucket.readsByType().getOrDefault("lifeboat-cached/index", 0L) - indexReadsBefore;
    assertEquals(0, indexReads, "the second backup read the index from its kept cache, not the bucket ("
        + (bucket.operations().getOrDefault("getBlob", 0L) - allReadsBefore) + " reads in all)");
    assertRestoredTreeEquals(url, Map.of("AWS_ACCESS_KEY_ID", S3_KEY, "AWS_SECRET_ACCESS_KEY", S3_SECRET),
        snapshotOf("cached-2"));
    // It is lifeboat's own claim: `lifeboat status` lists the claims to protect, and it is none of them.
    Cli.Result status = lifeboat("status");
    assertTrue(status.out().contains("app-data") && !status.out().contains(cacheClaim), status.all());
    assertNoLeaks();
  }

  /**
   * A month later the Job and its pods are gone (ttlSecondsAfterFinished): `backup logs` prints the log the controller
   * kept when the Job ended. Then `debug bundle` collects objects, Events, kept logs and versions, and no planted
   * secret is in any file of it (nor in the kept log).
   */
  private void runLogOutlivesItsJobAndTheBundleHasNoSecret() throws Exception {
    var client = sandbox.client();
    String job = dev.lifeboat.lifecycle.JobNames.jobName("s3-1", dev.lifeboat.lifecycle.JobPurpose.BACKUP);
    String keptName = dev.lifeboat.jobs.RunLogs.configMap(job);
    dev.lifeboat.support.Eventually.await(java.time.Duration.ofSeconds(30), "the log of " + job + " kept",
        () -> client.configMaps().inNamespace("default").withName(keptName).get() != null);
    String kept = dev.lifeboat.jobs.RunLogs.read(client.configMaps().inNamespace("default").withName(keptName).get());
    assertTrue(kept.contains("==> pod " + job), kept);
    outputs.add(kept);
    client.batch().v1().jobs().inNamespace("default").withName(job)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).delete();
    dev.lifeboat.support.Eventually.await(java.time.Duration.ofSeconds(30), "the pods of " + job + " gone",
        () -> client.pods().inNamespace("default").withLabel("job-name", job).list().getItems().isEmpty());
    Cli.Result logs = lifeboat("backup", "logs", "s3-1");
    assertEquals(0, logs.exitCode(), logs.all());
    assertTrue(logs.out().contains("==> Job " + job + ": its pods are gone; the log kept when it ended <=="), logs.out());
    assertTrue(logs.out().contains(snapshotOf("s3-1").substring(0, 8)), "the run's own lines: " + logs.out());

    Path bundle = tmp.resolve("debug.tar.gz");
    Cli.Result written = lifeboat("debug", "bundle", "-n", "default", "-o", bundle.toString());
    assertEquals(0, written.exitCode(), written.all());
    long size = Files.size(bundle);
    Cli.Result again = lifeboat("debug", "bundle", "-n", "default", "-o", bundle.toString());
    assertEquals(2, again.exitCode(), "an existing file is not overwritten unasked: " + again.all());
    assertTrue(again.err().contains("--overwrite"), again.all());
    assertEquals(size, Files.size(bundle));
    Map<String, String> files = new java.util.TreeMap<>();
    try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.util.zip.GZIPInputStream(Files.newInputStream(bundle)))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertTrue(files.get("lifeboat-debug/versions.txt").contains("restic tested " + dev.lifeboat.lifecycle.ResticPin.TESTED),
        files.keySet().toString());
    assertTrue(files.get("lifeboat-debug/objects/backups.yaml").contains("name: s3-1"));
    assertTrue(files.get("lifeboat-debug/events.yaml").contains("Started"), "Events about lifeboat's objects");
    assertTrue(files.containsKey("lifeboat-debug/run-logs/default/" + job + ".log"), files.keySet().toString());
    assertTrue(files.containsKey("lifeboat-debug/controller/log.txt"), files.keySet().toString());
    for (var file : files.entrySet()) {
      for (String secret : List.of(PASSWORD, S3_SECRET)) {
        assertFalse(file.getValue().contains(secret), "a planted secret in " + file.getKey());
      }
    }
    outputs.addAll(files.values());
  }

  /** Wrong S3 credentials: the Repository fails with S3's reason, --wait exits 1, the wrong secret leaks nowhere. */
  @Test
  void anS3RepositoryWithWrongCredentialsFailsClearly() throws Exception {
    String wrongSecret = "planted-wrong-secret-" + UUID.randomUUID();
    sandbox.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
        .withName("s3-wrong").endMetadata()
        .addToStringData("AWS_ACCESS_KEY_ID", S3_KEY).addToStringData("AWS_SECRET_ACCESS_KEY", wrongSecret).build()).create();
    Cli.Result created = lifeboat("repository", "create", "s3-wrong", "--url", "s3:" + s3Endpoint + "/lifeboat-wrong",
        "--password-file", passwordFile.toString(), "--credentials-secret", "s3-wrong", "--wait", "--timeout", "3m");
    assertEquals(1, created.exitCode(), created.all());
    Repository r = sandbox.client().resources(Repository.class).inNamespace("default").withName("s3-wrong").get();
    assertEquals("Failed", String.valueOf(r.getStatus().phase));
    String message = r.getStatus().message.toLowerCase();
    assertTrue(message.contains("signature") || message.contains("access denied") || message.contains("403"),
        "S3's own reason: " + r.getStatus().message);
    assertTrue(created.err().contains(r.getStatus().message), "--wait prints the reason: " + created.err());
    leaks.assertNoneContains(sandbox, outputs, PASSWORD, S3_SECRET, wrongSecret);
  }

  private Backup backupOf(String name) {
    return sandbox.client().resources(Backup.class).inNamespace("default").withName(name).get();
  }

  private String snapshotOf(String name) {
    String id = backupOf(name).getStatus().snapshotId;
    assertTrue(id != null && id.matches("[0-9a-f]{64}"), "full snapshot id, got " + id);
    return id;
  }

  /** An independent restore with restic itself, compared with the source tree checksum by checksum. */
  private void assertRestoredTreeEquals(String repository, Map<String, String> env, String snapshot) throws Exception {
    Path target = tmp.resolve("restore-" + snapshot.substring(0, 8));
    ProcessBuilder restore = new ProcessBuilder("timeout", "120", "restic", "-r", repository, "restore", snapshot, "--target", target.toString())
        .redirectErrorStream(true);
    restore.environment().put("RESTIC_PASSWORD", PASSWORD);
    restore.environment().putAll(env);
    restore.environment().put("RESTIC_CACHE_DIR", tmp.resolve("restic-cache").toString());
    Process p = restore.start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    assertEquals(sourceSums, Trees.checksums(target), "restored tree differs from the source");
  }

  /** The planted secrets appear nowhere but in Secrets: not in objects, Events, pod logs or CLI output. */
  private void assertNoLeaks() throws Exception {
    outputs.add(lifeboat("get", "backups", "-o", "yaml").all());
    outputs.add(lifeboat("get", "repositories", "-o", "json").all());
    for (Backup b : sandbox.client().resources(Backup.class).inNamespace("default").list().getItems()) {
      outputs.add(lifeboat("backup", "describe", b.getMetadata().getName()).all());
      outputs.add(lifeboat("backup", "logs", b.getMetadata().getName()).all());
    }
    for (Repository r : sandbox.client().resources(Repository.class).inNamespace("default").list().getItems()) {
      outputs.add(lifeboat("repository", "describe", r.getMetadata().getName()).all());
    }
    leaks.assertNoneContains(sandbox, outputs, PASSWORD, S3_SECRET);
  }
}
