package dev.lifeboat.kinds.drill;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.DrillSpec;
import dev.lifeboat.api.DrillStatus;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Restore;
import dev.lifeboat.engine.ProtectionInputs;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.drill.DrillLifecycle;
import dev.lifeboat.lifecycle.drill.DrillObservation;
import dev.lifeboat.lifecycle.drill.DrillObservation.Owned;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** What a Drill's pass reads: its Backup, the backed-up claim's size, and the objects it makes. */
final class DrillObservations {
  private DrillObservations() {}

  static DrillObservation observe(Drill drill, ReconcileContext ctx) {
    String ns = drill.getMetadata().getNamespace();
    String name = drill.getMetadata().getName();
    DrillStatus s = drill.getStatus() == null ? null : drill.getStatus().phase == null ? null : drill.getStatus();
    boolean pending = s == null || s.phase == DrillPhase.Pending;
    Backup backup = null;
    String unresolved = null;
    if (!pending) {
      backup = null; // decided already: the status names it, and nothing below needs it again
    } else if (drill.getSpec() != null) {
      DrillSpec spec = drill.getSpec();
      if (spec.backup != null) {
        backup = ctx.confirmed(Backup.class, ns, spec.backup, true);
        unresolved = backup == null ? "Backup \"" + spec.backup + "\" not found in namespace " + ns + ": fix spec.backup"
            : null;
      } else if (spec.latestOfPvc != null) {
        backup = newestReady(ctx, ns, b -> b.getSpec().source != null && spec.latestOfPvc.equals(b.getSpec().source.pvc));
        unresolved = backup == null ? "no Ready Backup of claim " + spec.latestOfPvc + " in namespace " + ns
            + ": nothing to drill yet" : null;
      } else if (spec.latestOfSchedule != null) {
        backup = newestReady(ctx, ns, b -> b.getMetadata().getLabels() != null
            && spec.latestOfSchedule.equals(b.getMetadata().getLabels().get(Labels.SCHEDULE)));
        unresolved = backup == null ? "Schedule " + spec.latestOfSchedule + " has no Ready Backup in namespace " + ns
            + ": nothing to drill yet" : null;
      }
    }
    String claim = backup != null && backup.getSpec().source != null ? backup.getSpec().source.pvc
        : s == null ? null : s.pvc;
    PersistentVolumeClaim scratch = ctx.cache().get(PersistentVolumeClaim.class, ns, DrillLifecycle.scratchName(name));
    Restore restore = ctx.cache().get(Restore.class, ns, DrillLifecycle.restoreName(name));
    Owned restoreOwned = owned(restore, drill);
    return new DrillObservation(backup == null ? null : chosen(backup), unresolved,
        pending || owned(scratch, drill) == Owned.ABSENT ? scratchSize(ctx, drill, ns, claim) : null,
        owned(scratch, drill), restoreOwned,
        restoreOwned != Owned.OURS || restore.getStatus() == null ? restoreOwned == Owned.OURS
            ? new DrillObservation.RestoreView(null, null, null, null) : null
            : new DrillObservation.RestoreView(restore.getStatus().phase, restore.getStatus().message,
                restore.getStatus().restoredFiles, restore.getStatus().restoredBytes),
        s == null || s.verifyJobName == null ? null : ctx.job(ns, s.verifyJobName, s.phase == DrillPhase.Verifying),
        s == null || s.scratchDatabase == null ? null : s.phase == DrillPhase.Restoring
            ? ctx.job(ns, JobNames.jobName(name, JobPurpose.DRILL_RESTORE), true)
            : s.phase == DrillPhase.Failed ? ctx.job(ns, JobNames.jobName(name, JobPurpose.DRILL_CLEANUP), false) : null);
  }

  /** The newest Ready Backup of the namespace that {@code matches}: by when its snapshot was taken. */
  private static Backup newestReady(ReconcileContext ctx, String ns, Predicate<Backup> matches) {
    return ctx.cache().list(Backup.class, ns).stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready)
        .filter(b -> b.getMetadata().getDeletionTimestamp() == null).filter(matches)
        .max(Comparator.comparing(ProtectionInputs::snapshotTime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(b -> b.getMetadata().getName()))
        .orElse(null);
  }

  private static DrillObservation.Chosen chosen(Backup b) {
    BackupStatus s = b.getStatus();
    var missing = s == null ? null : Conditions.find(s.conditions, Conditions.SNAPSHOT_MISSING);
    boolean claim = b.getSpec().source != null && b.getSpec().source.isClaim();
    return new DrillObservation.Chosen(b.getMetadata().getName(), s == null ? null : s.phase,
        claim ? b.getSpec().source.pvc : null,
        b.getSpec().source == null || b.getSpec().source.kind() == null ? "unknown"
            : b.getSpec().source.postgres != null && b.getSpec().source.postgres.dumpsAll() ? "pg_dumpall"
            : b.getSpec().source.kind().name(),
        b.getSpec().repository, s == null ? null : s.snapshotId, ProtectionInputs.snapshotTime(b),
        missing != null && "True".equals(missing.getStatus()) ? missing.getMessage() : null);
  }

  /** spec.scratch's size and class over the backed-up claim's (a volume expanded past its request: its capacity). */
  private static DrillObservation.ScratchSize scratchSize(ReconcileContext ctx, Drill drill, String ns, String claim) {
    var given = drill.getSpec() == null ? null : drill.getSpec().scratch;
    PersistentVolumeClaim source = claim == null ? null : ctx.confirmed(PersistentVolumeClaim.class, ns, claim, true);
    String size = given != null && given.size != null ? given.size : source == null ? null : size(source);
    if (size == null) {
      return null;
    }
    String storageClass = given != null && given.storageClassName != null ? given.storageClassName
        : source == null ? null : source.getSpec().getStorageClassName();
    return new DrillObservation.ScratchSize(size, storageClass);
  }

  private static String size(PersistentVolumeClaim pvc) {
    Quantity request = pvc.getSpec().getResources() == null || pvc.getSpec().getResources().getRequests() == null
        ? null : pvc.getSpec().getResources().getRequests().get("storage");
    Quantity capacity = pvc.getStatus() == null || pvc.getStatus().getCapacity() == null ? null
        : pvc.getStatus().getCapacity().get("storage");
    Quantity bigger = request == null ? capacity : capacity == null ? request
        : Quantity.getAmountInBytes(capacity).compareTo(Quantity.getAmountInBytes(request)) > 0 ? capacity : request;
    return bigger == null ? null : bigger.toString();
  }

  private static Owned owned(HasMetadata object, Drill drill) {
    if (object == null) {
      return Owned.ABSENT;
    }
    var owners = object.getMetadata().getOwnerReferences();
    boolean ours = owners != null && owners.stream().anyMatch(o -> Objects.equals(o.getUid(), drill.getMetadata().getUid()));
    return ours ? Owned.OURS : Owned.FOREIGN;
  }
}
