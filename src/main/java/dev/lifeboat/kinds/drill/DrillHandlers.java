package dev.lifeboat.kinds.drill;

import dev.lifeboat.api.Drill;
import dev.lifeboat.api.Restore;
import dev.lifeboat.engine.ActionHandler;
import dev.lifeboat.engine.Applying;
import dev.lifeboat.jobs.DrillObjects;
import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.Map;

/** The handlers of a Drill's own actions: its scratch claim, made and deleted. */
final class DrillHandlers {
  private DrillHandlers() {}

  static Map<Class<? extends Action>, ActionHandler<?>> all() {
    return Map.of(
        Action.CreateScratchClaim.class, (ActionHandler<Action.CreateScratchClaim>) DrillHandlers::create,
        Action.DeleteScratch.class, (ActionHandler<Action.DeleteScratch>) DrillHandlers::delete);
  }

  private static void create(Action.CreateScratchClaim create, Applying a) {
    if (create.size() == null) {
      throw new IllegalStateException("scratch claim " + create.name() + ": its size is unknown (claim " + create.claim()
          + " is gone and spec.scratch.size is not set)");
    }
    a.context().applier().writer().createObject(DrillObjects.scratchClaim((Drill) a.resource(), create.name(),
        create.claim(), create.size(), create.storageClass()));
  }

  /** The Restore first (its finalizer frees its lock on the scratch), then the verify Job, then the claim. */
  private static void delete(Action.DeleteScratch delete, Applying a) {
    var writer = a.context().applier().writer();
    if (delete.restore() != null) {
      writer.deleteObject(Restore.class, a.namespace(), delete.restore());
    }
    if (delete.verifyJob() != null) {
      writer.deleteJob(a.namespace(), delete.verifyJob());
    }
    writer.deleteObject(PersistentVolumeClaim.class, a.namespace(), delete.claim());
  }
}
