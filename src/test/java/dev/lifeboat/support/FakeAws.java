package dev.lifeboat.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP peer that speaks the few AWS calls hibernation makes — EC2 (Describe/Stop/StartInstances,
 * query protocol, XML), RDS (Describe/Stop/Start DBInstances and DBClusters) and EKS (list, describe,
 * update-config of node groups, REST JSON) — over an in-memory account. No cloud is reachable here;
 * the executors are tested against this. Stops and starts take effect at once. {@link #failing}
 * makes an action answer as AWS does when it is not allowed.
 */
public final class FakeAws implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  public final Map<String, Map<String, Object>> instances = Collections.synchronizedMap(new LinkedHashMap<>());
  public final Map<String, Map<String, Object>> dbInstances = Collections.synchronizedMap(new LinkedHashMap<>());
  public final Map<String, Map<String, Object>> dbClusters = Collections.synchronizedMap(new LinkedHashMap<>());
  /** cluster → node group → {minSize, desiredSize, maxSize, tags}. */
  public final Map<String, Map<String, Map<String, Object>>> nodegroups = Collections.synchronizedMap(new LinkedHashMap<>());
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  public final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  public volatile String failing;
  private final HttpServer server;

  public FakeAws() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void instance(String id, String state, Map<String, String> tags) {
    instances.put(id, new LinkedHashMap<>(Map.of("state", state, "tags", tags)));
  }

  public void dbInstance(String id, String status, Map<String, String> tags) {
    dbInstances.put(id, new LinkedHashMap<>(Map.of("state", status, "tags", tags)));
  }

  public void dbCluster(String id, String status, Map<String, String> tags) {
    dbClusters.put(id, new LinkedHashMap<>(Map.of("state", status, "tags", tags)));
  }

  public void nodegroup(String cluster, String name, int min, int desired, int max, Map<String, String> tags) {
    nodegroups.computeIfAbsent(cluster, c -> Collections.synchronizedMap(new LinkedHashMap<>()))
        .put(name, new LinkedHashMap<>(Map.of("minSize", min, "desiredSize", desired, "maxSize", max, "tags", tags)));
  }

  public String state(Map<String, Map<String, Object>> of, String id) {
    return String.valueOf(of.get(id).get("state"));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      if (path.startsWith("/clusters/")) {
        eks(exchange, path, body);
        return;
      }
      Map<String, List<String>> form = form(body);
      String action = first(form, "Action");
      calls.add(action + " " + String.join(",", values(form, "InstanceId.")) + String.join(",",
          values(form, "DBInstanceIdentifier")) + String.join(",", values(form, "DBClusterIdentifier")));
      if (action.equals(failing)) {
        xml(exchange, 403, "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized"
            + " to perform this operation.</Message></Error></Errors><RequestID>f</RequestID></Response>");
        return;
      }
      switch (action) {
        case "DescribeInstances" -> xml(exchange, 200, ec2("DescribeInstancesResponse", "<reservationSet><item>"
            + "<reservationId>r-1</reservationId><instancesSet>" + instancesXml() + "</instancesSet></item></reservationSet>"));
        case "StopInstances", "StartInstances" -> {
          boolean stop = action.startsWith("Stop");
          StringBuilder items = new StringBuilder();
          for (String id : values(form, "InstanceId.")) {
            String before = String.valueOf(instances.get(id).get("state"));
            instances.get(id).put("state", stop ? "stopped" : "running");
            items.append("<item><instanceId>").append(id).append("</instanceId><currentState>").append(stateXml(
                stop ? "stopped" : "running")).append("</currentState><previousState>").append(stateXml(before))
                .append("</previousState></item>");
          }
          xml(exchange, 200, ec2(action + "Response", "<instancesSet>" + items + "</instancesSet>"));
        }
        case "DescribeDBInstances" -> xml(exchange, 200, rds(action, "<DBInstances>" + dbXml(dbInstances, "DBInstance",
            "DBInstanceIdentifier", "DBInstanceStatus") + "</DBInstances>"));
        case "DescribeDBClusters" -> xml(exchange, 200, rds(action, "<DBClusters>" + dbXml(dbClusters, "DBCluster",
            "DBClusterIdentifier", "Status") + "</DBClusters>"));
        case "StopDBInstance", "StartDBInstance" -> {
          String id = first(form, "DBInstanceIdentifier");
          dbInstances.get(id).put("state", action.startsWith("Stop") ? "stopped" : "available");
          xml(exchange, 200, rds(action, one(dbInstances, id, "DBInstance", "DBInstanceIdentifier", "DBInstanceStatus")));
        }
        case "StopDBCluster", "StartDBCluster" -> {
          String id = first(form, "DBClusterIdentifier");
          dbClusters.get(id).put("state", action.startsWith("Stop") ? "stopped" : "available");
          xml(exchange, 200, rds(action, one(dbClusters, id, "DBCluster", "DBClusterIdentifier", "Status")));
        }
        default -> xml(exchange, 400, "<Response><Errors><Error><Code>InvalidAction</Code><Message>" + action
            + "</Message></Error></Errors></Response>");
      }
    } catch (RuntimeException e) {
      xml(exchange, 500, "<Response><Errors><Error><Code>InternalError</Code><Message>" + e
          + "</Message></Error></Errors></Response>");
    } finally {
      exchange.close();
    }
  }

  private void eks(HttpExchange exchange, String path, String body) throws IOException {
    String[] p = path.split("/"); // "", clusters, NAME, node-groups, [NG, [update-config]]
    String cluster = p[2];
    Map<String, Map<String, Object>> groups = nodegroups.getOrDefault(cluster, Map.of());
    ObjectNode out = JSON.createObjectNode();
    if (p.length == 4) {
      calls.add("ListNodegroups " + cluster);
      out.set("nodegroups", JSON.valueToTree(new ArrayList<>(groups.keySet())));
    } else if (p.length == 5) {
      calls.add("DescribeNodegroup " + p[4]);
      Map<String, Object> g = groups.get(p[4]);
      ObjectNode ng = out.putObject("nodegroup").put("nodegroupName", p[4]).put("clusterName", cluster);
      ng.putObject("scalingConfig").put("minSize", (Integer) g.get("minSize"))
          .put("desiredSize", (Integer) g.get("desiredSize")).put("maxSize", (Integer) g.get("maxSize"));
      ng.set("tags", JSON.valueToTree(g.get("tags")));
    } else {
      calls.add("UpdateNodegroupConfig " + p[4]);
      if ("UpdateNodegroupConfig".equals(failing)) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "AccessDeniedException");
        send(exchange, 403, "{\"message\":\"User is not authorized to perform eks:UpdateNodegroupConfig\"}");
        return;
      }
      JsonNode scaling = JSON.readTree(body).path("scalingConfig");
      Map<String, Object> g = groups.get(p[4]);
      g.put("minSize", scaling.path("minSize").asInt());
      g.put("desiredSize", scaling.path("desiredSize").asInt());
      g.put("maxSize", scaling.path("maxSize").asInt());
      out.putObject("update").put("id", "u-1").put("status", "InProgress").put("type", "ConfigUpdate");
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    send(exchange, 200, out.toString());
  }

  private String instancesXml() {
    StringBuilder s = new StringBuilder();
    synchronized (instances) {
      instances.forEach((id, i) -> s.append("<item><instanceId>").append(id).append("</instanceId><instanceState>")
          .append(stateXml(String.valueOf(i.get("state")))).append("</instanceState><tagSet>")
          .append(tags((Map<?, ?>) i.get("tags"), "item", "key", "value")).append("</tagSet></item>"));
    }
    return s.toString();
  }

  private static String stateXml(String name) {
    int code = switch (name) {
      case "pending" -> 0;
      case "running" -> 16;
      case "stopping" -> 64;
      case "stopped" -> 80;
      default -> 48;
    };
    return "<code>" + code + "</code><name>" + name + "</name>";
  }

  private static String dbXml(Map<String, Map<String, Object>> of, String member, String idField, String statusField) {
    StringBuilder s = new StringBuilder();
    synchronized (of) {
      of.keySet().forEach(id -> s.append(one(of, id, member, idField, statusField)));
    }
    return s.toString();
  }

  private static String one(Map<String, Map<String, Object>> of, String id, String member, String idField,
      String statusField) {
    Map<String, Object> o = of.get(id);
    return "<" + member + "><" + idField + ">" + id + "</" + idField + "><" + statusField + ">" + o.get("state") + "</"
        + statusField + "><TagList>" + tags((Map<?, ?>) o.get("tags"), "Tag", "Key", "Value") + "</TagList></" + member
        + ">";
  }

  private static String tags(Map<?, ?> tags, String item, String key, String value) {
    StringBuilder s = new StringBuilder();
    tags.forEach((k, v) -> s.append("<").append(item).append("><").append(key).append(">").append(k).append("</")
        .append(key).append("><").append(value).append(">").append(v).append("</").append(value).append("></")
        .append(item).append(">"));
    return s.toString();
  }

  private static String ec2(String root, String inner) {
    return "<" + root + " xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-1</requestId>" + inner
        + "</" + root + ">";
  }

  private static String rds(String action, String inner) {
    return "<" + action + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><" + action + "Result>" + inner
        + "</" + action + "Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></" + action
        + "Response>";
  }

  private static void xml(HttpExchange exchange, int code, String body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/xml");
    send(exchange, code, body);
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, List<String>> form(String body) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> v = form.get(key);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  /** Values of keys starting with {@code prefix} (InstanceId.1, InstanceId.2, ...), or of exactly that key. */
  private static List<String> values(Map<String, List<String>> form, String prefix) {
    List<String> out = new ArrayList<>();
    form.forEach((k, v) -> {
      if (k.equals(prefix) || (prefix.endsWith(".") && k.startsWith(prefix))) {
        out.addAll(v);
      }
    });
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
