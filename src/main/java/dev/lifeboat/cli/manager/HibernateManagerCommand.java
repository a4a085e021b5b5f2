package dev.lifeboat.cli.manager;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.hibernate.HibernateActions;
import dev.lifeboat.hibernate.TargetException;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.JobReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat hibernate-manager shutdown|wake --name PLAN --target T --cycle C [--restore]}: the
 * entrypoint of a HibernatePlan's cloud-target Jobs. It does what the controller does for a
 * Kubernetes target (the same {@link HibernateActions}: capture → pending → shutdown → commit, or
 * wake → mark), with the cloud credentials of this pod only. Not for people.
 */
@Command(name = "hibernate-manager", hidden = true,
    description = "Entrypoint of the Jobs that shut down or wake a HibernatePlan's cloud targets.")
public final class HibernateManagerCommand extends ManagerCommand {
  @Parameters(paramLabel = "STEP", description = "shutdown or wake")
  String step;

  @Option(names = "--target", required = true, paramLabel = "T")
  String target;

  @Option(names = "--cycle", required = true, paramLabel = "C")
  String cycle;

  @Option(names = "--restore", description = "wake: bring the target back from its restore point (else only mark it).")
  boolean restore;

  @Override
  boolean usesRestic() {
    return false; // scales workloads and nodes only
  }

  @Override
  JobReport work() {
    if (!step.equals("shutdown") && !step.equals("wake")) {
      return JobReport.failure("step '" + step + "' is neither shutdown nor wake");
    }
    HibernatePlan plan = client().resources(HibernatePlan.class).inNamespace(targetNamespace).withName(name).get();
    if (plan == null) {
      return JobReport.failure("HibernatePlan " + targetNamespace + "/" + name + " not found");
    }
    Action action = step.equals("shutdown") ? new Action.ShutdownTarget(target, cycle)
        : new Action.WakeTarget(target, cycle, restore);
    KubeApiWriter writer = new KubeApiWriter(client(), clock());
    try {
      List<Action> events = HibernateActions.perform(action, plan, writer, new LiveView(client()), clock().instant());
      events.forEach(e -> writer.recordEvent(plan, (Action.RecordEvent) e));
    } catch (TargetException e) {
      return JobReport.failure(e.getMessage());
    }
    return new JobReport(true, "target " + target + (step.equals("shutdown") ? " shut down" : " woken"), null, null, null,
        null, null);
  }
}
