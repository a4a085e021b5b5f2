package dev.lifeboat.engine;

import dev.lifeboat.cluster.Scopes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the engine's caches keep: everything it reads, nothing of managedFields or a pod spec. */
class TrimmedItemStoreTest {
  private static final ManagedFieldsEntryBuilder APPLY = new ManagedFieldsEntryBuilder().withManager("kubectl")
      .withOperation("Apply");

  @Test
  void aPodKeepsItsMetadataAndStatusOnly() {
    var store = new TrimmedItemStore<>(Scopes.trim(Pod.class));
    store.put("ns/p", new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withResourceVersion("7")
        .withLabels(Map.of("job-name", "b1-backup")).withManagedFields(APPLY.build()).endMetadata()
        .withNewSpec().withNodeName("n1").addNewContainer().withName("c").withImage("img").endContainer().endSpec()
        .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("c").withNewState().withNewTerminated()
        .withExitCode(42).withMessage("{\"report\":1}").endTerminated().endState().endContainerStatus().endStatus().build());
    Pod kept = store.get("ns/p");
    assertNull(kept.getMetadata().getManagedFields());
    assertNull(kept.getSpec());
    assertEquals(Map.of("job-name", "b1-backup"), kept.getMetadata().getLabels());
    assertEquals("7", kept.getMetadata().getResourceVersion());
    assertEquals(42, kept.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());
    assertEquals("{\"report\":1}", kept.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage());
  }

  @Test
  void aJobKeepsItsDeadlineOfItsSpec() {
    var store = new TrimmedItemStore<>(Scopes.trim(Job.class));
    store.put("ns/j", new JobBuilder().withNewMetadata().withNamespace("ns").withName("j").withManagedFields(APPLY.build())
        .endMetadata().withNewSpec().withActiveDeadlineSeconds(600L).withBackoffLimit(2).withNewTemplate().withNewSpec()
        .addNewContainer().withName("c").withImage("img").endContainer().endSpec().endTemplate().endSpec()
        .withNewStatus().withFailed(1).endStatus().build());
    Job kept = store.get("ns/j");
    assertNull(kept.getMetadata().getManagedFields());
    assertEquals(600L, kept.getSpec().getActiveDeadlineSeconds());
    assertNull(kept.getSpec().getTemplate());
    assertNull(kept.getSpec().getBackoffLimit());
    assertEquals(1, kept.getStatus().getFailed());
  }

  @Test
  void otherKindsLoseOnlyTheirManagedFields() {
    var store = new TrimmedItemStore<>(Scopes.trim(ConfigMap.class));
    store.put("ns/c", new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("c")
        .withManagedFields(APPLY.build()).endMetadata().withData(Map.of("k", "v")).build());
    assertNull(store.get("ns/c").getMetadata().getManagedFields());
    assertEquals(Map.of("k", "v"), store.get("ns/c").getData());
  }
}
