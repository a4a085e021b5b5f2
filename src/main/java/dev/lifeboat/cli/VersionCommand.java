package dev.lifeboat.cli;

import dev.lifeboat.Version;
import dev.lifeboat.lifecycle.ResticPin;
import dev.lifeboat.manager.ResticVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;

/** {@code lifeboat version}: no cluster needed. */
@Command(name = "version", description = {"Print lifeboat's version, the restic version it is tested with (the one its"
    + " image installs), and the restic on this machine's PATH, with a warning when that one differs."})
public final class VersionCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LifeboatCommand root = (LifeboatCommand) spec.root().userObject();
    root.out.println("lifeboat " + Version.get() + " (java " + System.getProperty("java.version") + ")");
    String here = ResticVersion.installed();
    root.out.println("restic " + ResticPin.TESTED + " (tested; lifeboat's image installs it), here: "
        + (here == null ? "not found on the PATH" : here));
    if (here != null && !here.equals(ResticPin.TESTED)) {
      root.err.println("warning: the restic here (" + here + ") is not the tested " + ResticPin.TESTED
          + ": backups and restores run in lifeboat's image and are unaffected; the sandbox's Jobs run this one");
    }
    return ExitCodes.OK;
  }

  /** Also behind {@code --version}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lifeboat " + Version.get()};
    }
  }
}
