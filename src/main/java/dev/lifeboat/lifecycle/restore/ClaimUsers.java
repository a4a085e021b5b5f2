package dev.lifeboat.lifecycle.restore;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import dev.lifeboat.api.Labels;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who writes to a claim while a restore would replace its files: running Pods that mount it, and workloads whose
 * pod template mounts it and that run (replicas &gt; 0, an active Job, a CronJob that is not suspended). A Pod is
 * reported as the workload that owns it (a Deployment through its ReplicaSet, a CronJob through its Job), so one
 * name says what to stop. lifeboat's own Pods (its Jobs) are not users. Pure: the caller lists the objects.
 */
public final class ClaimUsers {
  /** What lifeboat can stop around a restore (scale to 0 and back); the others must be stopped by hand. */
  public static final List<String> STOPPABLE_KINDS = List.of("deployment", "statefulset");

  private ClaimUsers() {}

  /** The objects of one namespace to look through. */
  public record Inputs(List<Pod> pods, List<Deployment> deployments, List<StatefulSet> statefulSets,
      List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets, List<Job> jobs, List<CronJob> cronJobs) {}

  /** Every user of {@code claim} as {@code kind/name}, sorted (kind in lower case: deployment, pod, ...). */
  public static List<String> of(String claim, Inputs o) {
    TreeSet<String> users = new TreeSet<>();
    for (Pod pod : o.pods()) {
      if (!ownPod(pod) && pod.getMetadata().getDeletionTimestamp() == null && running(pod)
          && mounts(pod.getSpec(), claim)) {
        users.add(ownerOf(pod, o));
      }
    }
    for (Deployment d : o.deployments()) {
      if (replicas(d.getSpec().getReplicas()) > 0 && mounts(d.getSpec().getTemplate().getSpec(), claim)) {
        users.add("deployment/" + d.getMetadata().getName());
      }
    }
    for (StatefulSet s : o.statefulSets()) {
      if (replicas(s.getSpec().getReplicas()) > 0 && (mounts(s.getSpec().getTemplate().getSpec(), claim)
          || ownsClaimTemplate(s, claim))) {
        users.add("statefulset/" + s.getMetadata().getName());
      }
    }
    for (DaemonSet d : o.daemonSets()) {
      if (mounts(d.getSpec().getTemplate().getSpec(), claim)) {
        users.add("daemonset/" + d.getMetadata().getName());
      }
    }
    for (ReplicaSet r : o.replicaSets()) {
      if (ownerRef(r) == null && replicas(r.getSpec().getReplicas()) > 0 && mounts(r.getSpec().getTemplate().getSpec(), claim)) {
        users.add("replicaset/" + r.getMetadata().getName());
      }
    }
    for (Job j : o.jobs()) {
      boolean active = j.getStatus() == null || j.getStatus().getCompletionTime() == null
          && (j.getStatus().getConditions() == null || j.getStatus().getConditions().stream()
              .noneMatch(c -> "True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))));
      if (!ownObject(j) && active && mounts(j.getSpec().getTemplate().getSpec(), claim)) {
        OwnerReference owner = ownerRef(j);
        users.add(owner != null && owner.getKind().equals("CronJob") ? "cronjob/" + owner.getName()
            : "job/" + j.getMetadata().getName());
      }
    }
    for (CronJob c : o.cronJobs()) {
      if (!Boolean.TRUE.equals(c.getSpec().getSuspend()) && !ownObject(c)
          && mounts(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(), claim)) {
        users.add("cronjob/" + c.getMetadata().getName());
      }
    }
    return List.copyOf(users);
  }

  /** Deployments and StatefulSets whose template mounts the claim, whatever their replicas (what --stop-users stops). */
  public static List<String> stoppableMounting(String claim, List<Deployment> deployments, List<StatefulSet> statefulSets) {
    TreeSet<String> refs = new TreeSet<>();
    deployments.stream().filter(d -> mounts(d.getSpec().getTemplate().getSpec(), claim))
        .forEach(d -> refs.add("deployment/" + d.getMetadata().getName()));
    statefulSets.stream().filter(s -> mounts(s.getSpec().getTemplate().getSpec(), claim) || ownsClaimTemplate(s, claim))
        .forEach(s -> refs.add("statefulset/" + s.getMetadata().getName()));
    return List.copyOf(refs);
  }

  /**
   * Why the restore must not write under these users, naming each, or null when every user is stopped by the restore
   * ({@code stopped}: the refs it stops) or the user forced it.
   */
  public static String problem(String claim, List<String> users, Collection<String> stopped, boolean force) {
    if (force) {
      return null;
    }
    List<String> left = users.stream().filter(u -> !stopped.contains(u)).toList();
    if (left.isEmpty()) {
      return null;
    }
    List<String> byHand = left.stream().filter(u -> !STOPPABLE_KINDS.contains(u.substring(0, u.indexOf('/')))).toList();
    return "target PersistentVolumeClaim \"" + claim + "\" is in use by " + String.join(", ", left)
        + ": a restore under a running application mixes its writes with the snapshot's files. Stop "
        + (byHand.size() == left.size() ? "them yourself" : "them with the restore (--stop KIND/NAME, or --stop-users"
            + " for every Deployment and StatefulSet that mounts the claim; spec.stopApplications)"
            + (byHand.isEmpty() ? "" : ", and " + String.join(", ", byHand) + " yourself (lifeboat stops Deployments and"
                + " StatefulSets only)"))
        + ", or add --force (spec.force) to restore under them";
  }

  static boolean mounts(PodSpec spec, String claim) {
    if (spec == null || spec.getVolumes() == null) {
      return false;
    }
    for (Volume v : spec.getVolumes()) {
      if (v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName())) {
        return true;
      }
    }
    return false;
  }

  /** A StatefulSet's volumeClaimTemplate makes claims TEMPLATE-SET-ORDINAL, mounted by the Pod of that ordinal. */
  private static boolean ownsClaimTemplate(StatefulSet s, String claim) {
    if (s.getSpec().getVolumeClaimTemplates() == null) {
      return false;
    }
    String set = s.getMetadata().getName();
    return s.getSpec().getVolumeClaimTemplates().stream().anyMatch(t -> claim.matches(
        Pattern.quote(t.getMetadata().getName() + "-" + set + "-") + "\\d+"));
  }

  private static boolean running(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  private static String ownerOf(Pod pod, Inputs o) {
    OwnerReference owner = ownerRef(pod);
    if (owner == null) {
      return "pod/" + pod.getMetadata().getName();
    }
    switch (owner.getKind()) {
      case "ReplicaSet" -> {
        OwnerReference up = o.replicaSets().stream().filter(r -> r.getMetadata().getName().equals(owner.getName()))
            .map(ClaimUsers::ownerRef).filter(Objects::nonNull).findFirst().orElse(null);
        return up != null && up.getKind().equals("Deployment") ? "deployment/" + up.getName()
            : "replicaset/" + owner.getName();
      }
      case "Job" -> {
        OwnerReference up = o.jobs().stream().filter(j -> j.getMetadata().getName().equals(owner.getName()))
            .map(ClaimUsers::ownerRef).filter(Objects::nonNull).findFirst().orElse(null);
        return up != null && up.getKind().equals("CronJob") ? "cronjob/" + up.getName() : "job/" + owner.getName();
      }
      default -> {
        return owner.getKind().toLowerCase(Locale.ROOT) + "/" + owner.getName();
      }
    }
  }

  private static OwnerReference ownerRef(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return null;
    }
    return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(refs.get(0));
  }

  private static boolean ownPod(Pod pod) {
    return ownObject(pod);
  }

  /** lifeboat's own Jobs, their Pods and CronJobs (managed-by label): a restore's own Job mounts its target. */
  private static boolean ownObject(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && Objects.equals(labels.get(Labels.MANAGED_BY),
        Labels.MANAGED_BY_VALUE);
  }

  private static int replicas(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }
}
