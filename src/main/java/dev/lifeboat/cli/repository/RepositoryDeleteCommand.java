package dev.lifeboat.cli.repository;

import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DeleteSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat repository delete NAME}: the object only; the restic repository and its data stay. */
@Command(name = "delete", description = "Delete a Repository object (the data in the restic repository stays).")
public final class RepositoryDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return DeleteSupport.delete(this, Repository.class, name);
  }
}
