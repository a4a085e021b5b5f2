package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Restore;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Objects;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real restic, with {@code restic restore} slowed by a wrapper (set as the pods' LIFEBOAT_RESTIC) so a
 * restore stays Running long enough: a second restore of the same target waits in Validating for the
 * lock and then proceeds; an abort of a running restore ends Aborted with its Job gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreLockAndAbortE2E {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String PASSWORD = "planted-lock-password-" + java.util.UUID.randomUUID();
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private final java.util.List<String> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final dev.lifeboat.support.LeakCheck leaks = new dev.lifeboat.support.LeakCheck();
  private String kubeconfig;
  private Map<String, String> sourceSums;
  private Path gates;

  private void open(String restore) throws java.io.IOException {
    Files.createFile(gates.resolve(restore));
  }

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    // A gate instead of a sleep: 'restic restore' of restore NAME waits until the test creates gates/NAME
    // (at most 2 minutes, so nothing can hang), so the test decides when each restore may go on.
    gates = Files.createDirectories(tmp.resolve("gates"));
    Path wrapper = tmp.resolve("gated-restic.sh");
    Files.writeString(wrapper, """
        #!/bin/sh
        if [ "$1" = restore ]; then
          name=$(printf '%s\\n' "$@" | sed -n 's#.*/.lifeboat-restore-##p' | head -n 1)
          i=0
          while [ ! -f "GATES/$name" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
        fi
        exec restic "$@"
        """.replace("GATES", gates.toString()));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    SandboxPaths paths = new SandboxPaths(tmp.resolve("sandbox"));
    sandbox = Sandbox.start(paths, 0, null, true, Map.of("LIFEBOAT_RESTIC", wrapper.toString()));
    Owners.requireIsolation();
    // Its data has several owners (Trees): only a privileged mover reads and restores them all.
    Owners.allowPrivilegedMovers(sandbox.client(), "default");
    kubeconfig = sandbox.paths().kubeconfig().toString();
    Path source = tmp.resolve("source");
    Trees.generate(source, 60, 1L << 20, 11);
    sourceSums = Trees.checksums(source);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "a", source);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "b", null);
    Objects.deployment(sandbox.client(), "default", "api", 3);
    Objects.statefulSet(sandbox.client(), "default", "db", 1);
    Path password = tmp.resolve("password");
    Files.writeString(password, PASSWORD);
    assertEquals(0, Cli.against(kubeconfig, "repository", "create", "repo", "--url", "local:" + tmp.resolve("repo"),
        "--password-file", password.toString(), "--wait", "--timeout", "2m").exitCode());
    assertEquals(0, Cli.against(kubeconfig, "backup", "create", "bk", "--repository", "repo", "--pvc", "a",
        "--wait", "--timeout", "3m").exitCode());
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    leaks.close();
  }

  private String phase(String name) {
    return Objects.restorePhase(sandbox.client(), "default", name);
  }

  private void assertApplicationsBackAndLockFree() {
    Eventually.await(DEADLINE, "apps at 3 and 1", () -> Objects.replicas(sandbox.client(), "default", "deployment/api") == 3
        && Objects.replicas(sandbox.client(), "default", "statefulset/db") == 1);
    String holder = Objects.lockHolder(sandbox.client(), "default", "b");
    assertTrue(holder == null || holder.isEmpty(), "lock held by " + holder);
  }

  @Test
  void secondRestoreWaitsForTheLockThenProceedsAndAnAbortEndsAborted() throws Exception {
    assertEquals(0, Cli.against(kubeconfig, "restore", "create", "first", "--from-backup", "bk", "--to-pvc", "b",
        "--stop", "deployment/api,statefulset/db").exitCode());
    Eventually.await(DEADLINE, "first Running", () -> "Running".equals(phase("first")));
    assertEquals(0, Cli.against(kubeconfig, "restore", "create", "second", "--from-backup", "bk", "--to-pvc", "b").exitCode());
    Eventually.await(DEADLINE, "second waits for the lock", () -> {
      Restore r = sandbox.client().resources(Restore.class).inNamespace("default").withName("second").get();
      return r.getStatus() != null && r.getStatus().message != null
          && r.getStatus().message.contains("held by Restore/default/first");
    });
    assertEquals("Validating", phase("second"));
    assertEquals("Running", phase("first"), "the first restore was not disturbed");
    open("second");
    open("first");
    Eventually.await(DEADLINE, "first Completed", () -> "Completed".equals(phase("first")));
    Cli.Result second = Cli.against(kubeconfig, "restore", "describe", "second");
    Eventually.await(DEADLINE, "second Completed", () -> "Completed".equals(phase("second")));
    assertEquals(sourceSums, Trees.checksums(sandbox.paths().pvc("default", "b")));
    assertApplicationsBackAndLockFree();
    assertTrue(second.exitCode() == 0);

    assertEquals(0, Cli.against(kubeconfig, "restore", "create", "third", "--from-backup", "bk", "--to-pvc", "b",
        "--stop", "deployment/api,statefulset/db").exitCode());
    Eventually.await(DEADLINE, "third Running", () -> "Running".equals(phase("third")));
    Cli.Result abort = Cli.against(kubeconfig, "abort", "restore", "third", "--wait", "--timeout", "90s");
    assertEquals(0, abort.exitCode(), "for abort, Aborted is what was asked: " + abort.all());
    assertTrue(abort.out().contains("restore third Aborted"), abort.out());
    assertEquals("Aborted", phase("third"));
    assertNull(sandbox.client().batch().v1().jobs().inNamespace("default").withName("third-restore").get(), "Job gone");
    assertApplicationsBackAndLockFree();
    outputs.add(abort.all());
    for (String name : new String[] {"first", "second", "third"}) {
      outputs.add(Cli.against(kubeconfig, "restore", "describe", name).all());
      outputs.add(Cli.against(kubeconfig, "restore", "logs", name).all());
    }
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }
}
