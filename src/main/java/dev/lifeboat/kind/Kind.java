package dev.lifeboat.kind;

import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.output.Column;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Set;

/**
 * Everything the rest of lifeboat needs to know about one of its kinds, in one place: the CLI's
 * names for it, its table, its reconciler (which also gives its phase to the metrics), and
 * the RBAC verbs the controller and the Jobs use on it. kinds.Kinds lists them; the CLI, install
 * (CRDs, ClusterRoles), the metrics and the engine read nothing else.
 *
 * @param type the API class (its CRD is generated from it)
 * @param plural the resource name, as kubectl and RBAC spell it ("backups")
 * @param aliases the other names {@code get} accepts: the singular and short names
 * @param columns {@code get}'s table after NAME (the CRD's printer columns show the same)
 * @param reconciler the kind's part of the engine
 * @param controllerVerbs what the controller does to objects of the kind beyond list, watch, get and status and
 *     finalizer writes: "create", "delete", "update" (finalizers on the object)
 * @param jobVerbs what lifeboat's Jobs do to them: "get", and "status" for a patch of the status
 */
public record Kind<R extends CustomResource<?, ?>>(Class<R> type, String plural, List<String> aliases,
    List<Column<R>> columns, Reconciler<R> reconciler, Set<String> controllerVerbs,
    Set<String> jobVerbs) {
  /** The kind's name as Job labels and work-queue keys carry it ("Backup"). */
  public String name() {
    return type.getSimpleName();
  }
}
