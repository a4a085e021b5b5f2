package dev.lifeboat.sandbox;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * What each client of the sandbox asked for, in RBAC's terms: identity (the bearer token: a pod's
 * is {@code system:serviceaccount:NS:SA}), verb, API group, resource (with subresource) and namespace.
 * Distinct requests only, so memory stays small however long the sandbox runs. Discovery
 * ({@code /api}, {@code /apis}, {@code /version}) is not a resource request and is not recorded:
 * every authenticated client may make it.
 *
 * <p>It also records what Kubernetes' OwnerReferencesPermissionEnforcement admission checks: an
 * object written with an owner reference that blocks the owner's deletion needs {@code update} on
 * the owner's {@code finalizers} subresource. The sandbox has no admission; the audit asks for it.
 */
public final class RequestAudit {
  /** One kind of request; {@code namespace} is empty for cluster-scoped and all-namespace requests. */
  public record Request(String verb, String group, String resource, String namespace) implements Comparable<Request> {
    @Override
    public int compareTo(Request o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (namespace.isEmpty() ? "" : " -n " + namespace);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Set<Request>> byIdentity = new ConcurrentHashMap<>();
  /** Identity → "verb resource" → how many (the owner checks above are not requests and not counted). */
  private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

  /** Records a request; returns it in RBAC's terms (null for a non-resource request). */
  Request record(String authorization, String method, String path) {
    Request request = parse(method, path);
    if (request != null) {
      record(authorization, request);
      counts.computeIfAbsent(identityOf(authorization), i -> new ConcurrentHashMap<>())
          .computeIfAbsent(request.verb() + " " + request.resource(), k -> new LongAdder())
          .increment();
    }
    return request;
  }

  /**
   * The owners' finalizers a write with {@code blockOwnerDeletion} owner references needs to update.
   *
   * @param resourceOf the kind's resource (plural) and group, "group/plural", or null when unknown
   */
  void recordOwnerChecks(String authorization, Request write, String body,
      Function<String, String> resourceOf) {
    if (!write.verb().equals("create") && !write.verb().equals("update") && !write.verb().equals("patch")
        || body == null || !body.contains("blockOwnerDeletion")) {
      return;
    }
    try {
      var references = JSON.readTree(body).path("metadata").path("ownerReferences");
      for (var reference : references) {
        String resource = reference.path("blockOwnerDeletion").asBoolean(false)
            ? resourceOf.apply(reference.path("kind").asText()) : null;
        if (resource != null) {
          String group = resource.substring(0, resource.indexOf('/'));
          record(authorization, new Request("update", group, resource.substring(resource.indexOf('/') + 1)
              + "/finalizers", write.namespace()));
        }
      }
    } catch (IOException e) {
      // not JSON (a JSON patch): no owner references to check
    }
  }

  private void record(String authorization, Request request) {
    byIdentity.computeIfAbsent(identityOf(authorization), i -> ConcurrentHashMap.newKeySet()).add(request);
  }

  private static String identityOf(String authorization) {
    return authorization != null && authorization.startsWith("Bearer ")
        ? authorization.substring("Bearer ".length()) : "anonymous";
  }

  /** How many requests of each "verb resource" one identity made so far (what a benchmark reports). */
  public Map<String, Long> counts(String identity) {
    Map<String, Long> out = new TreeMap<>();
    counts.getOrDefault(identity, Map.of()).forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The distinct requests of one identity so far, sorted. */
  public Set<Request> of(String identity) {
    return new TreeSet<>(byIdentity.getOrDefault(identity, Set.of()));
  }

  public Set<String> identities() {
    return new TreeSet<>(byIdentity.keySet());
  }

  /** A request path in RBAC's terms, or null for what is not a resource request. */
  public static Request parse(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    String group;
    int rest;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      rest = 3;
    } else {
      return null;
    }
    String namespace = "";
    String resource;
    String name = null;
    String subresource = null;
    int left = parts.length - rest;
    if (parts[rest].equals("namespaces") && left >= 3) {
      namespace = parts[rest + 1];
      resource = parts[rest + 2];
      name = left >= 4 ? parts[rest + 3] : null;
      subresource = left >= 5 ? parts[rest + 4] : null;
    } else {
      resource = parts[rest];
      name = left >= 2 ? parts[rest + 1] : null;
      subresource = left >= 3 ? parts[rest + 2] : null;
    }
    boolean watch = query.matches("(^|.*&)watch=(true|1)(&.*|$)");
    // A WebSocket exec, attach or port-forward is a GET that the API server authorizes as create (Kubernetes 1.31+,
    // AuthorizePodWebsocketUpgradeCreatePermission), as it does the same request over SPDY (a POST).
    boolean connect = "pods".equals(resource) && subresource != null
        && java.util.Set.of("exec", "attach", "portforward").contains(subresource);
    String verb = connect ? "create" : switch (method) {
      case "GET" -> watch ? "watch" : name == null ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name == null ? "deletecollection" : "delete";
      default -> method.toLowerCase(Locale.ROOT);
    };
    return new Request(verb, group, subresource == null ? resource : resource + "/" + subresource, namespace);
  }
}
