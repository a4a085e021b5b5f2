package dev.lifeboat.cli.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DeleteSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat backup delete NAME}: the object and its Jobs. The snapshot stays in the repository,
 * unless the Backup's deletionPolicy is Delete (a Schedule's Backups): then it is forgotten first.
 */
@Command(name = "delete", description = {"Delete a Backup object and its Jobs.",
    "The snapshot stays in the repository (deletionPolicy Retain, the default of 'backup create'), or, for a"
        + " Schedule's Backups (deletionPolicy Delete), is forgotten first: the object goes when that is done."})
public final class BackupDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    Backup backup = require(Backup.class, name);
    int code = DeleteSupport.delete(this, Backup.class, name);
    if (backup.getSpec().forgetsOnDelete()) {
      out().println("its snapshot is forgotten first (deletionPolicy Delete); the Backup goes when that is done");
    }
    return code;
  }
}
