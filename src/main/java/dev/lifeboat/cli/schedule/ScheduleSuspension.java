package dev.lifeboat.cli.schedule;

import dev.lifeboat.api.Schedule;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** {@code schedule suspend|resume}: a merge patch of spec.suspend, then one reconcile (status, CronJob) from here. */
final class ScheduleSuspension {
  private ScheduleSuspension() {}

  static int set(ClientCommand command, String name, boolean suspend) {
    Schedule schedule = command.require(Schedule.class, name);
    if (schedule.getSpec().suspended() == suspend) {
      command.out().println("schedule.lifeboat.dev/" + name + " already " + (suspend ? "suspended" : "running"));
      return ExitCodes.OK;
    }
    Schedule patched = command.client().resources(Schedule.class).inNamespace(schedule.getMetadata().getNamespace())
        .withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
    ScheduleNow.runner(command).reconcile(patched);
    command.out().println("schedule.lifeboat.dev/" + name + (suspend ? " suspended" : " resumed"));
    return ExitCodes.OK;
  }
}
