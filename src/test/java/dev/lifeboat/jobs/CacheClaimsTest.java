package dev.lifeboat.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.mover.MoverIdentity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

class CacheClaimsTest {
  private final JobFactory factory = new JobFactory(new JobSettings("lifeboat:test", "lifeboat-manager", "IfNotPresent"));

  private static Repository repository(String capacity) {
    Repository r = new Repository();
    r.getMetadata().setName("repo");
    r.getMetadata().setNamespace("prod");
    r.getMetadata().setUid("uid-repo");
    r.setSpec(new RepositorySpec());
    r.getSpec().url = "s3:http://127.0.0.1:9000/bucket";
    r.getSpec().passwordSecretRef = new SecretKeyRef("repo-restic", "password");
    r.getSpec().cacheCapacity = capacity;
    r.getSpec().cacheStorageClassName = capacity == null ? null : "fast";
    return r;
  }

  private static Backup backup() {
    Backup b = new Backup();
    b.getMetadata().setName("nightly");
    b.getMetadata().setNamespace("prod");
    b.getMetadata().setUid("uid-backup");
    b.setSpec(new BackupSpec());
    b.getSpec().repository = "repo";
    b.getSpec().source = new BackupSource("data");
    return b;
  }

  private static Volume cache(Job job) {
    return job.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("cache"))
        .findFirst().orElseThrow();
  }

  @Test
  void namesAreValidLabelValuesAndNeverShared() {
    assertNotEquals(CacheClaims.name("a-b", "c"), CacheClaims.name("a", "b-c"));
    String longest = CacheClaims.name("r".repeat(63), "c".repeat(253));
    assertTrue(longest.length() <= 63 && longest.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), longest);
    assertEquals(CacheClaims.name("repo", "data"), CacheClaims.name("repo", "data"), "the same claim every run");
  }

  @Test
  void theClaimHasTheRepositorysSizeAndClassAndGoesWithIt() {
    var claim = CacheClaims.claim(repository("2Gi"), "data");
    assertEquals(CacheClaims.name("repo", "data"), claim.getMetadata().getName());
    assertEquals("prod", claim.getMetadata().getNamespace());
    assertEquals("2Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
    assertEquals("fast", claim.getSpec().getStorageClassName());
    assertEquals(java.util.List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
    var owner = claim.getMetadata().getOwnerReferences().get(0);
    assertEquals("Repository/repo/uid-repo", owner.getKind() + "/" + owner.getName() + "/" + owner.getUid());
    assertTrue(Labels.lifeboatOwnClaim(claim.getMetadata().getLabels()), "never a claim to back up");
  }

  @Test
  void aMountedCacheReplacesTheEmptyDirAndANonRootMoverWritesThroughItsGroup() {
    Job job = factory.backupJob(backup(), repository("2Gi"), JobPurpose.BACKUP, "nightly-backup");
    assertEquals("2Gi", cache(job).getEmptyDir().getSizeLimit().toString(), "without its claim: a limited emptyDir");
    CacheClaims.mounted(job, "lifeboat-cache-x");
    assertEquals("lifeboat-cache-x", cache(job).getPersistentVolumeClaim().getClaimName());
    assertNull(cache(job).getEmptyDir());
    assertEquals("lifeboat-cache-x", job.getMetadata().getLabels().get(Labels.CACHE_CLAIM));
    var pod = job.getSpec().getTemplate().getSpec();
    assertEquals(pod.getSecurityContext().getRunAsGroup(), pod.getSecurityContext().getFsGroup());
    assertEquals("OnRootMismatch", pod.getSecurityContext().getFsGroupChangePolicy());
    // the source stays read-only: the kubelet leaves its owners alone whatever the fsGroup
    assertTrue(pod.getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst().orElseThrow()
        .getPersistentVolumeClaim().getReadOnly());
  }

  @Test
  void aRootMoverGetsNoFsGroup() {
    Job job = factory.backupJob(backup(), repository("2Gi"), JobPurpose.BACKUP, "nightly-backup");
    MoverIdentity root = MoverIdentity.choose(null, null, "prod", true, null, MoverIdentity.Access.READ).identity();
    MoverPods.apply(job, root);
    CacheClaims.mounted(job, "lifeboat-cache-x");
    assertNull(job.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup());
  }

  @Test
  void withoutACapacityEveryJobKeepsItsUnlimitedEmptyDir() {
    Job job = factory.backupJob(backup(), repository(null), JobPurpose.BACKUP, "nightly-backup");
    assertNull(cache(job).getEmptyDir().getSizeLimit());
    Job verify = factory.backupJob(backup(), repository("1Gi"), JobPurpose.VERIFY, "nightly-verify");
    assertEquals("1Gi", cache(verify).getEmptyDir().getSizeLimit().toString(), "other Jobs: limited, not kept");
  }
}
