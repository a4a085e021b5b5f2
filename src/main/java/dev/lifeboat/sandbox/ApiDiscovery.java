package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.install.Crds;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sandbox's API server says it serves, as kubectl reads it: {@code /version}, {@code /api}, {@code /apis},
 * each group version's resources with short names and categories, and the OpenAPI v3 documents
 * ({@link OpenApiDocuments}); CRDs created through the API join them.
 */
final class ApiDiscovery {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {group/version: [resource, kind, namespaced, shortNames...]} served by the sandbox. */
  private static final Map<String, List<String[]>> RESOURCES = new LinkedHashMap<>();

  static {
    RESOURCES.put("v1", List.<String[]>of(
        r("pods", "Pod", "po"), r("pods/log", "Pod"), r("pods/status", "Pod"),
        r("configmaps", "ConfigMap", "cm"), r("secrets", "Secret"), r("events", "Event", "ev"),
        r("persistentvolumeclaims", "PersistentVolumeClaim", "pvc"),
        r("persistentvolumeclaims/status", "PersistentVolumeClaim"),
        r("serviceaccounts", "ServiceAccount", "sa"), r("resourcequotas", "ResourceQuota", "quota"), r("services", "Service", "svc"),
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
    // lifeboat's own kinds, each served version of each CRD (v1beta1 beside v1alpha1 for the settled ones)
    for (CustomResourceDefinition crd : Crds.all()) {
      var names = crd.getSpec().getNames();
      String namespaced = String.valueOf("Namespaced".equals(crd.getSpec().getScope()));
      for (var version : crd.getSpec().getVersions()) {
        List<String> row = new ArrayList<>(List.of(names.getPlural(), names.getKind(), namespaced));
        row.addAll(names.getShortNames() == null ? List.of() : names.getShortNames());
        List<String[]> rows = RESOURCES.computeIfAbsent(crd.getSpec().getGroup() + "/" + version.getName(),
            gv -> new ArrayList<>());
        rows.add(row.toArray(String[]::new));
        rows.add(new String[] {names.getPlural() + "/status", names.getKind(), namespaced});
      }
    }
  }

  private final StrictCrudDispatcher crud;
  private final String serverAddress;
  /** Group versions of CRDs created in the sandbox (a Karpenter NodePool in a test), served like the fixed ones. */
  private final Map<String, List<String[]>> created = new ConcurrentHashMap<>();

  ApiDiscovery(StrictCrudDispatcher crud, String serverAddress) {
    this.crud = crud;
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

  /** Serves a CRD created through the API from now on: discovery lists it, the CRUD store knows its scope. */
  void served(String body) {
    try {
      var crd = Serialization.unmarshal(body,
          CustomResourceDefinition.class);
      if (crd.getSpec().getGroup().equals("lifeboat.dev")) {
        return;
      }
      ServedVersions.contexts(crd).forEach(crud::expectCustomResource);
      crud.schemas.register(crd);
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
      System.err.println("sandbox: CRD not served: " + e);
    }
  }

  /** "group/plural" of a kind the sandbox serves, or null. */
  String resourceOfKind(String kind) {
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

  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  /**
   * Kubernetes' version priority, highest first: GA before beta before alpha, a higher number first, and names that
   * are not Kubernetes versions last, alphabetically.
   */
  static int byPriority(String a, String b) {
    Matcher x = KUBE_VERSION.matcher(a);
    Matcher y = KUBE_VERSION.matcher(b);
    boolean xk = x.matches();
    boolean yk = y.matches();
    if (!xk || !yk) {
      return xk ? -1 : yk ? 1 : a.compareTo(b);
    }
    int stability = Integer.compare(stability(y.group(2)), stability(x.group(2)));
    if (stability != 0) {
      return stability;
    }
    int major = Integer.compare(Integer.parseInt(y.group(1)), Integer.parseInt(x.group(1)));
    return major != 0 || x.group(3) == null ? major : Integer.compare(Integer.parseInt(y.group(3)), Integer.parseInt(x.group(3)));
  }

  private static int stability(String level) {
    return level == null ? 2 : level.equals("beta") ? 1 : 0;
  }

  /** The discovery or OpenAPI document at {@code path}, or null when it is not one. */
  MockResponse answer(String path) {
    if (path.equals("/version")) {
      return DiscoveryDispatcher.json(Map.of("major", "1", "minor", "31", "gitVersion", "v1.31.0-lifeboat-sandbox",
          "platform", "linux/amd64", "goVersion", "n/a", "compiler", "gc", "buildDate", "2026-01-01T00:00:00Z",
          "gitCommit", "sandbox", "gitTreeState", "clean"));
    }
    if (path.equals("/openapi/v3")) {
      return DiscoveryDispatcher.json(OpenApiDocuments.root(resources(), crud.schemas::schemaOf));
    }
    if (path.startsWith("/openapi/v3/")) {
      String key = path.substring("/openapi/v3/".length());
      for (var entry : resources().entrySet()) {
        if (OpenApiDocuments.key(entry.getKey()).equals(key)) {
          return DiscoveryDispatcher.json(OpenApiDocuments.groupVersion(entry.getKey(), entry.getValue(), crud.schemas::schemaOf));
        }
      }
    }
    if (path.startsWith("/openapi")) {
      return new MockResponse().setResponseCode(404).setBody(""); // v2 is protobuf; kubectl reads v3 first
    }
    if (path.equals("/api")) {
      ObjectNode body = JSON.createObjectNode().put("kind", "APIVersions");
      body.putArray("versions").add("v1");
      body.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", serverAddress);
      return DiscoveryDispatcher.json(body);
    }
    if (path.equals("/apis")) {
      ObjectNode body = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = body.putArray("groups");
      Map<String, List<String>> versionsOfGroup = new LinkedHashMap<>();
      resources().keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> versionsOfGroup
          .computeIfAbsent(gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>()).add(gv.substring(gv.indexOf('/') + 1)));
      versionsOfGroup.forEach((group, versions) -> {
        // as a server lists them: by version priority (v1 > v1beta1 > v1alpha1), the first one preferred
        List<String> ordered = versions.stream().sorted(ApiDiscovery::byPriority).toList();
        ObjectNode g = groups.addObject().put("name", group);
        ArrayNode listed = g.putArray("versions");
        ordered.forEach(v -> listed.addObject().put("groupVersion", group + "/" + v).put("version", v));
        g.putObject("preferredVersion").put("groupVersion", group + "/" + ordered.get(0)).put("version", ordered.get(0));
      });
      return DiscoveryDispatcher.json(body);
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
      return DiscoveryDispatcher.json(body);
    }
    return null;
  }
}
