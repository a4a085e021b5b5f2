package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.install.Crds;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat.dev/v1beta1} beside {@code v1alpha1}: the CRDs declare both (one storage version, one schema), and
 * the sandbox serves one object through either, as a real API server does with conversion {@code None}: what is
 * written through one version is read, listed, watched, given a status and deleted through the other, each answer
 * naming the version that was asked for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServedVersionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "versions";
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  @TempDir
  static Path tmp;
  private SandboxApiServer server;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void start() {
    server = SandboxApiServer.start(tmp, 0);
    client = server.newClient();
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void settledKindsAreServedAsV1beta1BesideTheirStorageVersionWithOneSchema() {
    Map<String, List<String>> versions = Crds.all().stream().collect(Collectors.toMap(c -> c.getSpec().getNames().getKind(),
        c -> c.getSpec().getVersions().stream().map(CustomResourceDefinitionVersion::getName).sorted().toList()));
    assertEquals(List.of("v1alpha1", "v1beta1"), versions.get("Repository"));
    assertEquals(List.of("v1alpha1", "v1beta1"), versions.get("Backup"));
    assertEquals(List.of("v1alpha1", "v1beta1"), versions.get("Restore"));
    assertEquals(List.of("v1alpha1"), versions.get("Schedule"), "not settled yet: one version");
    for (CustomResourceDefinition crd : Crds.all()) {
      List<CustomResourceDefinitionVersion> all = crd.getSpec().getVersions();
      assertEquals(List.of("v1alpha1"), all.stream().filter(CustomResourceDefinitionVersion::getStorage)
          .map(CustomResourceDefinitionVersion::getName).toList(), crd.getMetadata().getName() + ": v1alpha1 stores");
      assertTrue(all.stream().allMatch(CustomResourceDefinitionVersion::getServed));
      // conversion None is only right when every version has the same schema and columns
      assertEquals(1, all.stream().map(v -> v.getSchema().getOpenAPIV3Schema()).distinct().count(), crd.getMetadata().getName());
      assertEquals(1, all.stream().map(CustomResourceDefinitionVersion::getAdditionalPrinterColumns).distinct().count());
      assertNull(crd.getSpec().getConversion() == null ? null
          : "None".equals(crd.getSpec().getConversion().getStrategy()) ? null : crd.getSpec().getConversion());
    }
  }

  @Test
  void anObjectWrittenAsOneVersionIsReadListedAndDeletedAsTheOther() throws Exception {
    Objects.repository(client, NS, "written-alpha", "/tmp/versions", "pw");
    var beta = client.resources(dev.lifeboat.api.v1beta1.Repository.class).inNamespace(NS).withName("written-alpha").get();
    assertNotNull(beta, "a v1alpha1 object is there for a v1beta1 client");
    assertEquals("lifeboat.dev/v1beta1", beta.getApiVersion());
    assertEquals("/tmp/versions", beta.getSpec().url);
    JsonNode raw = get("/apis/lifeboat.dev/v1beta1/namespaces/" + NS + "/repositories/written-alpha");
    assertEquals("lifeboat.dev/v1beta1", raw.path("apiVersion").asText(), "the answer names the version asked for");

    var created = new dev.lifeboat.api.v1beta1.Repository();
    created.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("written-beta").build());
    created.setSpec(beta.getSpec());
    client.resources(dev.lifeboat.api.v1beta1.Repository.class).inNamespace(NS).resource(created).create();
    var alpha = client.resources(dev.lifeboat.api.Repository.class).inNamespace(NS).withName("written-beta").get();
    assertNotNull(alpha, "a v1beta1 object is there for a v1alpha1 client");
    assertEquals("lifeboat.dev/v1alpha1", alpha.getApiVersion());
    JsonNode list = get("/apis/lifeboat.dev/v1beta1/namespaces/" + NS + "/repositories");
    assertEquals(List.of("lifeboat.dev/v1beta1", "lifeboat.dev/v1beta1"), list.path("items").findValuesAsText("apiVersion"));
    assertEquals(2, client.resources(dev.lifeboat.api.Repository.class).inNamespace(NS).list().getItems().size(),
        "stored once, not once per version");

    client.resources(dev.lifeboat.api.v1beta1.Repository.class).inNamespace(NS).withName("written-alpha").delete();
    Eventually.await(DEADLINE, "deleted through v1beta1, gone for v1alpha1",
        () -> client.resources(dev.lifeboat.api.Repository.class).inNamespace(NS).withName("written-alpha").get() == null);
  }

  @Test
  void aStatusWrittenAsV1alpha1IsWatchedAsV1beta1() throws Exception {
    Objects.boundPvc(client, NS, "data");
    Objects.backup(client, NS, "watched", "repo", "data");
    List<dev.lifeboat.api.v1beta1.Backup> seen = new CopyOnWriteArrayList<>();
    try (Watch watch = client.resources(dev.lifeboat.api.v1beta1.Backup.class).inNamespace(NS).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, dev.lifeboat.api.v1beta1.Backup backup) {
        seen.add(backup);
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      Backup stored = client.resources(Backup.class).inNamespace(NS).withName("watched").get();
      stored.setStatus(new BackupStatus());
      stored.getStatus().phase = BackupPhase.Ready;
      stored.getStatus().snapshotId = "abc123";
      client.resources(Backup.class).inNamespace(NS).resource(stored).updateStatus();
      Eventually.await(DEADLINE, "a v1beta1 watch sees the v1alpha1 status write", () -> seen.stream().anyMatch(b ->
          b.getStatus() != null && "abc123".equals(b.getStatus().snapshotId)));
      assertTrue(seen.stream().allMatch(b -> "lifeboat.dev/v1beta1".equals(b.getApiVersion())),
          "every event's object names v1beta1: " + seen.stream().map(b -> b.getApiVersion()).toList());
    }
  }

  /** Every version has its status subresource: an update of the object itself (a finalizer) leaves the status alone. */
  @Test
  void anUpdateThroughEitherVersionLeavesTheStatusToItsSubresource() {
    Objects.boundPvc(client, NS, "data-2");
    Backup created = Objects.backup(client, NS, "status-kept", "repo", "data-2");
    created.setStatus(new BackupStatus());
    created.getStatus().phase = BackupPhase.Ready;
    client.resources(Backup.class).inNamespace(NS).resource(created).updateStatus();
    for (String finalizer : List.of("lifeboat.dev/alpha", "lifeboat.dev/beta")) {
      Backup current = client.resources(Backup.class).inNamespace(NS).withName("status-kept").get();
      current.getMetadata().getFinalizers().add(finalizer);
      current.setStatus(null); // a stale or absent status in the body must not be stored
      if (finalizer.endsWith("alpha")) {
        client.resources(Backup.class).inNamespace(NS).resource(current).update();
      } else {
        var beta = client.resources(dev.lifeboat.api.v1beta1.Backup.class).inNamespace(NS).withName("status-kept").get();
        beta.getMetadata().getFinalizers().add(finalizer);
        beta.setStatus(null);
        client.resources(dev.lifeboat.api.v1beta1.Backup.class).inNamespace(NS).resource(beta).update();
      }
      Backup after = client.resources(Backup.class).inNamespace(NS).withName("status-kept").get();
      assertTrue(after.getMetadata().getFinalizers().contains(finalizer));
      assertNotNull(after.getStatus(), finalizer + ": the status stays");
      assertEquals(BackupPhase.Ready, after.getStatus().phase);
    }
  }

  @Test
  void v1beta1IsCheckedByTheSchemaAndUnsettledKindsAreNotServedInIt() throws Exception {
    HttpResponse<String> bad = send("POST", "/apis/lifeboat.dev/v1beta1/namespaces/" + NS + "/repositories",
        "{\"apiVersion\":\"lifeboat.dev/v1beta1\",\"kind\":\"Repository\",\"metadata\":{\"name\":\"bad\"},"
            + "\"spec\":{\"url\":42,\"passwordSecretRef\":{\"name\":\"s\",\"key\":\"k\"}}}");
    assertEquals(422, bad.statusCode(), bad.body());
    assertNull(client.resources(dev.lifeboat.api.Repository.class).inNamespace(NS).withName("bad").get(), "nothing stored");
    assertEquals(404, send("GET", "/apis/lifeboat.dev/v1beta1/namespaces/" + NS + "/schedules", null).statusCode());
  }

  @Test
  void discoveryPrefersV1beta1AndListsEachVersionsKinds() throws Exception {
    JsonNode group = null;
    for (JsonNode g : get("/apis").path("groups")) {
      if (g.path("name").asText().equals("lifeboat.dev")) {
        assertNull(group, "one entry per group");
        group = g;
      }
    }
    assertNotNull(group);
    assertEquals(List.of("lifeboat.dev/v1beta1", "lifeboat.dev/v1alpha1"), group.path("versions").findValuesAsText("groupVersion"));
    assertEquals("v1beta1", group.path("preferredVersion").path("version").asText(), "as kubectl picks it");
    List<String> beta = get("/apis/lifeboat.dev/v1beta1").path("resources").findValuesAsText("name");
    assertEquals(List.of("backups", "backups/status", "repositories", "repositories/status", "restores", "restores/status"),
        beta.stream().sorted().toList());
    assertTrue(get("/apis/lifeboat.dev/v1alpha1").path("resources").findValuesAsText("name").containsAll(
        List.of("schedules", "hibernateplans", "drills")));
  }

  @Test
  void versionPriorityIsKubernetes() {
    assertEquals(List.of("v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo"),
        java.util.stream.Stream.of("v1alpha1", "foo", "v1beta1", "v1", "v2beta1", "v1beta2", "v2")
            .sorted(ApiDiscovery::byPriority).toList());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", "application/json");
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return JSON.readTree(response.body());
  }
}
