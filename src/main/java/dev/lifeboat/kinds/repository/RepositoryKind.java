package dev.lifeboat.kinds.repository;

import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.Column;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The Repository kind: one restic repository (a URL and its password) as a namespace uses it. */
public final class RepositoryKind {
  public static final Kind<Repository> KIND = new Kind<>(Repository.class, "repositories",
      List.of("repository", "repo", "repos"), List.of(
      Column.of("PHASE", (r, now) -> r.getStatus() == null ? "" : String.valueOf(r.getStatus().phase)),
      Column.of("HEALTHY", (r, now) -> healthy(r)),
      Column.of("SNAPSHOTS", (r, now) -> r.getStatus() == null || r.getStatus().snapshots == null ? ""
          : String.valueOf(r.getStatus().snapshots)),
      Column.of("SIZE", (r, now) -> r.getStatus() == null ? "" : Ages.bytes(r.getStatus().sizeBytes)),
      Column.of("LAST CHECK", (r, now) -> lastRun(r, MaintenanceTask.check, now)),
      Column.of("URL", (r, now) -> r.getSpec().url),
      Column.wide("MESSAGE", (r, now) -> r.getStatus() == null ? "" : Column.text(r.getStatus().message)),
      Column.age()),
      new RepositoryReconciler(),
      // the data-deletion finalizer; the Jobs read it
      Set.of("update"), Set.of("get"),
      null);

  private RepositoryKind() {}

  /** The Healthy condition's status (set by the last check), or empty before any check. */
  /**
   * The check or prune a Repository of {@code repository}'s URL runs now in any namespace, as a waiting backup names it
   * ({@code Repository "r" runs prune (Job x)}), or null: restic's exclusive lock is on the URL.
   */
  public static String exclusiveMaintenance(Repository repository, dev.lifeboat.engine.ReconcileContext ctx) {
    return MaintenanceObservations.exclusiveMaintenance(repository, ctx);
  }

  private static String healthy(Repository r) {
    var condition = r.getStatus() == null ? null : Conditions.find(r.getStatus().conditions, Conditions.HEALTHY);
    return condition == null ? "" : condition.getStatus();
  }

  /** "Succeeded 2h ago", "Failed 5m ago" or empty. */
  private static String lastRun(Repository r, MaintenanceTask task, Instant now) {
    var entry = r.getStatus() == null ? null : r.getStatus().find(task);
    if (entry == null || entry.lastEnd == null) {
      return "";
    }
    return entry.result + " " + Ages.since(entry.lastEnd, now) + " ago";
  }
}
