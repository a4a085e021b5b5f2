package dev.lifeboat.cli.repository;

import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.Describer;
import dev.lifeboat.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat repository describe NAME}. */
@Command(name = "describe", description = "Show a Repository in detail: status, Secret refs, Jobs, Events.")
public final class RepositoryDescribeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    Repository r = require(Repository.class, name);
    Describer d = new Describer(out(), clock().instant());
    d.header(r);
    d.field("URL", r.getSpec().url);
    d.field("Password", "Secret " + r.getSpec().passwordSecretRef.name + ", key " + r.getSpec().passwordSecretRef.keyOrDefault());
    d.field("Credentials", r.getSpec().credentialsSecret == null ? null : "Secret " + r.getSpec().credentialsSecret);
    d.field("Init", r.getSpec().initOrDefault());
    if (r.getStatus() != null) {
      d.field("Phase", r.getStatus().phase);
      d.field("Message", r.getStatus().message);
      d.field("Ready since", r.getStatus().readyTime);
      d.conditions(r.getStatus().conditions);
    }
    d.jobs(client(), r);
    d.events(client(), r);
    return ExitCodes.OK;
  }
}
