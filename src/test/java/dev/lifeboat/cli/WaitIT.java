package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.sandbox.PodExecutor.PodResult;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup create --wait}: watch-driven, and its exit codes. */
class WaitIT {
  @TempDir
  Path tmp;

  private static InstantPodExecutor byBackupName() {
    return new InstantPodExecutor(job -> {
      String name = job.getMetadata().getName();
      if (name.startsWith("fails-")) {
        return CompletableFuture.completedFuture(InstantPodExecutor.failure("Fatal: wrong password or no key found"));
      }
      if (name.startsWith("hangs-")) {
        return new CompletableFuture<PodResult>();
      }
      return CompletableFuture.completedFuture(InstantPodExecutor.success(job));
    });
  }

  @Test
  void waitExitsZeroOnReadyOneOnFailedThreeOnTimeout() throws Exception {
    try (Harness h = new Harness(tmp, byBackupName())) {
      h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
      Path kubeconfig = tmp.resolve("kubeconfig");
      h.server.writeKubeconfig(kubeconfig);
      Objects.boundPvc(h.client, "default", "data");
      Objects.repository(h.client, "default", "repo", "local:/tmp/none", "pw");
      String kc = kubeconfig.toString();

      Cli.Result ok = Cli.run("--kubeconfig", kc, "backup", "create", "good", "--repository", "repo", "--pvc", "data",
          "--wait", "--timeout", "60s");
      assertEquals(0, ok.exitCode(), ok.all());
      assertTrue(ok.out().contains("backup good is Ready: snapshot "), ok.out());
      assertTrue(ok.out().contains("backup good: Running") || ok.out().contains("backup good: Pending"), ok.out());

      Cli.Result failed = Cli.run("--kubeconfig", kc, "backup", "create", "fails-1", "--repository", "repo", "--pvc", "data",
          "--wait", "--timeout", "60s", "--backoff-limit", "0");
      assertEquals(ExitCodes.FAILED, failed.exitCode(), failed.all());
      assertTrue(failed.err().contains("wrong password or no key found"), failed.err());

      // --timeout bounds the Job itself: a backup that hangs is ended at its deadline, and --wait says so.
      Cli.Result deadline = Cli.run("--kubeconfig", kc, "backup", "create", "hangs-1", "--repository", "repo", "--pvc", "data",
          "--wait", "--timeout", "2s");
      assertEquals(ExitCodes.FAILED, deadline.exitCode(), deadline.all());
      assertTrue(deadline.err().contains("DeadlineExceeded"), deadline.err());
      assertEquals(2L, h.client.batch().v1().jobs().inNamespace("default").withName("hangs-1-backup").get()
          .getSpec().getActiveDeadlineSeconds());

      // A backup that cannot start (its repository's init hangs) outlives the wait: exit 3, after 2s + 2s.
      Objects.repository(h.client, "default", "hangs-repo", "local:/tmp/none", "pw");
      Cli.Result timeout = Cli.run("--kubeconfig", kc, "backup", "create", "waits-1", "--repository", "hangs-repo",
          "--pvc", "data", "--wait", "--timeout", "2s");
      assertEquals(ExitCodes.TIMEOUT, timeout.exitCode(), timeout.all());
      assertTrue(timeout.err().contains("timed out after 4s"), timeout.err());

      Cli.Result list = Cli.run("--kubeconfig", kc, "get", "backups");
      assertEquals(0, list.exitCode());
      assertTrue(list.out().startsWith("NAME"), list.out());
      assertTrue(list.out().matches("(?s).*good\\s+Ready\\s+repo\\s+data\\s+[0-9a-f]{8}\\s+\\d+s.*"), list.out());
      assertTrue(list.out().matches("(?s).*fails-1\\s+Failed.*"), list.out());
    }
  }

  /** Ctrl-C (SIGINT) on a real lifeboat process that waits: exit 130, a word that the operation goes on. */
  @Test
  void interruptWhileWaitingExits130AndLeavesTheOperation() throws Exception {
    try (Harness h = new Harness(tmp.resolve("sigint"), byBackupName())) {
      Path kubeconfig = tmp.resolve("sigint-kubeconfig");
      h.server.writeKubeconfig(kubeconfig);
      Objects.boundPvc(h.client, "default", "data");
      Objects.repository(h.client, "default", "repo", "local:/tmp/none", "pw");
      // No controller: the Backup stays Pending and the command waits.
      // env --default-signal: a test runner started in the background inherits SIGINT ignored; a terminal does not.
      java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("env", "--default-signal=INT"));
      command.addAll(dev.lifeboat.sandbox.LocalProcessExecutor.currentJvmCommand());
      command.addAll(java.util.List.of("--kubeconfig", kubeconfig.toString(), "backup", "create", "interrupted",
          "--repository", "repo", "--pvc", "data", "--wait"));
      Path stderr = tmp.resolve("sigint-stderr");
      Path stdout = tmp.resolve("sigint-stdout");
      Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).redirectOutput(stdout.toFile()).start();
      try {
        // Its first progress line says it waits (after the Backup was created).
        dev.lifeboat.support.Eventually.await(java.time.Duration.ofSeconds(30), "the command waiting",
            () -> {
              try {
                return java.nio.file.Files.readString(stdout).contains("backup interrupted");
              } catch (java.io.IOException notYet) {
                return false;
              }
            });
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the command ends on Ctrl-C");
        assertEquals(ExitCodes.INTERRUPTED, p.exitValue());
        String err = java.nio.file.Files.readString(stderr);
        assertTrue(err.contains("interrupted; Backup interrupted goes on in the cluster"), err);
        assertTrue(h.client.resources(dev.lifeboat.api.Backup.class).inNamespace("default").withName("interrupted").get() != null,
            "the Backup is not deleted by the interrupt");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  /**
   * No controller anywhere (a script on a bastion host with only a kubeconfig): --wait notices that
   * nobody picks the objects up and drives them itself, repository and backup alike, to the end.
   */
  @Test
  void withNoControllerWaitDrivesItsOwnObjects() throws Exception {
    try (Harness h = new Harness(tmp.resolve("solo"), byBackupName())) {
      Path kubeconfig = tmp.resolve("solo-kubeconfig");
      h.server.writeKubeconfig(kubeconfig);
      Objects.boundPvc(h.client, "default", "data");
      Path password = tmp.resolve("solo-password");
      java.nio.file.Files.writeString(password, "solo-password");
      String kc = kubeconfig.toString();

      Cli.Result repo = Cli.run("--kubeconfig", kc, "repository", "create", "repo", "--url", "local:/tmp/none",
          "--password-file", password.toString(), "--wait", "--timeout", "60s");
      assertEquals(0, repo.exitCode(), repo.all());
      assertTrue(repo.err().contains("no lifeboat controller is running for namespace default: driving Repository repo from here"), repo.err());

      Cli.Result backup = Cli.run("--kubeconfig", kc, "backup", "create", "solo", "--repository", "repo", "--pvc", "data",
          "--wait", "--timeout", "60s");
      assertEquals(0, backup.exitCode(), backup.all());
      assertTrue(backup.out().contains("backup solo is Ready: snapshot "), backup.out());
      assertEquals(java.util.List.of("repo-init-g1", "solo-backup"), h.client.batch().v1().jobs().inNamespace("default")
          .list().getItems().stream().map(j -> j.getMetadata().getName()).sorted().toList(), "one Job per purpose");

      // A failing one ends Failed with exit 1, driven the same way.
      Cli.Result failed = Cli.run("--kubeconfig", kc, "backup", "create", "fails-solo", "--repository", "repo", "--pvc",
          "data", "--backoff-limit", "0", "--wait", "--timeout", "60s");
      assertEquals(ExitCodes.FAILED, failed.exitCode(), failed.all());
    }
  }
}
