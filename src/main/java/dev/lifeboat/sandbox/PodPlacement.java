package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The sandbox scheduler's and attach-detach controller's decisions, as Kubernetes makes them, on a snapshot of the
 * cluster (no I/O): which nodes a pod fits (nodeName, nodeSelector, required node affinity, taints and tolerations,
 * cordoned nodes, its claims bound, a PV's node affinity, a ReadWriteOncePod claim used by another pod), the node it
 * goes to (the least busy that fits, then by name), and whether its ReadWriteOnce volumes can be attached there (not
 * while a running pod on another node has them).
 */
final class PodPlacement {
  /** What the scheduler and the attach-detach controller see. */
  record Cluster(List<Node> nodes, List<Pod> pods, Function<String, PersistentVolumeClaim> claims,
      Function<String, PersistentVolume> volumes) {}

  /** A node, or why none: the scheduler's FailedScheduling message. */
  record Decision(String node, String unschedulable) {}

  private PodPlacement() {}

  static Decision schedule(Pod pod, Cluster cluster) {
    String ns = pod.getMetadata().getNamespace();
    for (String claim : claimsOf(pod)) {
      PersistentVolumeClaim pvc = cluster.claims().apply(ns + "/" + claim);
      if (pvc == null) {
        return new Decision(null, "0/" + cluster.nodes().size() + " nodes are available: persistentvolumeclaim \""
            + claim + "\" not found.");
      }
      if (pvc.getSpec().getVolumeName() == null || pvc.getStatus() == null || !"Bound".equals(pvc.getStatus().getPhase())) {
        return new Decision(null, "0/" + cluster.nodes().size() + " nodes are available: pod has unbound immediate"
            + " PersistentVolumeClaims.");
      }
    }
    Map<String, Integer> reasons = new TreeMap<>();
    List<Node> fits = new ArrayList<>();
    for (Node node : cluster.nodes()) {
      String why = whyNot(pod, node, cluster);
      if (why == null) {
        fits.add(node);
      } else {
        reasons.merge(why, 1, Integer::sum);
      }
    }
    if (fits.isEmpty()) {
      StringBuilder message = new StringBuilder("0/" + cluster.nodes().size() + " nodes are available: ");
      List<String> parts = new ArrayList<>();
      reasons.forEach((why, count) -> parts.add(count + " " + why));
      message.append(parts.isEmpty() ? "no nodes in the cluster" : String.join(", ", parts)).append('.');
      if (!reasons.isEmpty()) {
        message.append(" preemption: 0/").append(cluster.nodes().size())
            .append(" nodes are available: ").append(cluster.nodes().size())
            .append(" Preemption is not helpful for scheduling.");
      }
      return new Decision(null, message.toString());
    }
    Node least = fits.stream().min(Comparator.comparingLong((Node n) -> podsOn(n, cluster))
        .thenComparing(n -> n.getMetadata().getName())).orElseThrow();
    return new Decision(least.getMetadata().getName(), null);
  }

  /** The Multi-Attach error for a pod bound to its node, or null when every volume can be attached there. */
  static String attachConflict(Pod pod, Cluster cluster) {
    String ns = pod.getMetadata().getNamespace();
    String node = pod.getSpec().getNodeName();
    for (String claim : claimsOf(pod)) {
      PersistentVolumeClaim pvc = cluster.claims().apply(ns + "/" + claim);
      if (pvc == null || !accessModes(pvc).contains("ReadWriteOnce") || accessModes(pvc).contains("ReadWriteMany")) {
        continue;
      }
      List<String> holders = cluster.pods().stream()
          .filter(other -> !sameObject(other, pod) && ns.equals(other.getMetadata().getNamespace()) && running(other)
              && other.getSpec().getNodeName() != null && !node.equals(other.getSpec().getNodeName())
              && claimsOf(other).contains(claim))
          .map(other -> other.getMetadata().getName()).sorted().toList();
      if (!holders.isEmpty()) {
        return "Multi-Attach error for volume \"" + pvc.getSpec().getVolumeName() + "\" Volume is already used by pod(s) "
            + String.join(", ", holders);
      }
    }
    return null;
  }

  /** The reason this node does not fit, in the scheduler's words (counted per reason), or null when it does. */
  private static String whyNot(Pod pod, Node node, Cluster cluster) {
    String name = node.getMetadata().getName();
    if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().equals(name)) {
      return "node(s) didn't match the requested node name";
    }
    if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return "node(s) were unschedulable";
    }
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    boolean selected = selector == null || selector.entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    if (!selected || !matchesRequiredAffinity(pod, node)) {
      return "node(s) didn't match Pod's node affinity/selector";
    }
    Taint untolerated = untoleratedTaint(pod, node);
    if (untolerated != null) {
      return "node(s) had untolerated taint {" + untolerated.getKey() + ": "
          + (untolerated.getValue() == null ? "" : untolerated.getValue()) + "}";
    }
    String ns = pod.getMetadata().getNamespace();
    for (String claim : claimsOf(pod)) {
      PersistentVolumeClaim pvc = cluster.claims().apply(ns + "/" + claim);
      PersistentVolume pv = cluster.volumes().apply(pvc.getSpec().getVolumeName());
      if (pv != null && pv.getSpec().getNodeAffinity() != null && pv.getSpec().getNodeAffinity().getRequired() != null
          && !matchesAny(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms(), node)) {
        return "node(s) had volume node affinity conflict";
      }
      if (accessModes(pvc).contains("ReadWriteOncePod") && cluster.pods().stream()
          .anyMatch(other -> !sameObject(other, pod) && ns.equals(other.getMetadata().getNamespace())
              && running(other) && claimsOf(other).contains(claim))) {
        return "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";
      }
    }
    return null;
  }

  private static boolean matchesRequiredAffinity(Pod pod, Node node) {
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    return matchesAny(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms(), node);
  }

  /** Node selector terms are ORed; the requirements of one term are ANDed. */
  static boolean matchesAny(List<NodeSelectorTerm> terms, Node node) {
    if (terms == null || terms.isEmpty()) {
      return false;
    }
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    return terms.stream().anyMatch(term -> all(term.getMatchExpressions(), r -> labels.get(r.getKey()))
        && all(term.getMatchFields(), r -> "metadata.name".equals(r.getKey()) ? node.getMetadata().getName() : null));
  }

  private static boolean all(List<NodeSelectorRequirement> requirements, Function<NodeSelectorRequirement, String> value) {
    if (requirements == null) {
      return true;
    }
    for (NodeSelectorRequirement r : requirements) {
      String v = value.apply(r);
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      boolean ok = switch (r.getOperator()) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> v != null;
        case "DoesNotExist" -> v == null;
        case "Gt" -> v != null && values.size() == 1 && compare(v, values.get(0)) > 0;
        case "Lt" -> v != null && values.size() == 1 && compare(v, values.get(0)) < 0;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int compare(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The first NoSchedule or NoExecute taint of the node that no toleration of the pod tolerates. */
  private static Taint untoleratedTaint(Pod pod, Node node) {
    List<Taint> taints = node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    for (Taint taint : taints) {
      if ("PreferNoSchedule".equals(taint.getEffect())) {
        continue;
      }
      if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
        return taint;
      }
    }
    return null;
  }

  static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (t.getKey() == null || t.getKey().isEmpty()) {
      return "Exists".equals(t.getOperator()); // an empty key with Exists tolerates everything
    }
    if (!t.getKey().equals(taint.getKey())) {
      return false;
    }
    return "Exists".equals(t.getOperator()) || Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()));
  }

  static List<String> claimsOf(Pod pod) {
    List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    return volumes.stream().filter(v -> v.getPersistentVolumeClaim() != null)
        .map(v -> v.getPersistentVolumeClaim().getClaimName()).distinct().toList();
  }

  static List<String> accessModes(PersistentVolumeClaim pvc) {
    return pvc.getSpec().getAccessModes() == null ? List.of() : pvc.getSpec().getAccessModes();
  }

  /** Holds its node: bound and neither ended nor going. */
  static boolean running(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Running".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static long podsOn(Node node, Cluster cluster) {
    return cluster.pods().stream().filter(p -> node.getMetadata().getName().equals(p.getSpec().getNodeName())
        && running(p)).count();
  }

  private static boolean sameObject(Pod a, Pod b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName())
        && Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
