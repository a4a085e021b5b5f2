package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who a container's process is, as a container runtime (containerd, CRI-O) makes it from the pod's and the container's
 * securityContext: the container's fields win over the pod's; a user the pod does not name is the image's, and the
 * sandbox's "image" (the host) runs as root; the groups are the primary one, {@code supplementalGroups} and
 * {@code fsGroup}; the capabilities are the runtime's default set, less {@code drop}, plus {@code add}; a process that
 * is not root keeps none of them in effect (runtimes give no ambient capabilities); {@code allowPrivilegeEscalation:
 * false} is no_new_privs. Pure: {@link #setprivArguments()} says it to {@code setpriv(1)}.
 *
 * @param refusal why the kubelet would not start the container at all (runAsNonRoot with a root user), or null
 */
public record ContainerIdentity(long uid, long gid, List<Long> groups, Set<String> capabilities, boolean noNewPrivileges,
    boolean readOnlyRootFilesystem, String refusal) {

  /** containerd's and CRI-O's default capabilities of a container (what "drop: [ALL]" takes away). */
  static final Set<String> RUNTIME_DEFAULT = Set.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW",
      "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

  public static ContainerIdentity of(Pod pod, Container container) {
    PodSecurityContext podContext = pod.getSpec().getSecurityContext() == null ? new PodSecurityContext()
        : pod.getSpec().getSecurityContext();
    SecurityContext own = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
    long uid = first(own.getRunAsUser(), podContext.getRunAsUser(), 0L);
    long gid = first(own.getRunAsGroup(), podContext.getRunAsGroup(), 0L);
    LinkedHashSet<Long> groups = new LinkedHashSet<>();
    if (podContext.getSupplementalGroups() != null) {
      groups.addAll(podContext.getSupplementalGroups());
    }
    if (podContext.getFsGroup() != null) {
      groups.add(podContext.getFsGroup());
    }
    groups.remove(gid);
    boolean nonRoot = Boolean.TRUE.equals(first(own.getRunAsNonRoot(), podContext.getRunAsNonRoot(), false));
    String refusal = nonRoot && uid == 0
        ? "container has runAsNonRoot and image will run as root (pod: \"" + pod.getMetadata().getName()
            + "\", container: " + container.getName() + ")" : null;
    Set<String> capabilities = new TreeSet<>();
    if (Boolean.TRUE.equals(own.getPrivileged())) {
      capabilities.add("ALL");
    } else {
      capabilities.addAll(RUNTIME_DEFAULT);
      Capabilities asked = own.getCapabilities();
      if (asked != null && asked.getDrop() != null) {
        for (String drop : asked.getDrop()) {
          if (normal(drop).equals("ALL")) {
            capabilities.clear();
          } else {
            capabilities.remove(normal(drop));
          }
        }
      }
      if (asked != null && asked.getAdd() != null) {
        asked.getAdd().forEach(add -> capabilities.add(normal(add)));
      }
    }
    // A process that may not gain privileges: asked for, or implied (runtimes set it unless escalation is allowed
    // explicitly or the container is privileged; Kubernetes defaults allowPrivilegeEscalation to true otherwise).
    boolean noNewPrivileges = Boolean.FALSE.equals(own.getAllowPrivilegeEscalation());
    return new ContainerIdentity(uid, gid, List.copyOf(groups), Set.copyOf(capabilities), noNewPrivileges,
        Boolean.TRUE.equals(own.getReadOnlyRootFilesystem()), refusal);
  }

  /** The same identity with one more supplemental group. */
  public ContainerIdentity withGroup(long group) {
    List<Long> more = new ArrayList<>(groups);
    if (group != gid && !more.contains(group)) {
      more.add(group);
    }
    return new ContainerIdentity(uid, gid, List.copyOf(more), capabilities, noNewPrivileges, readOnlyRootFilesystem,
        refusal);
  }

  /** The capabilities the process has in effect: a root process its bounding set, any other none. */
  public Set<String> effectiveCapabilities() {
    return uid == 0 ? capabilities : Set.of();
  }

  /** {@code setpriv} options that make the calling root process this identity before it executes the command. */
  public List<String> setprivArguments() {
    List<String> args = new ArrayList<>(List.of("--reuid", String.valueOf(uid), "--regid", String.valueOf(gid)));
    if (groups.isEmpty()) {
      args.add("--clear-groups");
    } else {
      args.add("--groups");
      args.add(String.join(",", groups.stream().map(String::valueOf).toList()));
    }
    String bounding = capabilities.contains("ALL") ? "+all"
        : capabilities.isEmpty() ? "-all"
        : "-all," + String.join(",", capabilities.stream().map(c -> "+" + c.toLowerCase(Locale.ROOT)).toList());
    args.addAll(List.of("--bounding-set", bounding, "--inh-caps", "-all"));
    if (noNewPrivileges) {
      args.add("--no-new-privs");
    }
    return args;
  }

  private static String normal(String capability) {
    String upper = capability.toUpperCase(Locale.ROOT);
    return upper.startsWith("CAP_") ? upper.substring(4) : upper;
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
