package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * What lifeboat's Job pods take from the cluster they run in: the account (IRSA, Workload Identity), where they may
 * run (a tainted storage node, a zone), their priority and their resources (a quota that demands limits). Set on a
 * Repository (for every Job that uses it), overridable on a Backup, a Restore and a Schedule's backupTemplate, field
 * by field; the install's defaults are under both.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobTemplate extends UnknownFields {
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("The Jobs' ServiceAccount (default lifeboat-manager). It needs the lifeboat-manager Role"
      + " bound to it (see docs/install.md): the Jobs report through the API.")
  public String serviceAccountName;

  @JsonPropertyDescription("Node labels the Jobs' pods require (a storage node pool).")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Taints the Jobs' pods tolerate.")
  public List<Toleration> tolerations;

  @JsonPropertyDescription("The Jobs' pods' affinity. lifeboat adds its own required node affinity where a"
      + " ReadWriteOnce claim is attached; a contradiction fails the run at validation.")
  public Affinity affinity;

  @JsonPropertyDescription("The Jobs' pods' PriorityClass.")
  public String priorityClassName;

  @JsonPropertyDescription("The lifeboat container's requests and limits (default: requests cpu 100m, memory"
      + " 128Mi; no limits, see docs/nodes.md).")
  public ResourceRequirements resources;

  /** Field by field, {@code over}'s settings where it has them, else {@code under}'s; null when both are. */
  public static JobTemplate merge(JobTemplate over, JobTemplate under) {
    if (over == null || under == null) {
      return over == null ? under : over;
    }
    JobTemplate merged = new JobTemplate();
    merged.serviceAccountName = over.serviceAccountName != null ? over.serviceAccountName : under.serviceAccountName;
    merged.nodeSelector = over.nodeSelector != null ? over.nodeSelector : under.nodeSelector;
    merged.tolerations = over.tolerations != null ? over.tolerations : under.tolerations;
    merged.affinity = over.affinity != null ? over.affinity : under.affinity;
    merged.priorityClassName = over.priorityClassName != null ? over.priorityClassName : under.priorityClassName;
    merged.resources = over.resources != null ? over.resources : under.resources;
    return merged;
  }
}
