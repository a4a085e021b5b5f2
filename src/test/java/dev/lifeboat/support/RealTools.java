package dev.lifeboat.support;

import java.io.IOException;

/** Real tools the E2E tests use. Missing ones fail loudly: scripts/test.sh installs them. */
public final class RealTools {
  private RealTools() {}

  public static void requireRestic() {
    try {
      Process p = new ProcessBuilder("timeout", "30", "restic", "version").redirectErrorStream(true).start();
      if (p.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // fall through
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("restic is not on the PATH" + ("true".equals(System.getenv("CI")) ? " in CI" : "")
        + ": run the tests with scripts/test.sh, which installs it (apt-get install restic)");
  }
}
