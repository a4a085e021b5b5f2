package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/**
 * The identity a Job that reads or writes a claim (the mover) runs as, when it is given rather than found: the user,
 * group and supplemental groups of its process, and for a restore the fsGroup the kubelet gives the target's files.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MoverSecurityContext extends UnknownFields {
  /** The description of {@code spec.moverSecurityContext} (Backup, Restore, a Schedule's backupTemplate). */
  public static final String FIELD = "The identity the mover (the Job that reads or writes the claim) runs as. Default:"
      + " the identity of the pods that mount the claim (their runAsUser, runAsGroup, supplementalGroups and fsGroup as"
      + " a group), or the privileged mover where the namespace allows it.";
  /** The description of {@code spec.privilegedMover}. */
  public static final String PRIVILEGED_FIELD = "true: a privileged mover (root with only the capabilities it needs:"
      + " DAC_READ_SEARCH to read; CHOWN, FOWNER, DAC_OVERRIDE, FSETID to restore owners and modes), allowed only in"
      + " namespaces annotated lifeboat.dev/privileged-movers=true, where it is the default. false: the pods' identity"
      + " even there.";

  @Min(1)
  @Max(2147483647)
  @JsonPropertyDescription("The mover's user ID (not 0: a root mover is the privileged one, privilegedMover: true).")
  public Long runAsUser;

  @Min(0)
  @Max(2147483647)
  @JsonPropertyDescription("The mover's group ID. Default: runAsUser.")
  public Long runAsGroup;

  @JsonPropertyDescription("More groups of the mover's process (the groups the data's folders belong to).")
  public List<Long> supplementalGroups;

  @Min(0)
  @Max(2147483647)
  @JsonPropertyDescription("Restores only: the pod's fsGroup (the kubelet gives the target's files this group before"
      + " the restore writes). Never set on a backup: it would change the files it reads.")
  public Long fsGroup;

  public MoverSecurityContext() {}

  public MoverSecurityContext(Long runAsUser, Long runAsGroup) {
    this.runAsUser = runAsUser;
    this.runAsGroup = runAsGroup;
  }
}
