package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The sandbox's API server in front of fabric8's CRUD mock: discovery and OpenAPI ({@link ApiDiscovery}), pod logs
 * from the runner's log files, server-side tables ({@link TableRenderer}), and the write rules the mock lacks: a
 * stale PUT conflicts, strategic merge patches ({@link StrategicMergePatch}), the {@code /scale} subresource
 * ({@link ScaleSubresource}), custom resources pruned and validated by their schema ({@link CrdSchemas}), deletions
 * that orphan dependents. Also counts reads and writes, and records who asked for what ({@link RequestAudit}).
 */
final class DiscoveryDispatcher extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POD_CREATE = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods$");
  private static final Pattern POD_EXEC = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec(?:\\?(.*))?$");
  private static final Pattern POD_LOG = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(\\?.*)?$");

  private final StrictCrudDispatcher crud;
  /** Runs {@code pods/exec} (set once the API server is up). */
  volatile PodExecs execs;
  /** Told of deletions that orphan their dependents (set once the API server is up). */
  volatile GarbageCollector collector;
  private final ApiDiscovery discovery;
  /** Custom resources served in more versions than the one they are stored in. */
  final ServedVersions versions = new ServedVersions();
  private final IndexedStore store;
  private final TableRenderer tables = new TableRenderer();
  private final Path logDir;
  final AtomicLong reads = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  final AtomicLong watches = new AtomicLong();
  final RequestAudit audit = new RequestAudit();

  DiscoveryDispatcher(StrictCrudDispatcher crud, IndexedStore store, Path logDir, String serverAddress) {
    this.store = store;
    this.crud = crud;
    this.logDir = logDir;
    this.discovery = new ApiDiscovery(crud, serverAddress);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse unserved = versions.unserved(request.getPath());
    if (unserved != null) {
      return unserved;
    }
    ServedVersions.Conversion conversion = versions.of(request.getPath());
    return conversion == null ? handle(request) : conversion.response(handle(conversion.request(request)));
  }

  /** A request to a storage version (or to no custom resource). */
  private MockResponse handle(RecordedRequest request) {
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    RequestAudit.Request asked = audit.record(request.getHeader("Authorization"), request.getMethod(), path);
    if (asked != null && !"GET".equals(request.getMethod()) && request.getBody() != null) {
      audit.recordOwnerChecks(request.getHeader("Authorization"), asked,
          new String(request.getBody().getBytes(), StandardCharsets.UTF_8), discovery::resourceOfKind);
    }
    if ("GET".equals(request.getMethod())) {
      (path.contains("watch=true") ? watches : reads).incrementAndGet();
      MockResponse discovery = this.discovery.answer(bare);
      if (discovery != null) {
        return discovery;
      }
      Matcher exec = POD_EXEC.matcher(path);
      if (exec.matches() && execs != null) {
        return execs.open(exec.group(1), exec.group(2), exec.group(3));
      }
      Matcher log = POD_LOG.matcher(path);
      if (log.matches()) {
        Matcher container = Pattern.compile("[?&]container=([^&]+)").matcher(path);
        return podLog(log.group(1), log.group(2), container.find() ? container.group(1) : null);
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
      if (POD_EXEC.matcher(path).matches()) {
        // SPDY (a POST with Upgrade: SPDY/3.1), which kubectl falls back to: not a create of anything
        return new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json").setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"BadRequest\",\"code\":400,"
                + "\"message\":\"the sandbox serves exec over WebSocket (v4/v5.channel.k8s.io) only, not SPDY\"}");
      }
    }
    if (ScaleSubresource.is(bare)) {
      return scale(bare, request);
    }
    if (!"GET".equals(request.getMethod())) {
      if ("PUT".equals(request.getMethod())) {
        MockResponse stale = staleVersion(bare, request);
        if (stale != null) {
          return stale;
        }
      }
      if ("PATCH".equals(request.getMethod()) && String.valueOf(request.getHeader("Content-Type"))
          .startsWith("application/strategic-merge-patch+json")) {
        request = asMergePatch(bare, request);
      }
      if ("POST".equals(request.getMethod()) && POD_CREATE.matcher(bare).matches()) {
        MockResponse refused = admission(POD_CREATE.matcher(bare).replaceFirst("$1"), request);
        if (refused != null) {
          return refused;
        }
      }
      if ("DELETE".equals(request.getMethod()) && collector != null && orphans(path, request)) {
        String object = objectOf(bare);
        if (object != null) {
          collector.orphan(object);
        }
      }
      if (CrdWrites.is(request.getMethod(), bare)) {
        return CrdWrites.serve(request, this::stored, discovery, versions, tables, crud.schemas);
      }
    }
    return stored(request);
  }

  /** The object as a row of the Table {@code kubectl get} asks for on {@code path}; unchanged if it has no table. */
  String tableOf(String path, String object) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String plural = tables.pluralOf(bare);
    try {
      return plural == null ? object : tables.render(plural, object, Instant.now());
    } catch (JsonProcessingException e) {
      return object;
    }
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
    AttributeSet scoped = scope;
    if ("GET".equals(request.getMethod()) || "DELETE".equals(request.getMethod())) {
      return IndexedStore.scope(scoped, () -> crud.dispatch(request));
    }
    try {
      var served = crud.schemas.serving(CrdSchemas.FieldValidation.of(request.getPath()),
          () -> IndexedStore.scope(scoped, () -> crud.dispatch(request)));
      MockResponse response = served.result();
      if ("PATCH".equals(request.getMethod()) && response.code() == 202) {
        // a real server answers a patch 200 with the object as stored (no nulls)
        response.setResponseCode(200).setBody(StoredJson.withoutNulls(response.getBody().readUtf8()));
      }
      if (!served.pruned().isEmpty() && response.code() / 100 == 2) {
        // the answer shows the object as stored, and says what was dropped, as a real server does
        response.setBody(crud.schemas.withoutUnknownFields(response.getBody().readUtf8()));
        if (CrdSchemas.FieldValidation.of(request.getPath()) == CrdSchemas.FieldValidation.WARN) {
          response.setHeader("Warning", CrdSchemas.warning(served.pruned()));
        }
      }
      return response;
    } catch (CrdSchemas.Rejection rejected) {
      return new MockResponse().setResponseCode(rejected.code).setHeader("Content-Type", "application/json")
          .setBody(rejected.status);
    }
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

  /**
   * 403 Forbidden when admission refuses the pod, as a real server's validating admission does, in its order: the
   * namespace's Pod Security level ({@link PodSecurityAdmission}), then its ResourceQuotas ({@link
   * QuotaAdmission}); null to go on.
   */
  private MockResponse admission(String namespace, RecordedRequest request) {
    if (request.getBody() == null) {
      return null;
    }
    try {
      JsonNode pod = JSON.readTree(request.getBody().getBytes());
      var stored = crud.findResource(crud.getKey("/api/v1/namespaces/" + namespace));
      String refusal = stored == null ? null : PodSecurityAdmission.refusal(pod, JSON.readTree(stored.getValue()));
      List<String> quotas = store.bucket("resourcequotas/" + namespace);
      if (refusal == null && !quotas.isEmpty()) {
        List<JsonNode> pods = new ArrayList<>();
        for (String other : store.bucket("pods/" + namespace)) {
          pods.add(JSON.readTree(other));
        }
        List<JsonNode> limits = new ArrayList<>();
        for (String quota : quotas) {
          limits.add(JSON.readTree(quota));
        }
        refusal = QuotaAdmission.refusal(pod, limits, pods);
      }
      if (refusal == null) {
        return null;
      }
      ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
      status.putObject("metadata");
      status.put("status", "Failure").put("message", refusal).put("reason", "Forbidden").put("code", 403);
      status.putObject("details").put("name", pod.path("metadata").path("name").asText()).put("kind", "pods");
      return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
          .setBody(status.toString());
    } catch (IOException e) {
      return null;
    }
  }

  /** A workload's scale: read, patched or replaced, always answered as a Scale ({@link ScaleSubresource}). */
  private MockResponse scale(String bare, RecordedRequest request) {
    if ("PUT".equals(request.getMethod()) && request.getBody() != null) {
      try {
        request = new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, request.getPath(),
            request.getHeaders().newBuilder().set("Content-Type", "application/merge-patch+json").build(),
            new Buffer(ScaleSubresource.asPatch(request.getBody().getBytes())));
      } catch (IOException e) {
        return new MockResponse().setResponseCode(400).setBody("not a Scale: " + e.getMessage());
      }
    } else if ("PATCH".equals(request.getMethod()) && String.valueOf(request.getHeader("Content-Type"))
        .startsWith("application/strategic-merge-patch+json")) {
      request = asMergePatch(bare, request);
    }
    MockResponse response = stored(request);
    return response.code() / 100 == 2 ? response.setBody(ScaleSubresource.of(response.getBody().readUtf8())) : response;
  }

  /**
   * A strategic merge patch as the JSON merge patch the mock takes ({@link StrategicMergePatch}), computed on the
   * object as stored; unchanged when the object is not there or the body is not a JSON object (the mock answers).
   */
  private RecordedRequest asMergePatch(String bare, RecordedRequest request) {
    String object = bare.replaceFirst("/(status|scale)$", "");
    var stored = crud.findResource(crud.getKey(object));
    try {
      if (stored == null || request.getBody() == null
          || !(JSON.readTree(request.getBody().getBytes()) instanceof ObjectNode patch)) {
        return request;
      }
      byte[] merge = JSON.writeValueAsBytes(StrategicMergePatch.toMergePatch(JSON.readTree(stored.getValue()), patch));
      return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
          request.getHeaders().newBuilder().set("Content-Type", "application/merge-patch+json").build(),
          new Buffer(merge));
    } catch (IOException e) {
      return request;
    }
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

  /**
   * A container's log: the first container's is {@code POD.log}, another's {@code POD.log.NAME}. As a real API server
   * does, a pod of several containers needs {@code ?container=}.
   */
  private MockResponse podLog(String namespace, String pod, String container) {
    Path file = logDir.resolve(namespace).resolve(pod + ".log");
    try {
      List<String> others = new ArrayList<>();
      if (Files.isDirectory(file.getParent())) {
        try (var files = Files.list(file.getParent())) {
          files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(pod + ".log."))
              .forEach(f -> others.add(f.substring(pod.length() + 5)));
        }
      }
      if (container == null && !others.isEmpty()) {
        return new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json").setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"BadRequest\",\"code\":400,"
            + "\"message\":\"a container name must be specified for pod " + pod + "\"}");
      }
      if (container != null && others.contains(container)) {
        file = file.resolveSibling(pod + ".log." + container);
      }
      String text = Files.exists(file) ? Files.readString(file) : "";
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
    } catch (IOException e) {
      return new MockResponse().setResponseCode(500).setBody(e.getMessage());
    }
  }

  static MockResponse json(Object body) {
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
