package dev.lifeboat.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real restic lock held by a real restic process on another "host" (a UTS namespace with its own
 * hostname, as a pod has): {@code restic backup --stdin} waits on its input and holds the lock.
 * {@link #kill()} leaves the lock behind, as a pod that died does.
 */
public final class HeldLock implements AutoCloseable {
  private final Process process;

  private HeldLock(Process process) {
    this.process = process;
  }

  /** Takes a lock in {@code repo} as host {@code hostname}; returns once restic lists it. */
  public static HeldLock take(ResticRepo repo, Path repoPath, String password, String hostname) throws Exception {
    int before = locks(repo).size();
    ProcessBuilder builder = new ProcessBuilder("unshare", "-u", "sh", "-c",
        "hostname " + hostname + " && exec restic -r local:" + repoPath + " backup --stdin --stdin-filename held");
    builder.environment().put("RESTIC_PASSWORD", password);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start(); // its stdin stays open: restic waits, holding the lock
    HeldLock held = new HeldLock(process);
    try {
      Eventually.await(Duration.ofSeconds(30), "restic on host " + hostname + " holds a lock (unshare -u needs root)",
          () -> {
            try {
              return locks(repo).size() > before || !process.isAlive() && failFast(process, hostname);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    } catch (RuntimeException | Error e) {
      held.close();
      throw e;
    }
    return held;
  }

  private static boolean failFast(Process process, String hostname) {
    throw new AssertionError("restic as host " + hostname + " exited with " + process.exitValue()
        + " before taking a lock: the tests need 'unshare -u' (root, util-linux)");
  }

  public static List<String> locks(ResticRepo repo) throws Exception {
    return repo.run("list", "locks", "--no-lock").lines().filter(l -> !l.isBlank()).toList();
  }

  /** SIGKILL: restic cannot remove its lock, like a pod that was killed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws Exception {
    kill();
  }
}
