package dev.lifeboat.support;

import dev.lifeboat.engine.WatchController;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The crash-recovery drill: for crash point 1, 2, 3, ... a controller dies right after that write
 * (a fresh namespace and sandbox each), a new controller takes over, and the end state must be the
 * uninterrupted one. Ends at the first crash point the lifecycle never reaches: every point is covered.
 */
public final class CrashLoop {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** What one drill does in its own namespace. */
  public interface Drill {
    /** What exists before any controller runs (objects an earlier controller left in a given state); nothing by default. */
    default void prepare(Harness h, String ns) throws Exception {}

    /** Creates the objects whose lifecycle is under test. */
    void start(Harness h, String ns) throws Exception;

    /** Whether the end state is reached (polled). */
    boolean done(Harness h, String ns);

    /** Asserts the whole end state, as an uninterrupted run leaves it. */
    void assertEndState(Harness h, String ns, InstantPodExecutor pods);
  }

  private CrashLoop() {}

  /** Runs the drill at every crash point; returns the writes of the uninterrupted run. */
  public static int run(Path tmp, String prefix, int maxWrites, Drill drill) throws Exception {
    return run(tmp, prefix, 1, maxWrites, drill);
  }

  /**
   * From crash point {@code firstCrash} on: the writes before it are a lifecycle another sweep covers already (a
   * repository's init, a backup's Pending).
   */
  public static int run(Path tmp, String prefix, int firstCrash, int maxWrites, Drill drill) throws Exception {
    for (int crashAfter = firstCrash; crashAfter < maxWrites; crashAfter++) {
      String ns = prefix + crashAfter;
      InstantPodExecutor pods = InstantPodExecutor.succeeding();
      try (Harness h = new Harness(tmp.resolve(ns), pods)) {
        KubernetesClient first = h.newClient();
        CrashingWriter crashing = new CrashingWriter(h.writer(first), crashAfter);
        WatchController doomed = h.controller(crashing, first, 1);
        drill.prepare(h, ns);
        doomed.start();
        drill.start(h, ns);
        Eventually.await(DEADLINE, "a crash or the end state",
            () -> crashing.crashed.get() || (drill.done(h, ns) && doomed.isIdle()));
        doomed.close();
        if (!crashing.crashed.get()) {
          drill.assertEndState(h, ns, pods);
          System.out.println("the uninterrupted run's writes: " + crashing.log);
          return crashing.writes.get();
        }
        KubernetesClient second = h.newClient();
        h.controller(h.writer(second), second, 1).start();
        Eventually.await(DEADLINE, "end state after a crash following write " + crashAfter + " " + crashing.log,
            () -> drill.done(h, ns));
        drill.assertEndState(h, ns, pods);
      }
    }
    throw new AssertionError("the lifecycle took more than " + maxWrites + " writes: raise the limit");
  }
}
