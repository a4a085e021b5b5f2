package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.Restic;
import dev.lifeboat.manager.VerifyRun;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic exit code 3: files the backup cannot read. The sandbox runs the backup Job as its mover (uid 65532 here: no
 * pod says whose the files are, and the namespace does not allow privileged movers), so the files of uid 999 and 1000,
 * root's 0750 script and a mode-000 file are unreadable, as in a cluster. The Backup is Ready with the Incomplete
 * condition, counts and names what it missed, and --wait exits 1 unless --allow-incomplete; what it did save comes
 * back byte for byte with its owners. Also the verify Job's work with real restic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncompleteBackupE2E {
  private static final String PASSWORD = "planted-incomplete-password-" + java.util.UUID.randomUUID();
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private final java.util.List<String> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final dev.lifeboat.support.LeakCheck leaks = new dev.lifeboat.support.LeakCheck();
  private String kubeconfig;
  private Path repo;
  private Path source;

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    // No wrapper: the sandbox runs the backup Job as its mover (uid 65532: no pod says whose the files are), which
    // meets the permission errors a pod meets in a cluster.
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true);
    Owners.requireIsolation();
    kubeconfig = sandbox.paths().kubeconfig().toString();
    source = tmp.resolve("source");
    Trees.generate(source, 50, 1 << 16, 5);
    Files.writeString(source.resolve("a/unreadable.txt"), "nobody may read this\n");
    Files.setPosixFilePermissions(source.resolve("a/unreadable.txt"), PosixFilePermissions.fromString("---------"));
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "data", source);
    Path password = tmp.resolve("password");
    Files.writeString(password, PASSWORD);
    repo = tmp.resolve("repo");
    assertEquals(0, Cli.against(kubeconfig, "repository", "create", "repo", "--url", "local:" + repo,
        "--password-file", password.toString(), "--wait", "--timeout", "2m").exitCode());
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    leaks.close();
  }

  @Test
  void anUnreadableFileMakesAReadyButIncompleteBackupAndTheRestComesBack() throws Exception {
    Map<String, String> before = Trees.checksums(sandbox.paths().pvc("default", "data"));
    Cli.Result refused = Cli.against(kubeconfig, "backup", "create", "partial", "--repository", "repo", "--pvc", "data",
        "--wait", "--timeout", "3m");
    assertEquals(1, refused.exitCode(), "an incomplete backup is no protection: " + refused.all());
    assertTrue(refused.err().contains("error: the snapshot is incomplete: restic could not read 5 files or folders"),
        refused.err());
    Backup b = sandbox.client().resources(Backup.class).inNamespace("default").withName("partial").get();
    assertEquals(Boolean.TRUE, b.getStatus().incomplete);
    assertTrue(b.getStatus().conditions.stream().anyMatch(c -> "Incomplete".equals(c.getType())
        && "True".equals(c.getStatus())), "Incomplete condition: " + b.getStatus().conditions);
    assertEquals(5L, b.getStatus().summary.unreadable, "pgdata/ (uid 999, 0700), a/private.key (999, 0600),"
        + " a/b/owned-by-1000.txt (0640), run.sh (root, 0750), a/unreadable.txt (000)");
    List<String> missed = b.getStatus().summary.unreadablePaths.stream().map(p -> p.replaceFirst("^/data/data/", ""))
        .sorted().toList();
    assertEquals(List.of("a/b/owned-by-1000.txt", "a/private.key", "a/unreadable.txt", "pgdata", "run.sh"), missed);
    assertTrue(b.getStatus().mover.startsWith("uid 65532 (lifeboat's default: no pod or workload"), b.getStatus().mover);
    assertEquals(before, Trees.checksums(sandbox.paths().pvc("default", "data")), "the backup changed nothing");
    Cli.Result backup = Cli.against(kubeconfig, "backup", "create", "partial-accepted", "--repository", "repo", "--pvc",
        "data", "--wait", "--timeout", "3m", "--allow-incomplete");
    assertEquals(0, backup.exitCode(), "--allow-incomplete accepts it: " + backup.all());
    assertTrue(backup.err().startsWith("warning: the snapshot is incomplete"), backup.err());

    // What it saved comes back with its owners (a privileged restore, which the administrator now allows).
    Owners.allowPrivilegedMovers(sandbox.client(), "default");
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "copy", null);
    Cli.Result restore = Cli.against(kubeconfig, "restore", "create", "back", "--from-backup", "partial",
        "--to-pvc", "copy", "--wait", "--timeout", "3m");
    assertEquals(0, restore.exitCode(), restore.all());
    Map<String, String> expected = new TreeMap<>(Trees.checksums(source));
    expected.keySet().removeIf(path -> missed.stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "/")));
    Map<String, String> restored = new TreeMap<>(Trees.checksums(sandbox.paths().pvc("default", "copy")));
    assertEquals(expected, restored, "everything readable came back, byte for byte, with its owner and mode");

    // The verify Job's work, with real restic: finds the snapshot by the ID the backup recorded.
    Path resticWithRepo = tmp.resolve("restic-with-repo");
    Files.writeString(resticWithRepo, "#!/bin/sh\nRESTIC_REPOSITORY='local:" + repo + "' RESTIC_PASSWORD='" + PASSWORD
        + "' RESTIC_CACHE_DIR='" + tmp.resolve("cache") + "' exec restic \"$@\"\n");
    Files.setPosixFilePermissions(resticWithRepo, PosixFilePermissions.fromString("rwx------"));
    JobReport verified = new VerifyRun(sandbox.client(), new Restic(resticWithRepo.toString())).run("default", "partial", "default");
    assertEquals(Boolean.TRUE, verified.ok(), verified.message());
    assertEquals(b.getStatus().snapshotId, verified.snapshotId());
    outputs.add(refused.all());
    outputs.add(backup.all());
    outputs.add(restore.all());
    outputs.add(Cli.against(kubeconfig, "backup", "logs", "partial").all());
    outputs.add(Cli.against(kubeconfig, "backup", "describe", "partial").all());
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }
}
