package dev.lifeboat.manager;

import dev.lifeboat.api.InitPolicy;
import java.io.IOException;

/** Opens the repository, creating it when the policy allows, and clears stale locks. */
final class RepositoryAccess {
  private RepositoryAccess() {}

  /** Returns true when this call created the repository. */
  static boolean open(Restic restic, InitPolicy policy, String repositoryName, boolean unlock)
      throws ResticException, IOException, InterruptedException {
    boolean created = false;
    if (restic.probe() == Restic.RepositoryState.MISSING) {
      if (policy != InitPolicy.Auto) {
        throw new ResticException("no restic repository at the configured URL and Repository " + repositoryName
            + " has init: Never; create it, or set spec.init to Auto", 1);
      }
      System.out.println("lifeboat: no repository yet; running restic init");
      restic.init();
      created = true;
    }
    if (unlock) {
      restic.unlock();
    }
    return created;
  }
}
