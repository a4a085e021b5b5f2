package dev.lifeboat.manager;

import java.util.List;
import java.util.Map;

/** Test access to the restic global flags the manager derives from its environment. */
public final class ResticFlagsProbe {
  private ResticFlagsProbe() {}

  public static List<String> flags(Map<String, String> env) {
    return Restic.globalFlags(env);
  }
}
