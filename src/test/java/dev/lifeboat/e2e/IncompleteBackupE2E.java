package dev.lifeboat.e2e;

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
 * restic exit code 3: a file the backup cannot read. The Job's restic runs without the capability
 * to bypass file modes (so a mode-000 file is unreadable even to root, as it is to the non-root
 * user Jobs run as in a cluster). The Backup is Ready with the Incomplete condition and a warning,
 * and what it did save comes back byte for byte. Also the verify Job's work with real restic.
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
    Path wrapper = tmp.resolve("restic-as-an-unprivileged-reader");
    Files.writeString(wrapper, """
        #!/bin/sh
        # Like a non-root pod: no capability to read files whatever their mode.
        if [ "$(id -u)" = 0 ]; then
          exec setpriv --inh-caps=-all --bounding-set=-dac_override,-dac_read_search restic "$@"
        fi
        exec restic "$@"
        """);
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true,
        Map.of("LIFEBOAT_RESTIC", wrapper.toString()));
    kubeconfig = sandbox.paths().kubeconfig().toString();
    source = tmp.resolve("source");
    Trees.generate(source, 50, 1 << 16, 5);
    Files.writeString(source.resolve("a/unreadable.txt"), "nobody may read this\n");
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "data", source);
    Files.setPosixFilePermissions(sandbox.paths().pvc("default", "data").resolve("a/unreadable.txt"),
        PosixFilePermissions.fromString("---------"));
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
    Cli.Result backup = Cli.against(kubeconfig, "backup", "create", "partial", "--repository", "repo", "--pvc", "data",
        "--wait", "--timeout", "3m");
    assertEquals(0, backup.exitCode(), "incomplete is still a snapshot: " + backup.all());
    assertTrue(backup.err().contains("the snapshot is incomplete"), backup.err());
    Backup b = sandbox.client().resources(Backup.class).inNamespace("default").withName("partial").get();
    assertEquals(Boolean.TRUE, b.getStatus().incomplete);
    assertTrue(b.getStatus().conditions.stream().anyMatch(c -> "Incomplete".equals(c.getType())
        && "True".equals(c.getStatus())), "Incomplete condition: " + b.getStatus().conditions);

    Cli.Result restore = Cli.against(kubeconfig, "restore", "create", "back", "--from-backup", "partial",
        "--to-pvc", "data", "--wait", "--timeout", "3m");
    assertEquals(0, restore.exitCode(), restore.all());
    Map<String, String> expected = new TreeMap<>(Trees.checksums(source));
    expected.remove("a/unreadable.txt");
    Map<String, String> restored = new TreeMap<>(Trees.checksums(sandbox.paths().pvc("default", "data")));
    assertEquals(expected, restored, "everything readable came back, byte for byte");

    // The verify Job's work, with real restic: finds the snapshot by the ID the backup recorded.
    Path resticWithRepo = tmp.resolve("restic-with-repo");
    Files.writeString(resticWithRepo, "#!/bin/sh\nRESTIC_REPOSITORY='local:" + repo + "' RESTIC_PASSWORD='" + PASSWORD
        + "' RESTIC_CACHE_DIR='" + tmp.resolve("cache") + "' exec restic \"$@\"\n");
    Files.setPosixFilePermissions(resticWithRepo, PosixFilePermissions.fromString("rwx------"));
    JobReport verified = new VerifyRun(sandbox.client(), new Restic(resticWithRepo.toString())).run("default", "partial");
    assertEquals(Boolean.TRUE, verified.ok(), verified.message());
    assertEquals(b.getStatus().snapshotId, verified.snapshotId());
    outputs.add(backup.all());
    outputs.add(restore.all());
    outputs.add(Cli.against(kubeconfig, "backup", "logs", "partial").all());
    outputs.add(Cli.against(kubeconfig, "backup", "describe", "partial").all());
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }
}
