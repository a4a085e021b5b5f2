package dev.lifeboat.cli.repository;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DeleteSupport;
import dev.lifeboat.cli.UserException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat repository delete NAME [--force]}: with deletionPolicy Retain (the default) the
 * object only; with Delete the controller first removes the data, and the command refuses while
 * Backups or Restores use the repository, unless {@code --force}.
 */
@Command(name = "delete", description = {"Delete a Repository object. With deletionPolicy Retain (default) its data stays;"
    + " with Delete a Job removes the data first (refused while Backups or Restores use it, unless --force)."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:deleted (data removal started with Delete)",
        "2:Backups or Restores use it (deletionPolicy Delete, no --force)", "4:no such Repository",
        "5:the Kubernetes API could not be reached"})
public final class RepositoryDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--force", description = "With deletionPolicy Delete: delete even while Backups or Restores use it.")
  boolean force;

  @Override
  protected int run() {
    Repository repository = require(Repository.class, name);
    if (repository.getSpec().deletesData()) {
      String ns = repository.getMetadata().getNamespace();
      List<String> users = new java.util.ArrayList<>();
      client().resources(Backup.class).inNamespace(ns).list().getItems().stream()
          .filter(b -> name.equals(b.getSpec().repository)).forEach(b -> users.add("Backup " + b.getMetadata().getName()));
      List<String> backupNames = users.stream().map(u -> u.substring("Backup ".length())).toList();
      client().resources(Restore.class).inNamespace(ns).list().getItems().stream()
          .filter(r -> backupNames.contains(r.getSpec().backup)
              || (r.getSpec().snapshot != null && name.equals(r.getSpec().snapshot.repository)))
          .forEach(r -> users.add("Restore " + r.getMetadata().getName()));
      if (!users.isEmpty() && !force) {
        throw UserException.usage("Repository " + name + " has deletionPolicy Delete and is used by " + users.size() + ": "
            + String.join(", ", users.subList(0, Math.min(5, users.size()))) + (users.size() > 5 ? ", …" : "")
            + "; deleting it removes their data. Delete those first, or add --force");
      }
      int code = DeleteSupport.delete(this, Repository.class, name);
      out().println("deletionPolicy Delete: the controller removes the repository's data, then the object goes"
          + " (lifeboat repository describe " + name + " to follow)");
      return code;
    }
    return DeleteSupport.delete(this, Repository.class, name);
  }

}
