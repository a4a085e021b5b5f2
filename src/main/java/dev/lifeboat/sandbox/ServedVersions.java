package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A custom resource served in several versions, as a real API server serves it: every object is stored once, in the
 * CRD's storage version, and read or written through any served version. The CRDs lifeboat serves this way use
 * conversion {@code None} (the versions share one schema), so converting is what the API server does then: the
 * {@code apiVersion} is rewritten, nothing else. A request to a served version that is not the storage one is turned
 * into a request to the storage version (path and body), and what comes back (an object, a list and its items, each
 * watch event's object) names the version that was asked for. Without this, fabric8's mock would keep each version's
 * objects apart: an object written as v1alpha1 would not exist for a client of v1beta1.
 */
final class ServedVersions {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** /apis/GROUP/VERSION/[namespaces/NS/]PLURAL[/...]: a namespaces list itself is not a custom resource. */
  private static final Pattern PATH = Pattern.compile("^/apis/([^/]+)/([^/]+)/(?:namespaces/[^/]+/)?([^/?]+)");

  /** "group/version/plural" of a served version that is not the storage one → the storage version. */
  private final Map<String, String> storageOf = new ConcurrentHashMap<>();
  /** Per group of a registered CRD, every "version/plural" it serves (storage versions included). */
  private final Map<String, Set<String>> servedOf = new ConcurrentHashMap<>();

  /**
   * What fabric8's mock must know of each version of {@code crd} (scope, plural, whether {@code /status} is a
   * subresource). Its own {@code fromCrd} describes one version only (the highest priority: v1beta1), which left the
   * storage version v1alpha1 without a status subresource: a finalizer update then wrote the status too.
   */
  static List<CustomResourceDefinitionContext> contexts(
      CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream().map(v -> new CustomResourceDefinitionContext.Builder().withName(crd.getMetadata().getName())
        .withGroup(crd.getSpec().getGroup()).withVersion(v.getName()).withKind(crd.getSpec().getNames().getKind())
        .withPlural(crd.getSpec().getNames().getPlural()).withScope(crd.getSpec().getScope())
        .withStatusSubresource(v.getSubresources() != null && v.getSubresources().getStatus() != null).build())
        .toList();
  }

  /** Serves every version of {@code crd} from its storage version from now on. */
  void register(CustomResourceDefinition crd) {
    String storage = crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getStorage()))
        .map(CustomResourceDefinitionVersion::getName).findFirst().orElse(null);
    if (storage == null) {
      return;
    }
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (!Boolean.FALSE.equals(version.getServed())) {
        servedOf.computeIfAbsent(crd.getSpec().getGroup(), g -> ConcurrentHashMap.newKeySet())
            .add(version.getName() + "/" + crd.getSpec().getNames().getPlural());
      }
      if (!version.getName().equals(storage) && !Boolean.FALSE.equals(version.getServed())) {
        storageOf.put(crd.getSpec().getGroup() + "/" + version.getName() + "/" + crd.getSpec().getNames().getPlural(),
            storage);
      }
    }
  }

  /**
   * The 404 a real server answers when {@code path} names a resource of a registered group in a version that does
   * not serve it (a Schedule as v1beta1), where fabric8's mock would store anything at any path; else null.
   */
  MockResponse unserved(String path) {
    Matcher m = PATH.matcher(path);
    Set<String> served = m.find() ? servedOf.get(m.group(1)) : null;
    if (served == null || served.contains(m.group(2) + "/" + m.group(3))) {
      return null;
    }
    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json").setBody(
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
            + "\"message\":\"the server could not find the requested resource\"}");
  }

  /** How a request to {@code path} is converted, or null when it is to a storage version (or no custom resource). */
  Conversion of(String path) {
    Matcher m = PATH.matcher(path);
    if (!m.find()) {
      return null;
    }
    String storage = storageOf.get(m.group(1) + "/" + m.group(2) + "/" + m.group(3));
    return storage == null ? null : new Conversion(m.group(1), m.group(2), storage);
  }

  /** One request's conversion between the version it asked for and the storage version. */
  record Conversion(String group, String asked, String storage) {
    /** The same request, to the storage version. */
    RecordedRequest request(RecordedRequest request) {
      String path = request.getPath().replaceFirst("^/apis/" + Pattern.quote(group) + "/" + Pattern.quote(asked) + "/",
          "/apis/" + group + "/" + storage + "/");
      Buffer body = request.getBody();
      if (body != null && body.size() > 0) {
        body = new Buffer(rewrite(new String(body.getBytes(), StandardCharsets.UTF_8), asked, storage)
            .getBytes(StandardCharsets.UTF_8));
      }
      return new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(), body);
    }

    /** What the storage version answered, in the version that was asked for (a watch's events too). */
    MockResponse response(MockResponse response) {
      if (response.getWebSocketListener() != null) {
        return response.withWebSocketUpgrade(new ConvertingListener(response.getWebSocketListener(),
            text -> rewrite(text, storage, asked)));
      }
      Buffer body = response.getBody();
      if (body != null && body.size() > 0) {
        response.setBody(rewrite(new String(body.getBytes(), StandardCharsets.UTF_8), storage, asked));
      }
      return response;
    }

    /**
     * {@code json} with "group/from" in place of "group/to" where an object says what it is: the object itself, a
     * list's items, a watch event's object. Anything else (a Status, a Table, text) is left as it is.
     */
    private String rewrite(String json, String from, String to) {
      JsonNode node;
      try {
        node = JSON.readTree(json);
      } catch (IOException notJson) {
        return json;
      }
      if (!(node instanceof ObjectNode object)) {
        return json;
      }
      boolean changed = relabel(object, from, to);
      if (object.get("items") != null && object.get("items").isArray()) {
        for (JsonNode item : object.get("items")) {
          changed |= item instanceof ObjectNode i && relabel(i, from, to);
        }
      }
      if (object.get("object") instanceof ObjectNode event) {
        changed |= relabel(event, from, to);
      }
      return changed ? object.toString() : json;
    }

    private boolean relabel(ObjectNode object, String from, String to) {
      if (!(group + "/" + from).equals(object.path("apiVersion").asText())) {
        return false;
      }
      object.put("apiVersion", group + "/" + to);
      return true;
    }
  }

  /** The mock's watch, whose every event is converted on its way out. */
  private static final class ConvertingListener extends WebSocketListener {
    private final WebSocketListener delegate;
    private final UnaryOperator<String> convert;
    private final Map<WebSocket, WebSocket> converting = new ConcurrentHashMap<>();

    ConvertingListener(WebSocketListener delegate, UnaryOperator<String> convert) {
      this.delegate = delegate;
      this.convert = convert;
    }

    private WebSocket converting(WebSocket socket) {
      return converting.computeIfAbsent(socket, s -> new WebSocket() {
        @Override
        public RecordedRequest request() {
          return s.request();
        }

        @Override
        public boolean send(String text) {
          return s.send(convert.apply(text));
        }

        @Override
        public boolean send(byte[] bytes) {
          return s.send(convert.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
          return s.close(code, reason);
        }
      });
    }

    @Override
    public void onBeforeAccept(WebSocket socket, Response response) {
      delegate.onBeforeAccept(converting(socket), response);
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
      delegate.onOpen(converting(socket), response);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
      delegate.onMessage(converting(socket), text);
    }

    @Override
    public void onMessage(WebSocket socket, ByteString bytes) {
      delegate.onMessage(converting(socket), bytes);
    }

    @Override
    public void onMessage(WebSocket socket, byte[] bytes) {
      delegate.onMessage(converting(socket), bytes);
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
      delegate.onClosing(converting(socket), code, reason);
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
      delegate.onClosed(converting(socket), code, reason);
      converting.remove(socket);
    }

    @Override
    public void onFailure(WebSocket socket, Throwable t, Response response) {
      delegate.onFailure(converting(socket), t, response);
      converting.remove(socket);
    }
  }
}
