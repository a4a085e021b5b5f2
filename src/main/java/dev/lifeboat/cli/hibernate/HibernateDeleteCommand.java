package dev.lifeboat.cli.hibernate;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.hibernate.HibernateLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat hibernate delete NAME [--force]}. */
@Command(name = "delete", description = {"Delete a HibernatePlan and its restore data.",
    "Refused while its targets are (partly) asleep: wake them first, or --force to delete and leave them as they are"
        + " (the restore data ConfigMap is then kept: it says what they were)."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:deleted", "2:targets asleep (without --force)",
        "4:no such HibernatePlan", "5:API error"})
public final class HibernateDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--force", description = "Delete even while targets are asleep; keep the restore data ConfigMap.")
  boolean force;

  @Override
  protected int run() {
    HibernatePlan plan = require(HibernatePlan.class, name);
    var status = plan.getStatus();
    HibernatePhase phase = status == null || status.phase == null ? HibernatePhase.Active : status.phase;
    HibernatePhase working = phase == HibernatePhase.Suspended ? status.suspendedAtPhase
        : phase == HibernatePhase.Error ? status.errorInPhase : phase;
    boolean awake = working == null || working == HibernatePhase.Active;
    String data = HibernateLifecycle.dataConfigMap(name);
    if (!awake && !force) {
      throw UserException.usage("HibernatePlan \"" + name + "\" is " + phase + (phase != working ? " (in " + working + ")"
          : "") + ": its targets may be down. Wake them first (lifeboat hibernate wake " + name + " --wait), or delete"
          + " with --force to leave them as they are (ConfigMap " + data + " is kept: it records what they were)");
    }
    String ns = plan.getMetadata().getNamespace();
    client().resources(HibernatePlan.class).inNamespace(ns).withName(name).delete();
    if (awake) {
      client().configMaps().inNamespace(ns).withName(data).delete(); // not owned by the plan: see HibernateData
    }
    out().println("hibernateplan.lifeboat.dev/" + name + " deleted" + (awake ? "" : "; its targets are left as they are,"
        + " their restore data kept in ConfigMap " + data));
    return ExitCodes.OK;
  }
}
