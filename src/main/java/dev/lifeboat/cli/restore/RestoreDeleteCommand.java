package dev.lifeboat.cli.restore;

import dev.lifeboat.api.Restore;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DeleteSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat restore delete NAME}: mid-flight, the controller starts applications and frees the lock first. */
@Command(name = "delete", description = "Delete a Restore (mid-flight: its Job stops, applications start, the lock is freed).")
public final class RestoreDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return DeleteSupport.delete(this, Restore.class, name);
  }
}
