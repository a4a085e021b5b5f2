package dev.lifeboat.engine;

import dev.lifeboat.cluster.ApiWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import dev.lifeboat.lifecycle.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind's part of the engine: observe what the kind's pure lifecycle needs, call its
 * {@code decide}, hand the decision to the shared {@link ActionApplier}. Registered once in
 * {@link Reconcilers}; the watch loop, the once pass and {@code --wait} find it there.
 */
public interface Reconciler<R extends HasMetadata> {
  /** The kind this reconciler owns. */
  Class<R> type();

  /**
   * Observe → decide → apply for one object (as the engine read it: cached, or live when the cache
   * is known to be behind). Returns when to look again without an event, if ever.
   *
   * @throws ApiWriter.StatusConflictException when a write met a newer version: the engine re-reads and retries
   */
  Optional<Duration> reconcile(R resource, ReconcileContext context);

  /** The object's phase (null before its first status): the {@code lifeboat_objects} metric counts by it. */
  Object phase(R resource);

  /** Whether the object may still change by itself: a change of a {@link #wokenBy} kind wakes only these. */
  boolean unsettled(R resource);

  /**
   * Handlers of the Action types only this kind emits (a HibernatePlan's target actions); the
   * applier carries out the common ones itself and checks that every type has exactly one handler.
   */
  default Map<Class<? extends Action>, ActionHandler<?>> handlers() {
    return Map.of();
  }

  /** Other kinds whose change in a namespace wakes this kind's unsettled objects there (a lock freed, a workload scaled). */
  default List<Class<? extends HasMetadata>> wokenBy() {
    return List.of();
  }
}
