package dev.lifeboat.jobs;

import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the container of every lifeboat Job that opens a repository gets, whatever its purpose: the
 * repository's environment (its URL, and its password and credentials as Secret references, never
 * values) and the scratch volumes restic writes to (its cache, and a home and temp folder on a
 * read-only root file system).
 */
final class JobEnvironment {
  private static final String CACHE_MOUNT = JobFactory.CACHE_MOUNT;
  /** The volume restic's cache is on: an emptyDir, or a cache claim ({@link CacheClaims}). */
  static final String CACHE_VOLUME = "cache";
  private static final String TMP_MOUNT = JobFactory.TMP_MOUNT;

  private static final String CACERT_ENV = JobFactory.CACERT_ENV;
  private static final String LIMIT_UPLOAD_ENV = JobFactory.LIMIT_UPLOAD_ENV;
  private static final String LIMIT_DOWNLOAD_ENV = JobFactory.LIMIT_DOWNLOAD_ENV;
  static final String CA_MOUNT = "/etc/lifeboat/ca";
  static final String CA_FILE = "ca.crt";

  private JobEnvironment() {}

  static List<EnvVar> env(Repository repository) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("RESTIC_REPOSITORY", repository.getSpec().url, null));
    env.add(new EnvVarBuilder().withName("RESTIC_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
        .withName(repository.getSpec().passwordSecretRef.name)
        .withKey(repository.getSpec().passwordSecretRef.keyOrDefault())
        .endSecretKeyRef().endValueFrom().build());
    env.add(new EnvVar("RESTIC_CACHE_DIR", CACHE_MOUNT, null));
    env.add(new EnvVar("HOME", TMP_MOUNT, null));
    env.add(new EnvVar("TMPDIR", TMP_MOUNT, null));
    // Without a UTF-8 locale the JVM cannot name files like "données/日本語" (restores move files in Java).
    env.add(new EnvVar("LANG", "C.UTF-8", null));
    // restic's global flags, which the manager passes on (restic 0.14 reads no environment for them).
    if (repository.getSpec().caSecretRef != null) {
      env.add(new EnvVar(CACERT_ENV, CA_MOUNT + "/" + CA_FILE, null));
    }
    if (repository.getSpec().limitUploadKiB != null) {
      env.add(new EnvVar(LIMIT_UPLOAD_ENV, String.valueOf(repository.getSpec().limitUploadKiB), null));
    }
    if (repository.getSpec().limitDownloadKiB != null) {
      env.add(new EnvVar(LIMIT_DOWNLOAD_ENV, String.valueOf(repository.getSpec().limitDownloadKiB), null));
    }
    return env;
  }

  /** The repository's CA certificate, when it has one: its Secret's key as {@code ca.crt}, read-only. */
  static List<Volume> caVolumes(Repository repository) {
    SecretKeyRef ca = repository == null ? null : repository.getSpec().caSecretRef;
    if (ca == null) {
      return List.of();
    }
    return List.of(new VolumeBuilder().withName("ca").withNewSecret().withSecretName(ca.name)
        .addNewItem().withKey(ca.key == null || ca.key.isBlank() ? CA_FILE : ca.key).withPath(CA_FILE).endItem()
        .endSecret().build());
  }

  static List<VolumeMount> caMounts(Repository repository) {
    return repository == null || repository.getSpec().caSecretRef == null ? List.of()
        : List.of(new VolumeMountBuilder().withName("ca").withMountPath(CA_MOUNT).withReadOnly(true).build());
  }

  /**
   * The credentials Secret the Job's purpose needs: maintenance, forget, the removal of data and keys delete what is
   * stored, and take {@code maintenanceCredentialsSecret} when the Repository names one; everything else (init,
   * backup, verify, restore and its clean-up) only writes and reads, and takes {@code credentialsSecret}, which may
   * then be write-only or append-only. A Job never gets both.
   */
  static List<EnvFromSource> envFrom(Repository repository, JobPurpose purpose) {
    String credentials = deletes(purpose) && repository.getSpec().maintenanceCredentialsSecret != null
        ? repository.getSpec().maintenanceCredentialsSecret : repository.getSpec().credentialsSecret;
    if (credentials == null || credentials.isBlank()) {
      return List.of();
    }
    return List.of(new EnvFromSourceBuilder().withNewSecretRef().withName(credentials).endSecretRef().build());
  }

  /** Purposes that delete what a backup stored (snapshots, packs, keys, the whole repository). */
  static boolean deletes(JobPurpose purpose) {
    return purpose == JobPurpose.MAINTENANCE || purpose == JobPurpose.FORGET || purpose == JobPurpose.DELETE_DATA
        || purpose == JobPurpose.KEY;
  }

  static List<Volume> scratchVolumes() {
    return List.of(
        new VolumeBuilder().withName(CACHE_VOLUME).withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
  }

  static List<VolumeMount> scratchMounts() {
    return List.of(
        new VolumeMountBuilder().withName(CACHE_VOLUME).withMountPath(CACHE_MOUNT).build(),
        new VolumeMountBuilder().withName("tmp").withMountPath(TMP_MOUNT).build());
  }
}
