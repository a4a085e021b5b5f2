package dev.lifeboat.cli.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DeleteSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat backup delete NAME}: the object and its Jobs; the snapshot stays in the repository. */
@Command(name = "delete", description = "Delete a Backup object and its Jobs (the snapshot stays in the repository).")
public final class BackupDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return DeleteSupport.delete(this, Backup.class, name);
  }
}
