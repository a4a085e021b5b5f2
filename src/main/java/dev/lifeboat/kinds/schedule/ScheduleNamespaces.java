package dev.lifeboat.kinds.schedule;

import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.Tenancy;
import dev.lifeboat.schedule.LabelSelectors;
import io.fabric8.kubernetes.api.model.Namespace;
import dev.lifeboat.api.Repository;
import dev.lifeboat.engine.ReconcileContext;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.TreeSet;

/**
 * A Schedule that selects claims across namespaces ({@code namespaceSelector} or {@code namespaces}): allowed only in
 * lifeboat's own namespace, where the platform team works; its Backups go to each claim's namespace.
 */
final class ScheduleNamespaces {
  private ScheduleNamespaces() {}

  /** Why the Schedule may not select across namespaces, or null. */
  static String problem(Schedule schedule, Tenancy tenancy) {
    ScheduleSpec spec = schedule.getSpec();
    if (!tenancy.isAdmin(schedule.getMetadata().getNamespace())) {
      return (spec.namespaceSelector != null ? "namespaceSelector" : "namespaces") + ": " + tenancy.onlyAdmin()
          + " select claims in other namespaces; select this namespace's claims with pvcSelector, or create the"
          + " Schedule in " + tenancy.adminNamespace();
    }
    if (spec.namespaceSelector != null && LabelSelectors.problem(spec.namespaceSelector) != null) {
      return "namespaceSelector: " + LabelSelectors.problem(spec.namespaceSelector);
    }
    return null;
  }

  /**
   * What a run covers: {@code namespace/claim} of each selected namespace that has the Repository; the selected (or
   * named) namespaces without one; or why the namespaces cannot be listed.
   */
  record Selection(List<String> pvcs, List<String> withoutRepository, String problem) {}

  static Selection select(Schedule schedule, ReconcileContext ctx, Function<String, List<String>> claimsIn) {
    ScheduleSpec spec = schedule.getSpec();
    if (spec.repository == null) {
      return new Selection(List.of(), List.of(), null); // validation says so
    }
    List<String> selectedNamespaces;
    try {
      selectedNamespaces = selected(spec, ctx.live());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      return new Selection(List.of(), List.of(), "namespaceSelector: the controller may not list namespaces (an"
          + " install scoped to one namespace)");
    }
    List<String> pvcs = new ArrayList<>();
    List<String> without = new ArrayList<>();
    if (spec.namespaces != null) {
      spec.namespaces.stream().filter(n -> !selectedNamespaces.contains(n)).sorted().forEach(without::add);
    }
    for (String selected : selectedNamespaces) {
      if (ctx.confirmed(Repository.class, selected, spec.repository, true) == null) {
        without.add(selected);
      } else {
        claimsIn.apply(selected).forEach(claim -> pvcs.add(selected + "/" + claim));
      }
    }
    return new Selection(pvcs, without.stream().sorted().toList(), null);
  }

  /** The selected namespaces that exist and are not being deleted, sorted. */
  static List<String> selected(ScheduleSpec spec, ClusterView live) {
    TreeSet<String> names = new TreeSet<>();
    for (Namespace ns : live.listAll(Namespace.class, null)) {
      String name = ns.getMetadata().getName();
      boolean byName = spec.namespaces != null && spec.namespaces.contains(name);
      boolean bySelector = spec.namespaceSelector != null
          && LabelSelectors.matches(spec.namespaceSelector, ns.getMetadata().getLabels());
      if ((byName || bySelector) && ns.getMetadata().getDeletionTimestamp() == null) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }
}
