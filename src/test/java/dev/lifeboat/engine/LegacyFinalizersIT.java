package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.Eventually;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade from an early build needs no manual step: claims it left its finalizer {@code lifeboat.dev/in-use} on
 * lose it (only it: Kubernetes' own stays) once this controller runs, and one deleted meanwhile, stuck Terminating
 * on that finalizer, goes.
 */
class LegacyFinalizersIT {
  private static PersistentVolumeClaim claim(String name) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default")
        .withFinalizers("kubernetes.io/pvc-protection", LegacyFinalizers.IN_USE, "example.com/keep").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage",
            new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec().build();
  }

  @Test
  void anEarlyBuildsFinalizerIsRemovedWithoutTouchingOthers(@TempDir Path tmp) throws Exception {
    try (SandboxApiServer server = SandboxApiServer.start(tmp, 0); KubernetesClient client = server.newClient()) {
      client.persistentVolumeClaims().inNamespace("default").resource(claim("kept")).create();
      PersistentVolumeClaim deleted = claim("deleted");
      deleted.getMetadata().setFinalizers(List.of(LegacyFinalizers.IN_USE));
      client.persistentVolumeClaims().inNamespace("default").resource(deleted).create();
      client.persistentVolumeClaims().inNamespace("default").withName("deleted").delete();
      // Before any controller of this build runs, the deleted claim stays, Terminating, on the old finalizer.
      assertEquals(List.of(LegacyFinalizers.IN_USE),
          client.persistentVolumeClaims().inNamespace("default").withName("deleted").get().getMetadata().getFinalizers());
      try (WatchController controller = new WatchController(Kinds.reconcilers(), client, null,
          new KubeApiWriter(client, Clock.systemUTC()), new JobFactory(JobSettings.defaults()), Clock.systemUTC(), 1)) {
        controller.start();
        Eventually.await(Duration.ofSeconds(20), "the old finalizer removed", () -> !client.persistentVolumeClaims()
            .inNamespace("default").withName("kept").get().getMetadata().getFinalizers().contains(LegacyFinalizers.IN_USE));
        Eventually.await(Duration.ofSeconds(20), "the deleted claim gone", () -> client.persistentVolumeClaims()
            .inNamespace("default").withName("deleted").get() == null);
      }
      assertEquals(List.of("kubernetes.io/pvc-protection", "example.com/keep"),
          client.persistentVolumeClaims().inNamespace("default").withName("kept").get().getMetadata().getFinalizers());
    }
  }
}
