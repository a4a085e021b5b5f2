package dev.lifeboat.lifecycle.mover;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Who the application that owns a claim's files runs as: the identity of the container that mounts the claim, in the
 * template of a Deployment or StatefulSet that mounts it (an application stopped for a restore still says who it is), or
 * else in a pod that does. The container's fields win over the pod's; {@code fsGroup} counts as a
 * group of the process (the kubelet adds it), not as an fsGroup of the mover. Pure: the caller lists the objects.
 *
 * @param source who said it: {@code pod/NAME}, {@code deployment/NAME}, {@code statefulset/NAME}
 * @param uid null when the application does not say (it runs as its image's user, which only a runtime knows)
 */
public record ApplicationIdentity(String source, Long uid, Long gid, List<Long> groups, Long fsGroup) {

  public static ApplicationIdentity of(String claim, List<Pod> pods, List<Deployment> deployments,
      List<StatefulSet> statefulSets) {
    if (claim == null) {
      return null;
    }
    List<ApplicationIdentity> found = new ArrayList<>();
    deployments.stream().sorted(Comparator.comparing(d -> d.getMetadata().getName()))
        .forEach(d -> add(found, "deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec(), claim, null));
    for (StatefulSet s : statefulSets.stream().sorted(Comparator.comparing(x -> x.getMetadata().getName())).toList()) {
      String template = s.getSpec().getVolumeClaimTemplates() == null ? null : s.getSpec().getVolumeClaimTemplates()
          .stream().map(t -> t.getMetadata().getName()).filter(t -> claim.startsWith(t + "-" + s.getMetadata().getName() + "-"))
          .findFirst().orElse(null);
      add(found, "statefulset/" + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec(), claim, template);
    }
    // Then pods of their own (a bare pod, a Job's): a workload's pods say what its template says, by its name.
    pods.stream().filter(p -> !own(p.getMetadata().getLabels())).sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .forEach(p -> add(found, "pod/" + p.getMetadata().getName(), p.getSpec(), claim, null));
    return found.stream().filter(i -> i.uid != null).findFirst().orElse(found.isEmpty() ? null : found.get(0));
  }

  private static void add(List<ApplicationIdentity> found, String source, PodSpec spec, String claim, String template) {
    if (spec == null || spec.getVolumes() == null && template == null) {
      return;
    }
    String volume = template != null ? template : spec.getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName()))
        .map(Volume::getName).findFirst().orElse(null);
    if (volume == null) {
      return;
    }
    List<Container> containers = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
    Container user = containers.stream().filter(c -> c.getVolumeMounts() != null && c.getVolumeMounts().stream()
        .map(VolumeMount::getName).anyMatch(volume::equals)).findFirst().orElse(null);
    if (user == null) {
      return;
    }
    PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
    SecurityContext own = user.getSecurityContext() == null ? new SecurityContext() : user.getSecurityContext();
    Long uid = own.getRunAsUser() != null ? own.getRunAsUser() : pod.getRunAsUser();
    Long gid = own.getRunAsGroup() != null ? own.getRunAsGroup() : pod.getRunAsGroup();
    LinkedHashSet<Long> groups = new LinkedHashSet<>();
    if (pod.getSupplementalGroups() != null) {
      groups.addAll(pod.getSupplementalGroups());
    }
    if (pod.getFsGroup() != null) {
      groups.add(pod.getFsGroup());
    }
    found.add(new ApplicationIdentity(source, uid, gid, List.copyOf(groups), pod.getFsGroup()));
  }

  private static boolean own(java.util.Map<String, String> labels) {
    return labels != null && dev.lifeboat.api.Labels.MANAGED_BY_VALUE.equals(labels.get(dev.lifeboat.api.Labels.MANAGED_BY));
  }
}
