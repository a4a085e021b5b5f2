package dev.lifeboat.cli.hibernate;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** {@code hibernate suspend|resume}: a merge patch of spec.suspend, then one reconcile from here. */
final class HibernateSuspension {
  private HibernateSuspension() {}

  static int set(ClientCommand command, String name, boolean suspend) {
    HibernatePlan plan = command.require(HibernatePlan.class, name);
    if (plan.getSpec().suspended() == suspend) {
      command.out().println("hibernateplan.lifeboat.dev/" + name + " already " + (suspend ? "suspended" : "running"));
      return ExitCodes.OK;
    }
    HibernatePlan patched = command.client().resources(HibernatePlan.class).inNamespace(plan.getMetadata().getNamespace())
        .withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
    HibernatePlan after = PlanReconcile.once(command, patched);
    var status = after == null ? null : after.getStatus();
    command.out().println("hibernateplan.lifeboat.dev/" + name + (suspend ? " suspended" : " resumed")
        + (status == null || status.phase == null ? "" : " (phase " + status.phase + ")"));
    if (!suspend) {
      command.out().println(PlanReconcile.next(after, command.clock().instant()));
    }
    return ExitCodes.OK;
  }
}
