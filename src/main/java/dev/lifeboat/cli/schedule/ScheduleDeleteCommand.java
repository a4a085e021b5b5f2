package dev.lifeboat.cli.schedule;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.engine.ControllerHeartbeat;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.schedule.ScheduleLifecycle;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat schedule delete NAME [--keep-backups]}. */
@Command(name = "delete", description = {"Delete a Schedule, its CronJob and its Backups (whose snapshots are"
    + " forgotten: the Backups' deletionPolicy is Delete).",
    "--keep-backups leaves the Backups and their snapshots (they lose their owner)."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:deleted", "4:no such Schedule", "5:API error"})
public final class ScheduleDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--keep-backups", description = "Keep the Schedule's Backups and their snapshots.")
  boolean keepBackups;

  @Override
  protected int run() {
    Schedule schedule = require(Schedule.class, name);
    String ns = schedule.getMetadata().getNamespace();
    client().resources(Schedule.class).inNamespace(ns).withName(name)
        .withPropagationPolicy(keepBackups ? DeletionPropagation.ORPHAN : DeletionPropagation.BACKGROUND).delete();
    // A cluster's garbage collector follows the owner references; do it here too, for APIs without one.
    client().batch().v1().cronjobs().inNamespace(ns).withName(ScheduleLifecycle.cronJobName(name)).delete();
    int backups = 0;
    if (!keepBackups) {
      for (Backup b : client().resources(Backup.class).inNamespace(ns)
          .withLabel(Labels.SCHEDULE, JobNames.labelValue(name)).list().getItems()) {
        if (b.getMetadata().getAnnotations() != null && name.equals(b.getMetadata().getAnnotations().get(Labels.OWNER_NAME))) {
          client().resources(Backup.class).inNamespace(ns).withName(b.getMetadata().getName()).delete();
          backups++;
        }
      }
    }
    out().println("schedule.lifeboat.dev/" + name + " deleted" + (keepBackups ? " (its Backups kept)"
        : backups == 0 ? "" : " with its " + backups + " Backup(s); their snapshots are forgotten by the controller"));
    if (backups > 0 && !ControllerHeartbeat.alive(client(), ns, clock().instant())) {
      err().println("warning: no lifeboat controller is running for namespace " + ns + ": the Backups wait, deleting,"
          + " until one forgets their snapshots (or each 'lifeboat reconcile --once -n " + ns + "' moves them on)");
    }
    return ExitCodes.OK;
  }
}
