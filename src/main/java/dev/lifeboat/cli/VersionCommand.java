package dev.lifeboat.cli;

import dev.lifeboat.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;

/** {@code lifeboat version}: no cluster needed. */
@Command(name = "version", description = "Print lifeboat's version.")
public final class VersionCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ((LifeboatCommand) spec.root().userObject()).out.println("lifeboat " + Version.get()
        + " (java " + System.getProperty("java.version") + ")");
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
