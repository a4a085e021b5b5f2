package dev.lifeboat.cli.schedule;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.engine.ControllerHeartbeat;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.schedule.ScheduleLifecycle;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat schedule delete NAME [--delete-backups]}. The Backups a Schedule made, and their snapshots, stay
 * by default, as Velero keeps a deleted schedule's backups: deleting a Schedule to recreate it with another cron
 * must not cost every backup it made. They carry no owner reference, so {@code kubectl delete schedule} keeps
 * them too. Only {@code --delete-backups} deletes them, and with them (deletionPolicy Delete) their snapshots.
 */
@Command(name = "delete", description = {"Delete a Schedule and its CronJob. Its Backups and their snapshots stay"
    + " (kubectl delete keeps them too).",
    "--delete-backups also deletes its Backups, which forgets their snapshots (deletionPolicy Delete)."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:deleted", "4:no such Schedule", "5:API error"})
public final class ScheduleDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--delete-backups", description = "Also delete the Schedule's Backups, forgetting their snapshots.")
  boolean deleteBackups;

  @Override
  protected int run() {
    Schedule schedule = require(Schedule.class, name);
    String ns = schedule.getMetadata().getNamespace();
    List<Backup> backups = client().resources(Backup.class).inNamespace(ns)
        .withLabel(Labels.SCHEDULE, JobNames.labelValue(name)).list().getItems().stream()
        .filter(b -> b.getMetadata().getAnnotations() != null
            && name.equals(b.getMetadata().getAnnotations().get(Labels.OWNER_NAME)))
        .toList();
    client().resources(Schedule.class).inNamespace(ns).withName(name).delete();
    // The CronJob (--mode cronjob) is owned by the Schedule; a cluster's garbage collector takes it, do it here too.
    client().batch().v1().cronjobs().inNamespace(ns).withName(ScheduleLifecycle.cronJobName(name)).delete();
    if (!deleteBackups) {
      out().println("schedule.lifeboat.dev/" + name + " deleted" + (backups.isEmpty() ? ""
          : "; its " + backups.size() + " Backup(s) and their snapshots stay (delete them with 'lifeboat backup delete"
              + " NAME', or 'schedule delete --delete-backups' next time)"));
      sourceSecretNote(ns);
      return ExitCodes.OK;
    }
    long forgets = backups.stream().filter(b -> b.getSpec().forgetsOnDelete()).count();
    for (Backup b : backups) {
      client().resources(Backup.class).inNamespace(ns).withName(b.getMetadata().getName()).delete();
    }
    out().println("schedule.lifeboat.dev/" + name + " deleted with its " + backups.size() + " Backup(s); "
        + (forgets == 0 ? "no snapshot is forgotten" : forgets + " snapshot(s) are forgotten by the controller"));
    if (forgets > 0 && !ControllerHeartbeat.alive(client(), ns, clock().instant())) {
      err().println("warning: no lifeboat controller is running for namespace " + ns + ": the Backups wait, deleting,"
          + " until one forgets their snapshots (or each 'lifeboat reconcile --once -n " + ns + "' moves them on)");
    }
    sourceSecretNote(ns);
    return ExitCodes.OK;
  }

  /** A password file given at create became Secret NAME-source, which the Backups restore with: it stays. */
  private void sourceSecretNote(String ns) {
    if (client().secrets().inNamespace(ns).withName(name + "-source").get() != null) {
      out().println("Secret " + name + "-source stays: the Backups restore with it (kubectl delete secret " + name
          + "-source -n " + ns + " once they are gone)");
    }
  }
}
