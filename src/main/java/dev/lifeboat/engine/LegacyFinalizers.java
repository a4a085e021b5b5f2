package dev.lifeboat.engine;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Removes what earlier builds left on users' claims and this one no longer uses: the finalizer
 * {@code lifeboat.dev/in-use}, which kept a deleted claim Terminating until a lifeboat that knew it removed it. The
 * controller sees every claim (its cache holds them); one that carries it gets a JSON patch that tests the finalizer
 * at its index and removes only it, so a finalizer someone else adds or removes meanwhile is never touched (the
 * patch then fails its test and the next news of the claim tries again). No manual {@code kubectl edit} after an
 * upgrade (docs/upgrades.md).
 */
final class LegacyFinalizers {
  static final String IN_USE = "lifeboat.dev/in-use";
  private static final Logger LOG = Logger.getLogger(LegacyFinalizers.class.getName());
  private final KubernetesClient client;
  /** The controller's thread for work beside reconciling (shared: see WatchController). */
  private final Executor executor;

  LegacyFinalizers(KubernetesClient client, Executor executor) {
    this.client = client;
    this.executor = executor;
  }

  void claimChanged(PersistentVolumeClaim claim) {
    List<String> finalizers = claim.getMetadata().getFinalizers();
    if (finalizers != null && finalizers.contains(IN_USE)) {
      executor.execute(() -> remove(claim));
    }
  }

  private void remove(PersistentVolumeClaim claim) {
    List<String> finalizers = claim.getMetadata().getFinalizers();
    int at = finalizers.indexOf(IN_USE);
    String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + at + "\",\"value\":\"" + IN_USE + "\"},"
        + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + at + "\"}]";
    try {
      client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON), patch);
      LOG.info("removed the finalizer " + IN_USE + " an earlier lifeboat left on claim "
          + claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName());
    } catch (KubernetesClientException e) {
      // 404: gone; 422 (the test failed): changed meanwhile, its next event comes with the new list
      LOG.fine("claim " + claim.getMetadata().getName() + ": " + e.getMessage());
    }
  }

}
