package dev.lifeboat.cli.hibernate;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernateSchedule;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Validation;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.hibernate.TargetExecutor;
import dev.lifeboat.hibernate.TargetExecutors;
import dev.lifeboat.lifecycle.hibernate.HibernateValidation;
import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.lifeboat.hibernate.PlanItems;
import dev.lifeboat.lifecycle.hibernate.HibernateObservation;
import dev.lifeboat.lifecycle.hibernate.TargetObservation;
import dev.lifeboat.schedule.LabelSelectors;
import java.util.LinkedHashMap;

/** {@code lifeboat hibernate create NAME --off-hours ... --time-zone TZ --workloads ...}. */
@Command(name = "create", description = {"Create a HibernatePlan: its targets sleep in the off-hours and wake exactly"
    + " as they were (replicas, suspensions, limits), from restore data kept in ConfigMap <name>-hibernate-data.",
    "Everything is checked before anything is created; -o yaml|json prints the plan without creating it."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:created (or printed)",
        "2:bad input (every problem is listed; nothing was created)", "5:the Kubernetes API could not be reached"})
public final class HibernateCreateCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--off-hours", required = true, paramLabel = "WINDOW", description = {"When targets sleep:"
      + " [DAYS] HH:MM-HH:MM, e.g. \"Mon-Fri 20:00-07:00\" (sleeps Friday night through to Monday 07:00),"
      + " \"Sat-Sun 00:00-24:00\". Repeatable; overlapping windows make one sleep."})
  List<String> offHours = new ArrayList<>();

  @Option(names = "--time-zone", paramLabel = "TZ", description = "IANA time zone of the windows (default UTC).")
  String timeZone;

  @Option(names = "--workloads", paramLabel = "SEL|REFS", description = "Deployments, StatefulSets, ReplicaSets to"
      + " scale to 0: a label selector (tier=web) or kind/name,... (repeatable: one target each).")
  List<String> workloads = new ArrayList<>();

  @Option(names = "--cronjobs", paramLabel = "SEL|NAMES", description = "CronJobs to suspend (repeatable).")
  List<String> cronJobs = new ArrayList<>();

  @Option(names = "--nodepools", paramLabel = "SEL|NAMES", description = "Karpenter NodePools whose limits go to 0"
      + " (repeatable).")
  List<String> nodePools = new ArrayList<>();

  @Option(names = "--target", paramLabel = "FILE", description = "A target (or a list) in YAML, as in the spec: name,"
      + " type (workloads, cronjobs, nodepools, patch, ec2, rds, eks-nodegroups), selector or refs, parameters (patch:"
      + " apiVersion, kind, patch; AWS: region, credentialsSecret, endpoint, cluster). Repeatable.")
  List<String> targetFiles = new ArrayList<>();

  @ArgGroup(exclusive = true)
  Execution execution;

  static final class Execution {
    @Option(names = "--sequential", description = "Shut targets down in order, wake them in reverse (default).")
    boolean sequential;

    @Option(names = "--parallel", description = "Shut down and wake all targets at once.")
    boolean parallel;
  }

  @Option(names = "--best-effort", description = "Go on when a target fails for good (default: stop in phase Error).")
  boolean bestEffort;

  @Option(names = "--retries", paramLabel = "N", description = "Attempts after a target's first failure (default 3).")
  Integer retries;

  @Option(names = "--suspend", description = "Create it suspended (nothing happens until 'hibernate resume').")
  boolean suspend;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "Print the plan as yaml or json WITHOUT"
      + " creating it.")
  OutputFormat output;

  @Override
  protected int run() {
    HibernatePlan plan = build();
    if (output != null) {
      plan.getMetadata().setNamespace(kube().namespace);
      new Printer(out(), output, clock().instant()).printOne(plan, Kinds.columns(HibernatePlan.class));
      return ExitCodes.OK;
    }
    String ns = namespace();
    plan.getMetadata().setNamespace(ns);
    List<String> outOfReach = HibernateValidation.reach(plan.getSpec(), ns, jobSettings().tenancy());
    if (!outOfReach.isEmpty()) {
      throw UserException.usage(String.join("\n", outOfReach));
    }
    checkTargets(plan, ns);
    HibernatePlan created;
    try {
      created = client().resources(HibernatePlan.class).inNamespace(ns).resource(plan).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw UserException.usage("HibernatePlan \"" + name + "\" already exists in namespace " + ns
            + ": choose another name, or delete it first (lifeboat hibernate delete " + name + ")");
      }
      throw e;
    }
    out().println("hibernateplan.lifeboat.dev/" + name + " created");
    out().println(PlanReconcile.next(PlanReconcile.once(this, created), clock().instant()));
    PlanReconcile.warnWithoutController(this, ns);
    return ExitCodes.OK;
  }

  private HibernatePlan build() {
    Validation.objectName("HibernatePlan name", name);
    HibernatePlanSpec spec = new HibernatePlanSpec();
    spec.schedule = new HibernateSchedule();
    spec.schedule.timeZone = timeZone;
    offHours.forEach(w -> spec.schedule.offHours.add(OffHoursArgument.parse(w)));
    List<HibernateTarget> targets = new ArrayList<>();
    workloads.forEach(v -> targets.add(TargetArguments.of("workloads", "--workloads", v, targets)));
    cronJobs.forEach(v -> targets.add(TargetArguments.of("cronjobs", "--cronjobs", v, targets)));
    nodePools.forEach(v -> targets.add(TargetArguments.of("nodepools", "--nodepools", v, targets)));
    targetFiles.forEach(f -> targets.addAll(TargetArguments.fromFile(f)));
    spec.targets = targets;
    spec.execution = execution == null ? null
        : execution.parallel ? HibernatePlanSpec.Execution.Parallel : HibernatePlanSpec.Execution.Sequential;
    spec.behavior = bestEffort ? HibernatePlanSpec.Behavior.BestEffort : null;
    spec.retries = retries;
    spec.suspend = suspend ? Boolean.TRUE : null;
    List<String> problems = new ArrayList<>();
    for (String p : HibernateValidation.problems(spec, Map.of())) {
      problems.add(p.replace("schedule.timeZone:", "--time-zone:").replace("spec.retries:", "--retries:")
          .replace("spec.targets is empty: name at least one target to shut down",
              "no target: give --workloads, --cronjobs, --nodepools or --target"));
    }
    for (HibernateTarget t : targets) {
      if (t.selector != null) {
        try {
          LabelSelectors.parse(t.selector);
        } catch (IllegalArgumentException e) {
          problems.add("target " + t.name + ".selector: " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw UserException.usage(String.join("\n", problems));
    }
    HibernatePlan plan = new HibernatePlan();
    plan.getMetadata().setName(name);
    plan.setSpec(spec);
    return plan;
  }

  /**
   * A target whose selector or refs find nothing is allowed (it may appear later), but said. An object another plan
   * of the namespace targets already is refused (exit 2), as the controller's validation would refuse it.
   */
  private void checkTargets(HibernatePlan plan, String ns) {
    LiveView live = new LiveView(client());
    Map<String, TargetObservation> mine = new LinkedHashMap<>();
    for (HibernateTarget t : plan.getSpec().targets) {
      try {
        TargetExecutor.State state = TargetExecutors.forType(t.type).orElseThrow().observe(live, ns, t);
        if (state.warning() != null) {
          err().println("warning: target " + t.name + ": " + state.warning());
        }
        mine.put(t.name, new TargetObservation(t.name, state.items(), false, false,
            false, null, null, false, null, null, null));
      } catch (RuntimeException e) {
        err().println("warning: target " + t.name + ": " + e.getMessage());
      }
    }
    Map<String, String> taken = PlanItems.of(
        client().resources(HibernatePlan.class).inNamespace(ns).list().getItems(), live);
    List<String> shared = HibernateValidation.sharedObjects(plan.getSpec(),
        new HibernateObservation(mine, false, taken));
    if (!shared.isEmpty()) {
      throw UserException.usage(String.join("\n", shared));
    }
  }
}
