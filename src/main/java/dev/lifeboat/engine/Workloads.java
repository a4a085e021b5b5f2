package dev.lifeboat.engine;

import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.api.StopApplications;
import dev.lifeboat.lifecycle.WorkloadView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.lifeboat.lifecycle.restore.ClaimUsers;

/** The workloads an operation stops and starts (listed refs and selector matches), as lifecycles see them. */
public final class Workloads {
  private Workloads() {}

  public record Observed(List<WorkloadView> views, List<String> unknownRefs) {}

  /**
   * @param fromServer read the workloads from the server, not the cache: while an operation is about
   *     to record the replicas it will restore, a cache that missed someone's scale-up (a watch cut, a
   *     relist pending) would make it save 0 and leave the application down. From the cache, a copy
   *     that has not seen our own last scale of it is never used ({@link ReconcileContext#current})
   */
  public static Observed observe(ReconcileContext ctx, String ns, StopApplications stop, boolean fromServer) {
    return observe(ctx, ns, stop, fromServer, null);
  }

  /** As above; with {@code targetClaim} and {@code stop.targetUsers}, also the Deployments and StatefulSets mounting it. */
  public static Observed observe(ReconcileContext ctx, String ns, StopApplications stop, boolean fromServer, String targetClaim) {
    List<WorkloadView> views = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (stop == null) {
      return new Observed(views, unknown);
    }
    Map<String, HasMetadata> seen = new LinkedHashMap<>();
    for (String ref : stop.workloads) {
      String[] parts = ref.split("/", 2);
      if (parts.length != 2 || !(parts[0].equals("deployment") || parts[0].equals("statefulset"))) {
        unknown.add(ref);
        continue;
      }
      Class<? extends HasMetadata> type = parts[0].equals("deployment") ? Deployment.class : StatefulSet.class;
      seen.put(ref, fromServer ? ctx.live().get(type, ns, parts[1]) : ctx.current(type, ns, parts[1]));
    }
    if (stop.selector != null && !stop.selector.isEmpty()) {
      for (HasMetadata w : (fromServer ? ctx.live() : ctx.cache()).workloadsMatching(ns, stop.selector)) {
        // From the cache, a copy our own scale write replaced is waited out (or read live), never decided on.
        seen.putIfAbsent(refOf(w), fromServer ? w : ctx.current(w.getClass(), ns, w.getMetadata().getName()));
      }
    }
    if (stop.stopsTargetUsers() && targetClaim != null) {
      ClusterView view = fromServer ? ctx.live() : ctx.cache();
      for (String ref : ClaimUsers.stoppableMounting(targetClaim,
          view.list(Deployment.class, ns), view.list(StatefulSet.class, ns))) {
        String[] parts = ref.split("/", 2);
        Class<? extends HasMetadata> type = parts[0].equals("deployment") ? Deployment.class : StatefulSet.class;
        seen.putIfAbsent(ref, fromServer ? ctx.live().get(type, ns, parts[1]) : ctx.current(type, ns, parts[1]));
      }
    }
    seen.forEach((ref, w) -> views.add(w == null ? WorkloadView.missing(ref) : view(ref, w)));
    return new Observed(views, unknown);
  }

  public static String refOf(HasMetadata w) {
    return (w instanceof Deployment ? "deployment/" : "statefulset/") + w.getMetadata().getName();
  }

  private static WorkloadView view(String ref, HasMetadata w) {
    if (w instanceof Deployment d) {
      return new WorkloadView(ref, true, orOne(d.getSpec().getReplicas()),
          d.getStatus() == null ? 0 : orZero(d.getStatus().getReplicas()),
          d.getStatus() == null ? 0 : orZero(d.getStatus().getReadyReplicas()));
    }
    StatefulSet s = (StatefulSet) w;
    return new WorkloadView(ref, true, orOne(s.getSpec().getReplicas()),
        s.getStatus() == null ? 0 : orZero(s.getStatus().getReplicas()),
        s.getStatus() == null ? 0 : orZero(s.getStatus().getReadyReplicas()));
  }

  private static int orOne(Integer v) {
    return v == null ? 1 : v;
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
