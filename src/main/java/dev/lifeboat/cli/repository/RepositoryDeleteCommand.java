package dev.lifeboat.cli.repository;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DeleteSupport;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.repository.RepositoryDeletion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat repository delete NAME [--force]}: refused while Backups, Schedules or Restores name the
 * Repository (the Schedule would fail every run, the Backups could no longer be restored or forgotten), unless
 * {@code --force}. With deletionPolicy Retain (the default) the object only goes; with Delete the controller first
 * removes the data, which is refused outright while other Repositories (any namespace) share the URL. The password
 * Secret always stays: it is the only key to the data that stays.
 */
@Command(name = "delete", description = {"Delete a Repository object. Refused while Backups, Schedules or Restores"
    + " use it, unless --force. With deletionPolicy Retain (default) its data stays; with Delete a Job removes the"
    + " data first (refused while other Repositories share its URL). The password Secret stays."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:deleted (data removal started with Delete)",
        "2:Backups, Schedules or Restores use it (no --force), or its URL is shared and deletionPolicy is Delete",
        "4:no such Repository", "5:the Kubernetes API could not be reached"})
public final class RepositoryDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--force", description = "Delete even while Backups, Schedules or Restores use it.")
  boolean force;

  @Override
  protected int run() {
    Repository repository = require(Repository.class, name);
    List<String> users = users(repository.getMetadata().getNamespace());
    if (!users.isEmpty() && !force) {
      throw UserException.usage("Repository " + name + " is used by " + users.size() + ": "
          + String.join(", ", users.subList(0, Math.min(5, users.size()))) + (users.size() > 5 ? ", …" : "")
          + (repository.getSpec().deletesData() ? "; its deletionPolicy Delete removes their data." :
              "; they could no longer run, restore or forget.")
          + " Delete those first, or add --force");
    }
    List<String> sharing = repository.getSpec().deletesData() ? sharingUrl(repository) : List.of();
    int code = DeleteSupport.delete(this, Repository.class, name);
    if (repository.getSpec().deletesData()) {
      out().println("deletionPolicy Delete: the controller " + (sharing.isEmpty() ? "removes the repository's data"
          : RepositoryDeletion.sharedNote(repository, sharing)) + ", then the object goes (lifeboat repository describe "
          + name + " to follow)");
    }
    var secret = repository.getSpec().passwordSecretRef;
    if (secret != null) {
      out().println("Secret " + secret.name + " (the repository's password) stays: "
          + (repository.getSpec().deletesData() ? "" : "the data stays too, and only this key opens it. ")
          + "Remove it when no longer needed: kubectl delete secret " + secret.name + " -n "
          + repository.getMetadata().getNamespace());
    }
    return code;
  }

  /** Backups, Schedules and Restores of this namespace that name the repository, each as "Kind name". */
  private List<String> users(String ns) {
    List<String> users = new ArrayList<>();
    List<String> backups = new ArrayList<>();
    for (Backup b : client().resources(Backup.class).inNamespace(ns).list().getItems()) {
      if (name.equals(b.getSpec().repository)) {
        users.add("Backup " + b.getMetadata().getName());
        backups.add(b.getMetadata().getName());
      }
    }
    client().resources(Schedule.class).inNamespace(ns).list().getItems().stream()
        .filter(s -> name.equals(s.getSpec().repository))
        .forEach(s -> users.add("Schedule " + s.getMetadata().getName()));
    client().resources(Restore.class).inNamespace(ns).list().getItems().stream()
        .filter(r -> backups.contains(r.getSpec().backup)
            || (r.getSpec().snapshot != null && name.equals(r.getSpec().snapshot.repository)))
        .forEach(r -> users.add("Restore " + r.getMetadata().getName()));
    return users;
  }

  /** Other Repositories, in any namespace this user may list, with the same URL. */
  private List<String> sharingUrl(Repository repository) {
    String self = repository.getMetadata().getNamespace() + "/" + name;
    // A namespace user sees only their own namespace: the controller, which sees all, refuses the same.
    List<Repository> all = Inventory.repositoriesEverywhere(this, repository);
    return all.stream()
        .filter(r -> Objects.equals(r.getSpec().url, repository.getSpec().url))
        .map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .filter(key -> !key.equals(self)).sorted().toList();
  }
}
