package dev.lifeboat.jobs;

import dev.lifeboat.lifecycle.mover.MoverIdentity;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a Job's pod run as its mover ({@link MoverIdentity}): the user, group and supplemental groups of its process,
 * the fsGroup of a restore that asks for one, and for the privileged mover root with every capability dropped but the
 * few its work needs. Everything else of the pod's security stays as lifeboat builds it (read-only root, no privilege
 * escalation, the runtime's seccomp profile).
 */
public final class MoverPods {
  private MoverPods() {}

  public static Job apply(Job job, MoverIdentity mover) {
    if (mover == null) {
      return job;
    }
    var spec = job.getSpec().getTemplate().getSpec();
    PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
    pod.setRunAsUser(mover.uid());
    pod.setRunAsGroup(mover.gid());
    pod.setRunAsNonRoot(mover.uid() != 0);
    pod.setSupplementalGroups(mover.groups().isEmpty() ? null : new ArrayList<>(mover.groups()));
    pod.setFsGroup(mover.fsGroup());
    spec.setSecurityContext(pod);
    for (Container container : spec.getContainers()) {
      SecurityContext own = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
      own.setRunAsNonRoot(mover.uid() != 0);
      own.setCapabilities(new Capabilities(mover.capabilities().isEmpty() ? null : new ArrayList<>(mover.capabilities()),
          new ArrayList<>(List.of("ALL"))));
      own.setAllowPrivilegeEscalation(false);
      container.setSecurityContext(own);
    }
    return job;
  }
}
