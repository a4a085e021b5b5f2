package dev.lifeboat.kinds.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.engine.ActionHandler;
import dev.lifeboat.engine.Applying;
import dev.lifeboat.jobs.CopyObjects;
import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.Map;

/** The handlers of a Backup's copy actions: the VolumeSnapshot, the temporary claim, their deletion. */
final class CopyHandlers {
  private CopyHandlers() {}

  static Map<Class<? extends Action>, ActionHandler<?>> all() {
    return Map.of(
        Action.CreateVolumeSnapshot.class, (ActionHandler<Action.CreateVolumeSnapshot>) CopyHandlers::snapshot,
        Action.CreateCopyClaim.class, (ActionHandler<Action.CreateCopyClaim>) CopyHandlers::claim,
        Action.DeleteCopy.class, (ActionHandler<Action.DeleteCopy>) CopyHandlers::delete,
        Action.RunHooks.class, (ActionHandler<Action.RunHooks>) HookRuns::run);
  }

  private static void snapshot(Action.CreateVolumeSnapshot create, Applying a) {
    a.context().applier().writer().createObject(
        CopyObjects.volumeSnapshot((Backup) a.resource(), create.name(), create.claim(), create.snapshotClass()));
  }

  private static void claim(Action.CreateCopyClaim create, Applying a) {
    PersistentVolumeClaim source = a.context().confirmed(PersistentVolumeClaim.class, a.namespace(), create.claim(), true);
    if (source == null) {
      throw new IllegalStateException("PVC " + create.claim() + " is gone: no copy of it can be made");
    }
    a.context().applier().writer().createObject(
        CopyObjects.claim((Backup) a.resource(), create.name(), create.sourceKind(), create.sourceName(), source));
  }

  private static void delete(Action.DeleteCopy delete, Applying a) {
    var writer = a.context().applier().writer();
    if (delete.claim() != null) {
      writer.deleteObject(PersistentVolumeClaim.class, a.namespace(), delete.claim());
    }
    if (delete.volumeSnapshot() != null) {
      writer.deleteGeneric(CopyObjects.SNAPSHOT_API, "VolumeSnapshot", a.namespace(), delete.volumeSnapshot());
    }
  }
}
