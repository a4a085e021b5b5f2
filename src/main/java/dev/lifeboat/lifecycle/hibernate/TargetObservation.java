package dev.lifeboat.lifecycle.hibernate;

import java.util.List;

/**
 * One target of a plan as the engine found it.
 *
 * @param items the objects it resolved to (deployment/api, cronjob/report, nodepool/default, ...)
 * @param stopped every item is at rest as asked (replicas 0, suspended, limits zero, patch applied)
 * @param settled the items have followed (no pod left running); true for kinds without pods
 * @param ready every item is up and ready (replicas ready as asked); true for kinds without pods
 * @param committed the restore point a wake-up uses, or null
 * @param pending a capture whose shutdown has not finished yet, or null (kept apart so a failed
 *     shutdown never replaces the committed point)
 * @param marked woken in the current wake-up (the restored mark is on the ConfigMap)
 * @param blockedBy why the target must wait (a restore holds it), or null
 * @param problem why the target could not be read (a kind the cluster does not serve), or null
 * @param warning something worth an Event but no failure (a selector matching nothing), or null
 */
public record TargetObservation(String name, List<String> items, boolean stopped, boolean settled, boolean ready,
    RestorePoint committed, RestorePoint pending, boolean marked, String blockedBy, String problem, String warning) {

  public TargetObservation {
    items = List.copyOf(items);
  }

  /** Shut down and recorded: nothing left to do for this sleep. */
  boolean down() {
    return stopped && committed != null && pending == null;
  }
}
