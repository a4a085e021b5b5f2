package dev.lifeboat.kinds.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupHook;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.CopyMethod;
import dev.lifeboat.api.Labels;
import dev.lifeboat.engine.PvcStates;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.jobs.CopyObjects;
import dev.lifeboat.lifecycle.PvcState;
import dev.lifeboat.lifecycle.backup.CopyObservation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a Backup's copy and hooks depend on: annotated pods, the snapshot class, the copy's objects. */
final class CopyObservations {
  private CopyObservations() {}

  /** Whether to look at all: a Direct backup without hooks looks only when its Job is about to be created. */
  static boolean needed(Backup backup, BackupPhase phase) {
    if (backup.getSpec().source == null || !backup.getSpec().source.isClaim()) {
      return false;
    }
    BackupStatus status = backup.getStatus();
    return switch (phase == null ? BackupPhase.Pending : phase) {
      case Pending -> backup.getSpec().copyMethodOrDefault() != CopyMethod.Direct
          || backup.getSpec().hooks != null && !backup.getSpec().hooks.isEmpty();
      case Copying -> true;
      case Running -> status.hooks != null || status.copyClaim != null || status.volumeSnapshot != null;
      default -> false;
    };
  }

  static CopyObservation of(Backup backup, ReconcileContext ctx) {
    String ns = backup.getMetadata().getNamespace();
    String claim = backup.getSpec().source.pvc;
    BackupStatus status = backup.getStatus() == null ? new BackupStatus() : backup.getStatus();
    List<BackupHook> pre = new ArrayList<>();
    List<BackupHook> post = new ArrayList<>();
    for (Pod pod : ctx.live().listAll(Pod.class, ns)) {
      if (mounts(pod, claim) && pod.getMetadata().getAnnotations() != null) {
        annotated(pod, Labels.PRE_HOOK_PREFIX).ifPresent(pre::add);
        annotated(pod, Labels.POST_HOOK_PREFIX).ifPresent(post::add);
      }
    }
    String snapshotClass = null;
    String problem = null;
    CopyMethod method = backup.getSpec().copyMethodOrDefault();
    PersistentVolumeClaim source = ctx.confirmed(PersistentVolumeClaim.class, ns, claim, true);
    if (method != CopyMethod.Direct && status.volumeSnapshot == null && status.copyClaim == null && source != null) {
      String storageClass = source.getSpec().getStorageClassName();
      if (storageClass == null || storageClass.isEmpty()) {
        problem = "PVC " + claim + " has no storage class: a " + method + " copy needs a CSI driver's; use --copy-method"
            + " direct";
      } else if (method == CopyMethod.Snapshot) {
        String[] found = snapshotClass(ctx, storageClass, backup.getSpec().volumeSnapshotClassName);
        snapshotClass = found[0];
        problem = found[1];
      }
    }
    CopyObservation.SnapshotState snapshot = status.volumeSnapshot == null ? null
        : snapshotState(ctx.live().getGeneric(CopyObjects.SNAPSHOT_API, "VolumeSnapshot", ns, status.volumeSnapshot));
    PvcState copyClaim = status.copyClaim == null ? PvcState.MISSING
        : PvcStates.of(ctx.live().get(PersistentVolumeClaim.class, ns, status.copyClaim));
    return new CopyObservation(pre, post, snapshotClass, problem, snapshot, copyClaim);
  }

  /** [class, problem]: the spec's class, or the default class of the storage class's driver. */
  private static String[] snapshotClass(ReconcileContext ctx, String storageClass, String named) {
    StorageClass sc = ctx.live().get(StorageClass.class, null, storageClass);
    if (sc == null) {
      return new String[] {null, "StorageClass " + storageClass + " (of the claim) not found: no snapshot can be taken"};
    }
    List<GenericKubernetesResource> classes;
    try {
      classes = ctx.live().listGeneric(CopyObjects.SNAPSHOT_API, "VolumeSnapshotClass", null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return new String[] {null, "this cluster serves no VolumeSnapshots (" + CopyObjects.SNAPSHOT_API + "): install"
            + " the CSI snapshot controller, or use --copy-method clone or direct"};
      }
      throw e;
    }
    String driver = sc.getProvisioner();
    for (GenericKubernetesResource c : classes) {
      boolean sameDriver = driver.equals(c.getAdditionalProperties().get("driver"));
      if (named != null && named.equals(c.getMetadata().getName())) {
        return sameDriver ? new String[] {named, null} : new String[] {null, "VolumeSnapshotClass " + named + " is for"
            + " driver " + c.getAdditionalProperties().get("driver") + ", not " + driver + " (StorageClass "
            + storageClass + "): fix spec.volumeSnapshotClassName"};
      }
      if (named == null && sameDriver && c.getMetadata().getAnnotations() != null
          && "true".equals(c.getMetadata().getAnnotations().get(CopyObjects.DEFAULT_CLASS_ANNOTATION))) {
        return new String[] {c.getMetadata().getName(), null};
      }
    }
    return new String[] {null, named != null ? "VolumeSnapshotClass " + named + " not found: fix"
        + " spec.volumeSnapshotClassName (kubectl get volumesnapshotclasses)"
        : "StorageClass " + storageClass + " (driver " + driver + ") has no default VolumeSnapshotClass: create one,"
            + " annotate it " + CopyObjects.DEFAULT_CLASS_ANNOTATION + "=true, or name one (--volume-snapshot-class)"};
  }

  @SuppressWarnings("unchecked")
  private static CopyObservation.SnapshotState snapshotState(GenericKubernetesResource snapshot) {
    if (snapshot == null) {
      return null;
    }
    Object raw = snapshot.getAdditionalProperties().get("status");
    Map<String, Object> status = raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Object error = status.get("error") instanceof Map<?, ?> e ? e.get("message") : null;
    return new CopyObservation.SnapshotState((String) status.get("creationTime"),
        Boolean.TRUE.equals(status.get("readyToUse")), error == null ? null : String.valueOf(error));
  }

  private static boolean mounts(Pod pod, String claim) {
    return pod.getMetadata().getDeletionTimestamp() == null && pod.getSpec().getVolumes() != null
        && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
            && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /** A pod's hook of one stage from its annotations ({@code command}, {@code container}, {@code on-error}, {@code timeout}). */
  private static java.util.Optional<BackupHook> annotated(Pod pod, String prefix) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    String command = a.get(prefix + "command");
    if (command == null || command.isBlank()) {
      return java.util.Optional.empty();
    }
    BackupHook hook = new BackupHook();
    hook.pod = pod.getMetadata().getName();
    hook.container = a.get(prefix + "container");
    // Velero's convention: a JSON array is argv; anything else is a shell command.
    hook.command = command.strip().startsWith("[") ? jsonArgv(command) : List.of("/bin/sh", "-c", command);
    String timeout = a.get(prefix + "timeout");
    hook.timeout = timeout != null && dev.lifeboat.api.Durations.timeoutProblem("timeout", timeout) == null ? timeout : null;
    hook.onError = "Continue".equalsIgnoreCase(a.get(prefix + "on-error")) ? BackupHook.OnError.Continue
        : BackupHook.OnError.Fail;
    return java.util.Optional.of(hook);
  }

  private static List<String> jsonArgv(String json) {
    try {
      return List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String[].class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of("/bin/sh", "-c", json);
    }
  }
}
