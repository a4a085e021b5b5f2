package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.ApiJson;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.cluster.StatusPatch;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version skew: newer CRDs (installed by a newer release) allow fields this build does not know, and a newer CLI or
 * controller sets them. This build reads such objects without failing (the CLI and the controller's client) and
 * writes them back with those fields kept: a full update (a finalizer), a status patch, and `-o json`.
 */
class VersionSkewIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext REPOSITORIES = new ResourceDefinitionContext.Builder()
      .withGroup("lifeboat.dev").withVersion("v1alpha1").withKind("Repository").withPlural("repositories")
      .withNamespaced(true).build();
  private static final ResourceDefinitionContext BACKUPS = new ResourceDefinitionContext.Builder()
      .withGroup("lifeboat.dev").withVersion("v1alpha1").withKind("Backup").withPlural("backups")
      .withNamespaced(true).build();
  private static SandboxApiServer server;
  private static KubernetesClient client;
  private static String kubeconfig;

  @BeforeAll
  static void start(@TempDir Path tmp) throws Exception {
    server = SandboxApiServer.start(tmp, 0);
    client = server.newClient();
    server.writeKubeconfig(tmp.resolve("kubeconfig"));
    kubeconfig = tmp.resolve("kubeconfig").toString();
    // What a newer release's install does: its CRDs declare one more field in spec and in status.
    for (String crd : new String[] {"repositories.lifeboat.dev", "backups.lifeboat.dev"}) {
      client.apiextensions().v1().customResourceDefinitions().withName(crd).edit(CustomResourceDefinitionEdit::addFutureFields);
    }
    Objects.repository(client, "default", "repo", "/tmp/skew-repo", "pw");
  }

  /** Adds {@code spec.futureField} (with a nested object) and {@code status.futureStatus} to every version. */
  static final class CustomResourceDefinitionEdit {
    static CustomResourceDefinition addFutureFields(CustomResourceDefinition crd) {
      for (var version : crd.getSpec().getVersions()) {
        var properties = version.getSchema().getOpenAPIV3Schema().getProperties();
        properties.get("spec").getProperties().put("futureField",
            new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder().withType("object")
                .addToProperties("mode", new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder()
                    .withType("string").build()).build());
        properties.get("status").getProperties().put("futureStatus",
            new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder().withType("string").build());
      }
      return crd;
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static GenericKubernetesResource generic(ResourceDefinitionContext kind, String name) {
    return client.genericKubernetesResources(kind).inNamespace("default").withName(name).get();
  }

  @Test
  void aRepositoryWithANewerFieldIsReadAndTheFieldKept() throws Exception {
    GenericKubernetesResource repository = generic(REPOSITORIES, "repo");
    ((Map<String, Object>) repository.getAdditionalProperties().get("spec")).put("futureField", Map.of("mode", "fast"));
    client.genericKubernetesResources(REPOSITORIES).inNamespace("default").resource(repository).update();
    assertEquals("fast", JSON.valueToTree(generic(REPOSITORIES, "repo").getAdditionalProperties())
        .path("spec").path("futureField").path("mode").asText(), "the sandbox keeps what the newer CRD allows");
    Objects.boundPvc(client, "default", "data");

    Cli.Result created = Cli.against(kubeconfig, "backup", "create", "b1", "--pvc", "data", "--repository", "repo");
    assertEquals(0, created.exitCode(), created.all());
    assertFalse(created.all().contains("Unrecognized field"), created.all());

    Cli.Result shown = Cli.against(kubeconfig, "get", "repository", "repo", "-o", "json");
    assertEquals(0, shown.exitCode(), shown.all());
    assertEquals("fast", JSON.readTree(shown.out()).path("spec").path("futureField").path("mode").asText(), shown.out());
  }

  @Test
  void writesOfThisBuildKeepTheNewerFields() throws Exception {
    Objects.boundPvc(client, "default", "data2");
    assertEquals(0, Cli.against(kubeconfig, "backup", "create", "b2", "--pvc", "data2", "--repository", "repo").exitCode());
    GenericKubernetesResource backup = generic(BACKUPS, "b2");
    ((Map<String, Object>) backup.getAdditionalProperties().get("spec")).put("futureField", Map.of("mode", "slow"));
    client.genericKubernetesResources(BACKUPS).inNamespace("default").resource(backup).update();
    GenericKubernetesResource withStatus = generic(BACKUPS, "b2");
    withStatus.getAdditionalProperties().put("status", Map.of("phase", "Pending", "futureStatus", "from a newer controller"));
    client.genericKubernetesResources(BACKUPS).inNamespace("default").resource(withStatus).updateStatus();

    // The controller's client reads it (this used to fail: not marked as ignorable) ...
    try (KubernetesClient controller = ApiJson.client(server.newClient().getConfiguration())) {
      Backup typed = controller.resources(Backup.class).inNamespace("default").withName("b2").get();
      assertEquals(Map.of("mode", "slow"), typed.getSpec().unknownFields().get("futureField"));
      assertEquals("from a newer controller", typed.getStatus().unknownFields().get("futureStatus"));
      // ... a full update (what adding a finalizer sends) keeps the spec field ...
      typed.getMetadata().setFinalizers(java.util.List.of("lifeboat.dev/test"));
      controller.resource(typed).update();
      // ... and a status decision patches only what it changed.
      Backup before = controller.resources(Backup.class).inNamespace("default").withName("b2").get();
      Backup after = controller.resources(Backup.class).inNamespace("default").withName("b2").get();
      after.getStatus().phase = BackupPhase.Running;
      var ops = StatusPatch.between(before.getStatus(), after.getStatus());
      assertEquals(1, ops.size(), ops.toString());
      controller.resources(Backup.class).inNamespace("default").withName("b2").subresource("status")
          .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
              ops.toString());
    }
    JsonNode stored = JSON.valueToTree(generic(BACKUPS, "b2").getAdditionalProperties());
    assertEquals("slow", stored.path("spec").path("futureField").path("mode").asText(), stored.toString());
    assertEquals("from a newer controller", stored.path("status").path("futureStatus").asText(), stored.toString());
    assertEquals("Running", stored.path("status").path("phase").asText());
    ObjectNode metadata = (ObjectNode) JSON.valueToTree(generic(BACKUPS, "b2").getMetadata());
    assertTrue(metadata.path("finalizers").toString().contains("lifeboat.dev/test"), metadata.toString());
  }
}
