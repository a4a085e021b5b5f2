package dev.lifeboat.jobs;

import dev.lifeboat.api.JobTemplate;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Where and as whom a Job's pod runs: a {@link JobTemplate} applied to it (account, node selector, tolerations,
 * affinity, priority, resources), and lifeboat's own placement of a pod that mounts a ReadWriteOnce claim merged
 * into the user's affinity (both must hold: their required node selector terms are ANDed).
 */
public final class JobPods {
  private JobPods() {}

  /** The Job with the template's settings; unchanged where the template (or all of it) is null. */
  static Job apply(Job job, JobTemplate template) {
    if (template == null) {
      return job;
    }
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    if (template.serviceAccountName != null) {
      pod.setServiceAccountName(template.serviceAccountName);
    }
    if (template.nodeSelector != null && !template.nodeSelector.isEmpty()) {
      pod.setNodeSelector(new LinkedHashMap<>(template.nodeSelector));
    }
    if (template.tolerations != null && !template.tolerations.isEmpty()) {
      pod.setTolerations(new ArrayList<>(template.tolerations));
    }
    if (template.affinity != null) {
      pod.setAffinity(Serialization.clone(template.affinity));
    }
    if (template.priorityClassName != null) {
      pod.setPriorityClassName(template.priorityClassName);
    }
    if (template.resources != null) {
      pod.getContainers().get(0).setResources(Serialization.clone(template.resources));
    }
    return job;
  }

  /**
   * The Job with lifeboat's required node affinity (where its claim's volume can be attached) added to whatever the
   * pod already requires: unchanged when {@code placement} is null (anywhere).
   */
  public static Job placed(Job job, Affinity placement) {
    if (placement == null) {
      return job;
    }
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    pod.setAffinity(merge(pod.getAffinity(), placement));
    return job;
  }

  /** {@code own}'s required node terms ANDed with {@code required}'s (each pair of terms joined); the rest kept. */
  static Affinity merge(Affinity own, Affinity required) {
    List<NodeSelectorTerm> theirs = requiredTerms(own);
    List<NodeSelectorTerm> ours = requiredTerms(required);
    List<NodeSelectorTerm> both = new ArrayList<>();
    if (theirs.isEmpty()) {
      both.addAll(ours);
    } else {
      for (NodeSelectorTerm a : theirs) {
        for (NodeSelectorTerm b : ours) {
          both.add(new NodeSelectorTermBuilder()
              .withMatchExpressions(join(a.getMatchExpressions(), b.getMatchExpressions()))
              .withMatchFields(join(a.getMatchFields(), b.getMatchFields())).build());
        }
      }
    }
    Affinity merged = own == null ? new AffinityBuilder().build() : Serialization.clone(own);
    if (merged.getNodeAffinity() == null) {
      merged.setNodeAffinity(new io.fabric8.kubernetes.api.model.NodeAffinity());
    }
    merged.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(
        new io.fabric8.kubernetes.api.model.NodeSelectorBuilder().withNodeSelectorTerms(both).build());
    return merged;
  }

  private static List<NodeSelectorTerm> requiredTerms(Affinity affinity) {
    if (affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms() == null) {
      return List.of();
    }
    return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
  }

  private static List<NodeSelectorRequirement> join(List<NodeSelectorRequirement> a, List<NodeSelectorRequirement> b) {
    List<NodeSelectorRequirement> all = new ArrayList<>(a == null ? List.of() : a);
    all.addAll(b == null ? List.of() : b);
    return all;
  }
}
