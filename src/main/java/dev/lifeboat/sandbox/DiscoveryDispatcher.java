package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers what the CRUD dispatcher cannot: discovery ({@code /version}, {@code /api}, {@code /apis},
 * group versions with short names) so kubectl works, pod logs from the runner's log files, and a
 * 404 for OpenAPI. Everything else goes to the CRUD dispatcher. Also counts reads and writes, and
 * records who asked for what ({@link RequestAudit}).
 */
final class DiscoveryDispatcher extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POD_LOG = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(\\?.*)?$");

  /** {group/version: [resource, kind, namespaced, shortNames...]} served by the sandbox. */
  private static final Map<String, List<String[]>> RESOURCES = new LinkedHashMap<>();

  static {
    RESOURCES.put("v1", List.<String[]>of(
        r("pods", "Pod", "po"), r("pods/log", "Pod"), r("pods/status", "Pod"),
        r("configmaps", "ConfigMap", "cm"), r("secrets", "Secret"), r("events", "Event", "ev"),
        r("persistentvolumeclaims", "PersistentVolumeClaim", "pvc"),
        r("persistentvolumeclaims/status", "PersistentVolumeClaim"),
        r("serviceaccounts", "ServiceAccount", "sa"), r("services", "Service", "svc"),
        clusterScoped("namespaces", "Namespace", "ns"), clusterScoped("nodes", "Node", "no"),
        clusterScoped("nodes/status", "Node"), clusterScoped("persistentvolumes", "PersistentVolume", "pv"),
        clusterScoped("persistentvolumes/status", "PersistentVolume")));
    RESOURCES.put("storage.k8s.io/v1", List.<String[]>of(clusterScoped("storageclasses", "StorageClass", "sc")));
    RESOURCES.put("apps/v1", List.<String[]>of(
        r("deployments", "Deployment", "deploy"), r("deployments/scale", "Scale"), r("deployments/status", "Deployment"),
        r("statefulsets", "StatefulSet", "sts"), r("statefulsets/scale", "Scale"), r("statefulsets/status", "StatefulSet"),
        r("replicasets", "ReplicaSet"), r("replicasets/status", "ReplicaSet")));
    RESOURCES.put("batch/v1", List.<String[]>of(r("jobs", "Job"), r("jobs/status", "Job"), r("cronjobs", "CronJob", "cj")));
    RESOURCES.put("coordination.k8s.io/v1", List.<String[]>of(r("leases", "Lease")));
    RESOURCES.put("rbac.authorization.k8s.io/v1", List.<String[]>of(r("roles", "Role"), r("rolebindings", "RoleBinding"),
        clusterScoped("clusterroles", "ClusterRole"), clusterScoped("clusterrolebindings", "ClusterRoleBinding")));
    RESOURCES.put("apiextensions.k8s.io/v1", List.<String[]>of(
        clusterScoped("customresourcedefinitions", "CustomResourceDefinition", "crd", "crds")));
    RESOURCES.put("lifeboat.dev/v1alpha1", List.<String[]>of(
        r("repositories", "Repository", "repo", "lbrepo"), r("repositories/status", "Repository"),
        r("backups", "Backup", "bk", "lbbackup"), r("backups/status", "Backup"),
        r("restores", "Restore", "rs", "lbrestore"), r("restores/status", "Restore"),
        r("schedules", "Schedule", "sched", "lbschedule"), r("schedules/status", "Schedule"),
        r("hibernateplans", "HibernatePlan", "hp", "lbhibernate"), r("hibernateplans/status", "HibernatePlan")));
  }

  private final KubernetesCrudDispatcher crud;
  /** Told of deletions that orphan their dependents (set once the API server is up). */
  volatile GarbageCollector collector;
  /** Group versions of CRDs created in the sandbox (a Karpenter NodePool in a test), served like the fixed ones. */
  private final Map<String, List<String[]>> created = new ConcurrentHashMap<>();
  private final TableRenderer tables = new TableRenderer();
  private final Path logDir;
  private final String serverAddress;
  final AtomicLong reads = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  final AtomicLong watches = new AtomicLong();
  final RequestAudit audit = new RequestAudit();

  DiscoveryDispatcher(KubernetesCrudDispatcher crud, Path logDir, String serverAddress) {
    this.crud = crud;
    this.logDir = logDir;
    this.serverAddress = serverAddress;
  }

  private static String[] r(String... fields) {
    String[] row = new String[fields.length + 1];
    row[0] = fields[0];
    row[1] = fields[1];
    row[2] = "true";
    System.arraycopy(fields, 2, row, 3, fields.length - 2);
    return row;
  }

  private static String[] clusterScoped(String... fields) {
    String[] row = r(fields);
    row[2] = "false";
    return row;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    RequestAudit.Request asked = audit.record(request.getHeader("Authorization"), request.getMethod(), path);
    if (asked != null && !"GET".equals(request.getMethod()) && request.getBody() != null) {
      audit.recordOwnerChecks(request.getHeader("Authorization"), asked,
          new String(request.getBody().getBytes(), StandardCharsets.UTF_8), this::resourceOfKind);
    }
    if ("GET".equals(request.getMethod())) {
      (path.contains("watch=true") ? watches : reads).incrementAndGet();
      MockResponse discovery = discovery(bare);
      if (discovery != null) {
        return discovery;
      }
      Matcher log = POD_LOG.matcher(path);
      if (log.matches()) {
        return podLog(log.group(1), log.group(2));
      }
      String accept = request.getHeader("Accept");
      String plural = accept != null && accept.contains("as=Table") && !path.contains("watch=true")
          ? tables.pluralOf(bare) : null;
      if (plural != null) {
        MockResponse response = stored(request);
        if (response.code() != 200) {
          return response;
        }
        try {
          return json(tables.render(plural, response.getBody().readUtf8(), Instant.now()));
        } catch (JsonProcessingException e) {
          return response;
        }
      }
    } else {
      writes.incrementAndGet();
      if ("PUT".equals(request.getMethod())) {
        MockResponse stale = staleVersion(bare, request);
        if (stale != null) {
          return stale;
        }
      }
      if ("DELETE".equals(request.getMethod()) && collector != null && orphans(path, request)) {
        String object = objectOf(bare);
        if (object != null) {
          collector.orphan(object);
        }
      }
      if ("POST".equals(request.getMethod()) && bare.equals("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")) {
        MockResponse response = stored(request);
        if (response.code() / 100 == 2) {
          served(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
        }
        return response;
      }
    }
    return stored(request);
  }

  /**
   * The CRUD mock's answer, its store's iteration scoped to what the request names: its path, and
   * for a create the new object's name (the mock looks for one of that name; without it, each create
   * would visit every object of the namespace).
   */
  private MockResponse stored(RecordedRequest request) {
    AttributeSet scope = crud.getKey(request.getPath());
    if ("POST".equals(request.getMethod()) && request.getBody() != null) {
      String name = createdName(request.getBody().getBytes());
      if (name != null) {
        scope = scope.add(new Attribute("name", name));
      }
    }
    return IndexedStore.scope(scope, () -> crud.dispatch(request));
  }

  /**
   * A 409 for a PUT (of an object or its status) whose metadata.resourceVersion is not the stored one, as a real API
   * server answers; null when it is current or not given (an unconditional update).
   */
  private MockResponse staleVersion(String bare, RecordedRequest request) {
    if (request.getBody() == null) {
      return null;
    }
    String sent = StoredJson.tree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8))
        .path("metadata").path("resourceVersion").asText("");
    if (sent.isEmpty()) {
      return null;
    }
    String object = bare.endsWith("/status") ? bare.substring(0, bare.length() - "/status".length()) : bare;
    var stored = crud.findResource(crud.getKey(object));
    if (stored == null) {
      return null;
    }
    String current = StoredJson.tree(stored.getValue()).path("metadata").path("resourceVersion").asText("");
    if (current.isEmpty() || current.equals(sent)) {
      return null;
    }
    String[] parts = object.split("/");
    String message = "Operation cannot be fulfilled on " + parts[parts.length - 2] + " \"" + parts[parts.length - 1]
        + "\": the object has been modified; please apply your changes to the latest version and try again";
    ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
        .put("message", message).put("reason", "Conflict").put("code", 409);
    status.putObject("details").put("name", parts[parts.length - 1]).put("kind", parts[parts.length - 2]);
    status.putObject("metadata");
    return new MockResponse().setResponseCode(409).setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }

  /** Whether a DELETE asks to orphan the object's dependents (query or DeleteOptions body). */
  private static boolean orphans(String path, RecordedRequest request) {
    if (path.contains("propagationPolicy=Orphan") || path.contains("orphanDependents=true")) {
      return true;
    }
    if (request.getBody() == null) {
      return false;
    }
    String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    return body.replace(" ", "").contains("\"propagationPolicy\":\"Orphan\"") || body.replace(" ", "")
        .contains("\"orphanDependents\":true");
  }

  /** "plural/namespace/name" of an object's path (/api/v1/namespaces/NS/PLURAL/NAME, /apis/G/V/PLURAL/NAME). */
  static String objectOf(String bare) {
    String[] parts = bare.replaceFirst("^/api/v1/", "").replaceFirst("^/apis/[^/]+/[^/]+/", "").split("/");
    if (parts.length == 4 && parts[0].equals("namespaces")) {
      return parts[2] + "/" + parts[1] + "/" + parts[3];
    }
    return parts.length == 2 ? parts[0] + "//" + parts[1] : null;
  }

  /** metadata.name of a create's body, or null (generateName, or not JSON). */
  private static String createdName(byte[] body) {
    try {
      var name = JSON.readTree(body).path("metadata").path("name");
      return name.isTextual() && !name.asText().isEmpty() ? name.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Serves a CRD created through the API from now on: discovery lists it, the CRUD store knows its scope. */
  private void served(String body) {
    try {
      var crd = Serialization.unmarshal(body,
          CustomResourceDefinition.class);
      if (crd.getSpec().getGroup().equals("lifeboat.dev")) {
        return;
      }
      crud.expectCustomResource(CustomResourceDefinitionContext.fromCrd(crd));
      var names = crd.getSpec().getNames();
      String scope = "Namespaced".equals(crd.getSpec().getScope()) ? "true" : "false";
      for (var version : crd.getSpec().getVersions()) {
        List<String> row = new ArrayList<>(List.of(names.getPlural(), names.getKind(), scope));
        if (names.getShortNames() != null) {
          row.addAll(names.getShortNames());
        }
        created.computeIfAbsent(crd.getSpec().getGroup() + "/" + version.getName(),
            gv -> new CopyOnWriteArrayList<>()).add(row.toArray(String[]::new));
      }
    } catch (RuntimeException e) {
      // not a CRD the sandbox can serve: the CRUD store still keeps the object
    }
  }

  /** "group/plural" of a kind the sandbox serves, or null. */
  private String resourceOfKind(String kind) {
    for (var entry : resources().entrySet()) {
      for (String[] row : entry.getValue()) {
        if (row[1].equals(kind) && !row[0].contains("/")) {
          String gv = entry.getKey();
          return (gv.contains("/") ? gv.substring(0, gv.indexOf('/')) : "") + "/" + row[0];
        }
      }
    }
    return null;
  }

  private Map<String, List<String[]>> resources() {
    Map<String, List<String[]>> all = new LinkedHashMap<>(RESOURCES);
    all.putAll(created);
    return all;
  }

  private MockResponse discovery(String path) {
    if (path.equals("/version")) {
      return json(Map.of("major", "1", "minor", "31", "gitVersion", "v1.31.0-lifeboat-sandbox",
          "platform", "linux/amd64", "goVersion", "n/a", "compiler", "gc", "buildDate", "2026-01-01T00:00:00Z",
          "gitCommit", "sandbox", "gitTreeState", "clean"));
    }
    if (path.startsWith("/openapi")) {
      return new MockResponse().setResponseCode(404).setBody("");
    }
    if (path.equals("/api")) {
      ObjectNode body = JSON.createObjectNode().put("kind", "APIVersions");
      body.putArray("versions").add("v1");
      body.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", serverAddress);
      return json(body);
    }
    if (path.equals("/apis")) {
      ObjectNode body = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = body.putArray("groups");
      resources().keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
        String group = gv.substring(0, gv.indexOf('/'));
        String version = gv.substring(gv.indexOf('/') + 1);
        ObjectNode g = groups.addObject().put("name", group);
        g.putArray("versions").addObject().put("groupVersion", gv).put("version", version);
        g.putObject("preferredVersion").put("groupVersion", gv).put("version", version);
      });
      return json(body);
    }
    String groupVersion = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring(6) : null;
    Map<String, List<String[]>> resources = resources();
    if (groupVersion != null && resources.containsKey(groupVersion)) {
      ObjectNode body = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
          .put("groupVersion", groupVersion);
      ArrayNode list = body.putArray("resources");
      for (String[] row : resources.get(groupVersion)) {
        ObjectNode resource = list.addObject().put("name", row[0]).put("kind", row[1])
            .put("namespaced", Boolean.parseBoolean(row[2]))
            .put("singularName", row[0].contains("/") ? "" : row[1].toLowerCase());
        ArrayNode verbs = resource.putArray("verbs");
        List.of("create", "delete", "get", "list", "patch", "update", "watch").forEach(verbs::add);
        if (row.length > 3) {
          ArrayNode shortNames = resource.putArray("shortNames");
          for (int i = 3; i < row.length; i++) {
            shortNames.add(row[i]);
          }
        }
        if (groupVersion.startsWith("lifeboat.dev") && !row[0].contains("/")) {
          resource.putArray("categories").add("lifeboat").add("all");
        }
      }
      return json(body);
    }
    return null;
  }

  private MockResponse podLog(String namespace, String pod) {
    Path file = logDir.resolve(namespace).resolve(pod + ".log");
    try {
      String text = Files.exists(file) ? Files.readString(file) : "";
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
    } catch (IOException e) {
      return new MockResponse().setResponseCode(500).setBody(e.getMessage());
    }
  }

  private static MockResponse json(Object body) {
    if (body instanceof String text) {
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(text);
    }
    try {
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }
}
