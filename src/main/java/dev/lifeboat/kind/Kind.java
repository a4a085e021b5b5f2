package dev.lifeboat.kind;

import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.output.Column;
import io.fabric8.kubernetes.client.CustomResource;
import dev.lifeboat.lifecycle.JobPurpose;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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
 * @param logs the Jobs whose pods {@code <kind> logs} prints, and the line that says why an object failed
 *     (null: the kind has no {@code logs} command)
 */
public record Kind<R extends CustomResource<?, ?>>(Class<R> type, String plural, List<String> aliases,
    List<Column<R>> columns, Reconciler<R> reconciler, Set<String> controllerVerbs,
    Set<String> jobVerbs, Logs<R> logs) {
  /**
   * @param jobs the purposes of the object's Jobs, in the order they run
   * @param failure the line that says why the object failed ("backup b1 Failed: ..."), or null when it did not
   */
  public record Logs<R>(List<JobPurpose> jobs, Function<R, String> failure) {}

  /** The kind's name as Job labels and work-queue keys carry it ("Backup"). */
  public String name() {
    return type.getSimpleName();
  }
}
