package dev.lifeboat.engine;

import dev.lifeboat.lifecycle.Action;

/**
 * How one type of {@link Action} is carried out. The {@link ActionApplier} has exactly one per
 * Action type, the generic ones its own, the rest from the kinds that emit them
 * ({@link Reconciler#handlers()}); it refuses to be built when one is missing.
 */
@FunctionalInterface
public interface ActionHandler<A extends Action> {
  void handle(A action, Applying applying);
}
