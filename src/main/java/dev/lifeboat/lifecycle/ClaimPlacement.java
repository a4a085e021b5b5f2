package dev.lifeboat.lifecycle;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Where a pod that mounts a claim can run, from the claim's access modes, the pods that hold it and its volume's node
 * affinity. A ReadWriteOnce volume is attached to one node at a time: a pod elsewhere waits forever on
 * "Multi-Attach error" (K8up's most reported failure). So:
 * <ul>
 *   <li>ReadWriteMany (or ReadOnlyMany): anywhere;</li>
 *   <li>ReadWriteOncePod held by a running pod: nowhere — no second pod may mount it ({@link #exclusiveHolder});</li>
 *   <li>ReadWriteOnce held by a running pod: on that pod's node (required node affinity on
 *       {@code kubernetes.io/hostname});</li>
 *   <li>otherwise, where the volume's own node affinity says (a local volume), else anywhere (users stopped by
 *       {@code --stop} hold nothing).</li>
 * </ul>
 *
 * @param node the node the volume is attached to now, or null
 * @param volumeTerms the volume's required node selector terms, or empty
 * @param exclusiveHolder the running pod ({@code pod/NAME}) that holds a ReadWriteOncePod claim, or null
 */
public record ClaimPlacement(String node, List<NodeSelectorTerm> volumeTerms, String exclusiveHolder) {
  public static final String HOSTNAME = "kubernetes.io/hostname";
  public static final ClaimPlacement ANYWHERE = new ClaimPlacement(null, List.of(), null);

  public ClaimPlacement {
    volumeTerms = volumeTerms == null ? List.of() : List.copyOf(volumeTerms);
  }

  /**
   * The one node a pod mounting the claim can run on, known before it starts: where a running pod has it attached,
   * or a volume pinned to one host (a local volume: one term, {@code kubernetes.io/hostname In [node]}); else null.
   */
  public String pinnedNode() {
    if (node != null) {
      return node;
    }
    if (volumeTerms.size() != 1 || volumeTerms.get(0).getMatchExpressions() == null
        || volumeTerms.get(0).getMatchExpressions().size() != 1) {
      return null;
    }
    var expression = volumeTerms.get(0).getMatchExpressions().get(0);
    return HOSTNAME.equals(expression.getKey()) && "In".equals(expression.getOperator())
        && expression.getValues() != null && expression.getValues().size() == 1 ? expression.getValues().get(0) : null;
  }

  /**
   * @param claim the claim (null: unknown, anywhere)
   * @param volume its bound PersistentVolume, or null when unknown (not bound, or not readable)
   * @param pods the pods of the claim's namespace (those of the Job being placed excluded by the caller)
   */
  public static ClaimPlacement of(PersistentVolumeClaim claim, PersistentVolume volume, List<Pod> pods) {
    if (claim == null) {
      return ANYWHERE;
    }
    List<String> modes = claim.getSpec() == null || claim.getSpec().getAccessModes() == null ? List.of()
        : claim.getSpec().getAccessModes();
    if (modes.contains("ReadWriteMany") || modes.contains("ReadOnlyMany")) {
      return ANYWHERE;
    }
    String name = claim.getMetadata().getName();
    Pod holder = pods.stream().filter(p -> holds(p, name)).min(java.util.Comparator.comparing(
        (Pod p) -> p.getMetadata().getName())).orElse(null);
    List<NodeSelectorTerm> terms = volume == null || volume.getSpec() == null || volume.getSpec().getNodeAffinity() == null
        || volume.getSpec().getNodeAffinity().getRequired() == null
        || volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms() == null ? List.of()
        : volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms();
    if (holder != null && modes.contains("ReadWriteOncePod")) {
      return new ClaimPlacement(null, terms, "pod/" + holder.getMetadata().getName());
    }
    return new ClaimPlacement(holder == null ? null : holder.getSpec().getNodeName(), terms, null);
  }

  /** A pod that has the claim attached: running on a node and not going. */
  private static boolean holds(Pod pod, String claim) {
    boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
        && pod.getMetadata().getDeletionTimestamp() == null && pod.getSpec() != null && pod.getSpec().getNodeName() != null;
    return running && pod.getSpec().getVolumes() != null && pod.getSpec().getVolumes().stream()
        .anyMatch(v -> v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /** The required node affinity a Job's pod needs here, or null when it may run anywhere. */
  public Affinity affinity() {
    List<NodeSelectorTerm> terms;
    if (node != null) {
      // On the holder's node; that node already satisfies the volume's own affinity.
      terms = List.of(new NodeSelectorTermBuilder().withMatchExpressions(new NodeSelectorRequirementBuilder()
          .withKey(HOSTNAME).withOperator("In").withValues(node).build()).build());
    } else if (!volumeTerms.isEmpty()) {
      terms = volumeTerms;
    } else {
      return null;
    }
    return new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
  }

  /**
   * Why a pod with this node selector and affinity (a jobTemplate's) can never run where the claim can be attached,
   * or null when it can (or it cannot be told: only {@code kubernetes.io/hostname} is judged, other labels are the
   * nodes' to match). A contradiction is a validation error, not a pod Pending until the start timeout.
   */
  public String contradiction(String claim, java.util.Map<String, String> nodeSelector, Affinity affinity) {
    List<String> candidates = node != null ? List.of(node) : hostnames(volumeTerms);
    if (candidates == null || candidates.isEmpty()) {
      return null;
    }
    if (candidates.stream().anyMatch(c -> allows(nodeSelector, affinity, c))) {
      return null;
    }
    return "the jobTemplate's nodeSelector or affinity keeps the pod off " + String.join(", ", candidates)
        + ", the only node(s) where PersistentVolumeClaim \"" + claim + "\" can be attached"
        + (node != null ? " (a running pod uses it there)" : " (its volume's node affinity)")
        + ": remove the node constraint from spec.jobTemplate (or the Repository's), or stop the claim's users first";
  }

  /** The hostnames the terms name, when each term is exactly "hostname In [...]"; null otherwise (not judged). */
  private static List<String> hostnames(List<NodeSelectorTerm> terms) {
    List<String> names = new java.util.ArrayList<>();
    for (NodeSelectorTerm term : terms) {
      if (term.getMatchExpressions() == null || term.getMatchExpressions().size() != 1
          || !HOSTNAME.equals(term.getMatchExpressions().get(0).getKey())
          || !"In".equals(term.getMatchExpressions().get(0).getOperator())) {
        return null;
      }
      names.addAll(term.getMatchExpressions().get(0).getValues());
    }
    return names;
  }

  private static boolean allows(java.util.Map<String, String> nodeSelector, Affinity affinity, String host) {
    if (nodeSelector != null && nodeSelector.containsKey(HOSTNAME) && !host.equals(nodeSelector.get(HOSTNAME))) {
      return false;
    }
    if (affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
    return terms == null || terms.isEmpty() || terms.stream().anyMatch(t -> t.getMatchExpressions() == null
        || t.getMatchExpressions().stream().filter(r -> HOSTNAME.equals(r.getKey())).allMatch(r -> switch (r.getOperator()) {
          case "In" -> r.getValues() != null && r.getValues().contains(host);
          case "NotIn" -> r.getValues() == null || !r.getValues().contains(host);
          case "DoesNotExist" -> false;
          default -> true;
        }));
  }

  /** Why no second pod can read the claim now (a ReadWriteOncePod claim in use), naming the way out; null if it can. */
  public String exclusiveProblem(String claim) {
    return exclusiveHolder == null ? null : "PersistentVolumeClaim \"" + claim + "\" is ReadWriteOncePod and "
        + exclusiveHolder + " uses it: no second pod may mount it, so a backup pod would wait forever. Stop the"
        + " application for the backup (--stop KIND/NAME; spec.stopApplications) or back up from a snapshot of"
        + " the claim instead";
  }
}
