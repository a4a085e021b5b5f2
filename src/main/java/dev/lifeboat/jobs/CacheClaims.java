package dev.lifeboat.jobs;

import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.JobNames;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;

/**
 * restic's cache kept between Jobs ({@code spec.cacheCapacity} of a Repository).
 *
 * <p>One cache claim per (Repository, backed-up claim), as VolSync keeps one per source, and not one per Repository:
 * <ul>
 *   <li>A backup pod runs where its source claim is attached (a zone, or a node for local volumes). A claim is bound
 *       where its first consumer runs (WaitForFirstConsumer), so a cache used only by one claim's backups is always
 *       where they run; one cache shared by all of a Repository's backups would be bound next to the first claim and
 *       leave every backup of a claim in another zone or node unschedulable.</li>
 *   <li>The cache of one claim's backups holds what the next backup of that claim needs: the repository's index and
 *       the trees of that claim's last snapshot.</li>
 *   <li>One writer at a time: two restic 0.14 processes cleaning one cache can fail each other (restic #4760, fixed in
 *       0.17). A Job mounts its cache claim only when no running Job has it (label {@link Labels#CACHE_CLAIM}); the
 *       other one, rare (two Backups of one claim at once), gets an emptyDir.</li>
 * </ul>
 * Restores, verifies and maintenance keep an emptyDir (limited to the capacity when one is set): they run on other
 * nodes than any one claim's backups, or (check) make their own temporary cache anyway.
 */
public final class CacheClaims {
  private CacheClaims() {}

  /** The cache claim of {@code claim}'s backups into {@code repository}: a hash keeps "a-b"+"c" and "a"+"b-c" apart. */
  public static String name(String repository, String claim) {
    return JobNames.fit("lifeboat-cache-" + repository + "-" + claim, 56) + "-"
        + JobNames.shortHash(repository + "/" + claim).substring(0, 6);
  }

  /** Whether backups into {@code repository} keep their cache. */
  public static boolean wanted(Repository repository) {
    return repository != null && repository.getSpec().cacheCapacity != null;
  }

  /** The claim itself: the Repository's size and class, ReadWriteOnce, gone with the Repository. */
  public static PersistentVolumeClaim claim(Repository repository, String claim) {
    Map<String, String> labels = OwnerLabels.of("Repository", repository.getMetadata().getName());
    labels.put(Labels.CACHE_OF, JobNames.labelValue(claim));
    labels.put(Labels.REPOSITORY, JobNames.labelValue(repository.getMetadata().getName()));
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name(repository.getMetadata().getName(), claim))
        .withNamespace(repository.getMetadata().getNamespace()).withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(repository.getApiVersion())
            .withKind(repository.getKind()).withName(repository.getMetadata().getName())
            .withUid(repository.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(false).build())
        .endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(repository.getSpec().cacheStorageClassName)
        .withNewResources().addToRequests("storage", new Quantity(repository.getSpec().cacheCapacity)).endResources()
        .endSpec().build();
  }

  /** {@code job} with its cache on claim {@code claimName} (and labelled so, for the one-writer rule). */
  public static Job mounted(Job job, String claimName) {
    Volume claim = new VolumeBuilder().withName(JobEnvironment.CACHE_VOLUME).withNewPersistentVolumeClaim()
        .withClaimName(claimName).endPersistentVolumeClaim().build();
    if (!replaceCache(job, claim)) {
      throw new IllegalStateException("Job " + job.getMetadata().getName() + " has no cache volume");
    }
    job.getMetadata().getLabels().put(Labels.CACHE_CLAIM, claimName);
    job.getSpec().getTemplate().getMetadata().getLabels().put(Labels.CACHE_CLAIM, claimName);
    // A new volume's root is root's: a non-root mover writes there through the pod's fsGroup, which the kubelet
    // applies to the volumes it may change, not to the source claim (mounted read-only: left alone).
    PodSecurityContext pod = job.getSpec().getTemplate().getSpec().getSecurityContext();
    if (pod != null && pod.getFsGroup() == null && pod.getRunAsGroup() != null && !Long.valueOf(0).equals(pod.getRunAsUser())) {
      pod.setFsGroup(pod.getRunAsGroup());
      pod.setFsGroupChangePolicy("OnRootMismatch"); // walk the cache once, not at every backup
    }
    return job;
  }

  /** {@code job}'s emptyDir cache limited to the Repository's cache capacity, when it has one (and a cache). */
  public static Job limited(Job job, Repository repository) {
    if (wanted(repository)) {
      replaceCache(job, new VolumeBuilder().withName(JobEnvironment.CACHE_VOLUME).withNewEmptyDir()
          .withSizeLimit(new Quantity(repository.getSpec().cacheCapacity)).endEmptyDir().build());
    }
    return job;
  }

  /** Whether {@code job} had a cache volume, now {@code cache}. */
  private static boolean replaceCache(Job job, Volume cache) {
    List<Volume> volumes = job.getSpec().getTemplate().getSpec().getVolumes();
    for (int i = 0; i < volumes.size(); i++) {
      if (JobEnvironment.CACHE_VOLUME.equals(volumes.get(i).getName())) {
        volumes.set(i, cache);
        return true;
      }
    }
    return false;
  }
}
