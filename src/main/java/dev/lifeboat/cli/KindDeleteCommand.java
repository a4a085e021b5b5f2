package dev.lifeboat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat <kind> delete NAME}: the object and its Jobs, for a kind whose deletion asks
 * nothing more (the controller does the rest through the object's finalizers: a Restore deleted
 * mid-flight has its Job stopped, its applications started and its lock freed first). The kinds
 * whose deletion refuses or asks (a Repository in use, a Schedule's Backups) have their own.
 */
@Command(name = "delete", description = "Delete the object and its Jobs (mid-flight, the controller cleans up first).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:deleted", "2:bad flag",
        "4:the named object does not exist", "5:the Kubernetes API could not be reached"})
public final class KindDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return DeleteSupport.delete(this, KindNames.ofParent(spec).type(), name);
  }
}
