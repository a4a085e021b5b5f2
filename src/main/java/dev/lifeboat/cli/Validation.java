package dev.lifeboat.cli;

import dev.lifeboat.api.Names;

/** Checks of user input shared by the create commands: each failure names the field and the fix. */
public final class Validation {
  private Validation() {}

  public static void objectName(String what, String name) {
    String problem = Names.checkObjectName(name);
    if (problem != null) {
      throw UserException.usage(what + " \"" + name + "\" is not a valid name: it " + problem
          + " (e.g. nightly-2026-01-01)");
    }
  }
}
