package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.support.Eventually;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's API server answers as a real one where fabric8's mock did not: schemas prune and validate custom
 * resources, kubectl finds created CRDs and the OpenAPI it validates with, merge patches replace lists, strategic
 * merge patches work, {@code /scale} is a Scale, watches stream over plain HTTP, and built-in kinds print as tables.
 * Each is checked over raw HTTP, as kubectl sends it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxApiServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPOSITORIES = "/apis/lifeboat.dev/v1alpha1/namespaces/api/repositories";
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

  private static String repository(String name, String spec) {
    return "{\"apiVersion\":\"lifeboat.dev/v1alpha1\",\"kind\":\"Repository\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":" + spec + "}";
  }

  private static final String VALID_SPEC = "{\"url\":\"/tmp/r\",\"passwordSecretRef\":{\"name\":\"s\",\"key\":\"k\"}";

  private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Accept", "application/json");
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null, null);
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  @Test
  void anUndeclaredFieldIsPrunedAndNamedInAWarning() throws Exception {
    HttpResponse<String> created = send("POST", REPOSITORIES, "application/json",
        repository("pruned", VALID_SPEC + ",\"bogus\":1,\"jobTemplate\":{\"nodeSelector\":{\"a\":\"b\"},\"typo\":2}}"));
    assertEquals(201, created.statusCode(), created.body());
    String warning = created.headers().firstValue("Warning").orElse("");
    assertTrue(warning.contains("unknown field \\\"spec.bogus\\\"") && warning.contains("spec.jobTemplate.typo"),
        warning);
    assertFalse(created.body().contains("bogus"), "the answer shows the object as stored");
    JsonNode stored = get(REPOSITORIES + "/pruned");
    assertTrue(stored.path("spec").path("bogus").isMissingNode());
    assertTrue(stored.path("spec").path("jobTemplate").path("typo").isMissingNode());
    assertEquals("b", stored.path("spec").path("jobTemplate").path("nodeSelector").path("a").asText(),
        "declared maps keep their keys");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
    HttpResponse<String> refused = send("POST", REPOSITORIES, "application/json",
        repository("wrong", "{\"url\":5,\"passwordSecretRef\":{\"name\":\"s\",\"key\":\"k\"},\"limitUploadKiB\":\"x\"}"));
    assertEquals(422, refused.statusCode(), refused.body());
    JsonNode status = JSON.readTree(refused.body());
    assertEquals("Invalid", status.path("reason").asText());
    assertTrue(status.path("message").asText().startsWith("Repository.lifeboat.dev \"wrong\" is invalid: "),
        status.toString());
    List<String> fields = status.path("details").path("causes").findValuesAsText("field");
    assertTrue(fields.containsAll(List.of("spec.url", "spec.limitUploadKiB")), fields.toString());
    assertNull(get(REPOSITORIES + "/wrong"));

    HttpResponse<String> missing = send("POST", REPOSITORIES, "application/json", repository("missing", "{\"url\":\"/r\"}"));
    assertEquals(422, missing.statusCode());
    assertTrue(missing.body().contains("spec.passwordSecretRef: Required value"), missing.body());
  }

  @Test
  void strictFieldValidationRefusesAnUndeclaredField() throws Exception {
    HttpResponse<String> refused = send("POST", REPOSITORIES + "?fieldValidation=Strict", "application/json",
        repository("strict", VALID_SPEC + ",\"bogus\":1}"));
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("strict decoding error: unknown field \\\"spec.bogus\\\""), refused.body());
    assertNull(get(REPOSITORIES + "/strict"));
  }

  @Test
  void aPatchIsCheckedOnWhatItProducesAndARefusedOneChangesNothing() throws Exception {
    assertEquals(201, send("POST", REPOSITORIES, "application/json", repository("patched", VALID_SPEC + "}")).statusCode());
    HttpResponse<String> refused = send("PATCH", REPOSITORIES + "/patched", "application/merge-patch+json",
        "{\"spec\":{\"url\":7}}");
    assertEquals(422, refused.statusCode(), refused.body());
    assertEquals("/tmp/r", get(REPOSITORIES + "/patched").path("spec").path("url").asText());
    HttpResponse<String> fine = send("PATCH", REPOSITORIES + "/patched", "application/merge-patch+json",
        "{\"spec\":{\"url\":\"/tmp/s\",\"extra\":true}}");
    assertEquals(200, fine.statusCode(), fine.body());
    JsonNode stored = get(REPOSITORIES + "/patched");
    assertEquals("/tmp/s", stored.path("spec").path("url").asText());
    assertTrue(stored.path("spec").path("extra").isMissingNode());
  }

  @Test
  void aCrdCreatedThroughTheApiIsDiscoveredServedAndEnforced() throws Exception {
    String crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
          "names":{"kind":"Widget","plural":"widgets","singular":"widget","listKind":"WidgetList","shortNames":["wd"]},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object",
           "properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}}}]}}""";
    assertEquals(201, send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json", crd)
        .statusCode());
    assertTrue(get("/apis").path("groups").findValuesAsText("name").contains("example.com"), "in /apis");
    JsonNode resources = get("/apis/example.com/v1");
    assertEquals("widgets", resources.path("resources").get(0).path("name").asText());
    assertEquals("wd", resources.path("resources").get(0).path("shortNames").get(0).asText());

    String widgets = "/apis/example.com/v1/namespaces/api/widgets";
    HttpResponse<String> wrong = send("POST", widgets, "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":\"big\"}}");
    assertEquals(422, wrong.statusCode(), wrong.body());
    assertTrue(wrong.body().contains("spec.size"), wrong.body());
    assertEquals(201, send("POST", widgets, "application/json", "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\","
        + "\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":3,\"colour\":\"red\",\"free\":{\"any\":1}}}").statusCode());
    JsonNode widget = get(widgets + "/w");
    assertTrue(widget.path("spec").path("colour").isMissingNode(), "pruned");
    assertEquals(1, widget.path("spec").path("free").path("any").asInt(), "x-kubernetes-preserve-unknown-fields kept");
  }

  @Test
  void openApiV3TellsKubectlThatTheServerValidatesFields() throws Exception {
    JsonNode root = get("/openapi/v3");
    String url = root.path("paths").path("apis/lifeboat.dev/v1alpha1").path("serverRelativeURL").asText();
    assertTrue(url.startsWith("/openapi/v3/apis/lifeboat.dev/v1alpha1?hash="), root.toString());
    assertTrue(root.path("paths").has("api/v1"));
    JsonNode doc = get(url);
    JsonNode patch = doc.path("paths").path("/apis/lifeboat.dev/v1alpha1/namespaces/{namespace}/backups/{name}")
        .path("patch");
    assertEquals("Backup", patch.path("x-kubernetes-group-version-kind").path("kind").asText(), doc.toString());
    assertTrue(patch.path("parameters").findValuesAsText("name").contains("fieldValidation"));
    JsonNode schema = doc.path("components").path("schemas").path("dev.lifeboat.v1alpha1.Backup");
    assertEquals("object", schema.path("properties").path("spec").path("type").asText(), "for kubectl explain");
  }

  @Test
  void aMergePatchReplacesListsAndAStrategicOneMergesThemByKey() throws Exception {
    client.apps().deployments().inNamespace("api").resource(new DeploymentBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
        .addNewContainer().withName("a").withImage("one").addNewEnv().withName("X").withValue("1").endEnv()
        .addNewEnv().withName("Y").withValue("2").endEnv().endContainer()
        .addNewContainer().withName("b").withImage("two").endContainer().endSpec().endTemplate().endSpec().build())
        .create();
    String path = "/apis/apps/v1/namespaces/api/deployments/web";
    // kubectl set env / set image: a strategic patch naming one container and one variable
    HttpResponse<String> strategic = send("PATCH", path, "application/strategic-merge-patch+json", """
        {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
         "containers":[{"name":"a","image":"one:2","env":[{"name":"X","value":"9"},{"name":"Y","$patch":"delete"}]}]}}}}""");
    assertEquals(200, strategic.statusCode(), strategic.body());
    JsonNode containers = get(path).path("spec").path("template").path("spec").path("containers");
    assertEquals(2, containers.size(), containers.toString());
    assertEquals("one:2", containers.get(0).path("image").asText());
    assertEquals("[{\"name\":\"X\",\"value\":\"9\"}]", containers.get(0).path("env").toString());
    assertEquals("two", containers.get(1).path("image").asText());

    // RFC 7386: a list in a merge patch replaces the list
    assertEquals(200, send("PATCH", path, "application/merge-patch+json",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"three\"}]}}}}").statusCode());
    containers = get(path).path("spec").path("template").path("spec").path("containers");
    assertEquals(1, containers.size(), containers.toString());

    // kubectl cordon and taint: strategic patches of a Node
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
    assertEquals(200, send("PATCH", "/api/v1/nodes/n1", "application/strategic-merge-patch+json",
        "{\"spec\":{\"unschedulable\":true,\"taints\":[{\"key\":\"storage\",\"value\":\"true\",\"effect\":\"NoSchedule\"}]}}")
        .statusCode());
    var node = client.nodes().withName("n1").get();
    assertTrue(node.getSpec().getUnschedulable());
    assertEquals("storage", node.getSpec().getTaints().get(0).getKey());

    // A value of the wrong type in a built-in object is refused, as the server refuses what it cannot decode.
    HttpResponse<String> wrongType = send("PATCH", "/api/v1/nodes/n1", "application/merge-patch+json",
        "{\"spec\":{\"taints\":\"none\"}}");
    assertEquals(400, wrongType.statusCode(), wrongType.body());
    assertTrue(wrongType.body().contains("Node in version \\\"v1\\\" cannot be handled as a Node"), wrongType.body());
    assertEquals("storage", client.nodes().withName("n1").get().getSpec().getTaints().get(0).getKey(), "unchanged");
  }

  @Test
  void theScaleSubresourceIsAScale() throws Exception {
    client.apps().deployments().inNamespace("api").resource(new DeploymentBuilder().withNewMetadata().withName("scaled")
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "s").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "s").endMetadata().withNewSpec().addNewContainer()
        .withName("a").withImage("x").endContainer().endSpec().endTemplate().endSpec().build()).create();
    String scale = "/apis/apps/v1/namespaces/api/deployments/scaled/scale";
    JsonNode read = get(scale);
    assertEquals("Scale", read.path("kind").asText(), read.toString());
    assertEquals("autoscaling/v1", read.path("apiVersion").asText());
    assertEquals(1, read.path("spec").path("replicas").asInt());
    assertEquals("app=s", read.path("status").path("selector").asText());

    HttpResponse<String> put = send("PUT", scale, "application/json", "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\","
        + "\"metadata\":{\"name\":\"scaled\",\"namespace\":\"api\",\"resourceVersion\":\""
        + read.path("metadata").path("resourceVersion").asText() + "\"},\"spec\":{\"replicas\":3}}");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("Scale", JSON.readTree(put.body()).path("kind").asText());
    assertEquals(3, client.apps().deployments().inNamespace("api").withName("scaled").get().getSpec().getReplicas());
    assertEquals(1, client.apps().deployments().inNamespace("api").withName("scaled").get().getSpec().getTemplate()
        .getSpec().getContainers().size(), "the workload is patched, not replaced by the Scale");
    HttpResponse<String> stale = send("PUT", scale, "application/json", "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\","
        + "\"metadata\":{\"name\":\"scaled\",\"resourceVersion\":\"" + read.path("metadata").path("resourceVersion").asText()
        + "\"},\"spec\":{\"replicas\":5}}");
    assertEquals(409, stale.statusCode(), stale.body());
    assertEquals(3, client.apps().deployments().inNamespace("api").withName("scaled").get().getSpec().getReplicas());
  }

  @Test
  void aWatchStreamsOverPlainHttpFromTheVersionAsked() throws Exception {
    var before = client.configMaps().inNamespace("watched").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("before").endMetadata().build()).create();
    // A raw socket, as kubectl's stream is: closing it from here ends the reader (a URLConnection would block).
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.getOutputStream().write(("GET /api/v1/namespaces/watched/configmaps?watch=true&resourceVersion="
        + before.getMetadata().getResourceVersion() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (Exception e) {
        lines.add("closed: " + e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      Eventually.await(Duration.ofSeconds(10), "the stream's head", () -> lines.stream()
          .anyMatch(l -> l.equalsIgnoreCase("transfer-encoding: chunked")));
      assertEquals("HTTP/1.1 200 OK", lines.get(0));
      // The relayed watch may open a moment after the head: create until an event arrives.
      Eventually.await(Duration.ofSeconds(10), "an ADDED event for a new ConfigMap", () -> {
        client.configMaps().inNamespace("watched").resource(new ConfigMapBuilder().withNewMetadata()
            .withName("after-" + System.nanoTime()).endMetadata().build()).create();
        return lines.stream().anyMatch(l -> l.contains("\"ADDED\"") && l.contains("after-"));
      });
      assertTrue(lines.stream().noneMatch(l -> l.contains("\"before\"")),
          "an object at the version watched from is not sent again: " + lines);
    } finally {
      socket.close();
    }
  }

  @Test
  void builtInKindsPrintAsKubectlShowsThem() throws Exception {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cordoned").endMetadata().withNewSpec()
        .withUnschedulable(true).endSpec().withNewStatus().addNewCondition().withType("Ready").withStatus("True")
        .endCondition().endStatus().build()).create();
    HttpResponse<String> table = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/nodes/cordoned"))
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode node = JSON.readTree(table.body());
    assertEquals("Table", node.path("kind").asText(), table.body());
    List<String> columns = node.path("columnDefinitions").findValuesAsText("name");
    assertEquals("Status", columns.get(1));
    assertEquals("Ready,SchedulingDisabled", node.path("rows").get(0).path("cells").get(1).asText());

    HttpResponse<String> pods = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/api/pods"))
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode podTable = JSON.readTree(pods.body());
    int nodeColumn = podTable.path("columnDefinitions").findValuesAsText("name").indexOf("Node");
    assertTrue(nodeColumn > 0, pods.body());
    assertEquals(1, podTable.path("columnDefinitions").get(nodeColumn).path("priority").asInt(), "a -o wide column");
  }
}
