package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Watches over plain HTTP, as kubectl ({@code get -w}) and client-go make them: a GET with {@code watch=true} and no
 * WebSocket upgrade is answered with a chunked stream of watch events, one JSON object per line, until either side
 * closes. fabric8's mock serves watches over WebSocket only, so the stream is relayed from a WebSocket watch that the
 * sandbox opens on itself for the same path. Events an HTTP watcher already has (ADDED for objects at or below the
 * {@code resourceVersion} it watches from, which the mock replays on open) are left out, as a real server does.
 *
 * <p>The hook: the mock creates its HTTP server from its Vert.x instance, so that instance is wrapped (before the
 * server starts) to wrap the request handler the mock installs.
 */
final class HttpWatchStreams {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpWatchStreams() {}

  /**
   * Makes {@code web}, not yet started, answer HTTP watches; {@code asTable} turns an event's object into the Table a
   * request that accepts one asked for (request path, object JSON → table JSON).
   */
  static void install(MockWebServer web, BiFunction<String, String, String> asTable) {
    try {
      Field field = MockWebServer.class.getDeclaredField("vertx");
      field.setAccessible(true);
      Vertx vertx = (Vertx) field.get(web);
      field.set(web, wrap(Vertx.class, vertx, (method, args) -> {
        if (method.getName().equals("createHttpServer")) {
          HttpServer server = (HttpServer) method.invoke(vertx, args);
          return wrap(HttpServer.class, server, (serverMethod, serverArgs) -> {
            if (serverMethod.getName().equals("requestHandler") && serverArgs != null && serverArgs.length == 1) {
              @SuppressWarnings("unchecked")
              Handler<HttpServerRequest> mock = (Handler<HttpServerRequest>) serverArgs[0];
              serverArgs = new Object[] {relaying(vertx, mock, asTable)};
            }
            return serverMethod.invoke(server, serverArgs);
          });
        }
        return method.invoke(vertx, args);
      }));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("the sandbox's HTTP watches do not fit this fabric8 mock server: " + e, e);
    }
  }

  private interface Call {
    Object invoke(Method method, Object[] args) throws ReflectiveOperationException;
  }

  /** A proxy of {@code type} that runs {@code call}; fluent methods answer the proxy, not what it wraps. */
  private static <T> T wrap(Class<T> type, T target, Call call) {
    Object[] self = new Object[1];
    InvocationHandler handler = (proxy, method, args) -> {
      try {
        Object result = call.invoke(method, args);
        return result == target ? self[0] : result;
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    self[0] = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    return type.cast(self[0]);
  }

  private static Handler<HttpServerRequest> relaying(Vertx vertx, Handler<HttpServerRequest> mock,
      BiFunction<String, String, String> asTable) {
    HttpClient loopback = vertx.createHttpClient(new HttpClientOptions().setMaxWebSockets(1_000));
    return request -> {
      String uri = request.uri();
      boolean watch = uri.contains("watch=true") || uri.contains("watch=1");
      boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
      if (!watch || upgrade || request.method() != HttpMethod.GET) {
        mock.handle(request);
        return;
      }
      stream(loopback, request, asTable);
    };
  }

  private static void stream(HttpClient loopback, HttpServerRequest request,
      BiFunction<String, String, String> asTable) {
    String uri = request.uri();
    long from = resourceVersion(uri);
    String accept = request.getHeader("Accept");
    boolean table = accept != null && accept.contains("as=Table");
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(request.localAddress().host())
        .setPort(request.localAddress().port()).setURI(uri);
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      options.addHeader("Authorization", authorization);
    }
    loopback.webSocket(options).onComplete(opened -> {
      HttpServerResponse response = request.response();
      if (opened.failed()) {
        response.setStatusCode(500).end("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,"
            + "\"message\":\"watch failed\"}");
        return;
      }
      WebSocket socket = opened.result();
      response.setChunked(true).putHeader("Content-Type", "application/json").setStatusCode(200);
      response.closeHandler(closed -> socket.close());
      socket.closeHandler(closed -> {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      });
      socket.textMessageHandler(event -> {
        String line = line(event, from, table ? asTable : null, uri);
        if (line != null && !response.closed()) {
          response.write(line + "\n");
        }
      });
      response.writeHead();
    });
  }

  /** The event as the HTTP watcher should get it, or null when it already has it. */
  static String line(String event, long from, BiFunction<String, String, String> asTable, String uri) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(event);
      JsonNode object = node.path("object");
      long version = object.path("metadata").path("resourceVersion").asLong(-1);
      if (from > 0 && "ADDED".equals(node.path("type").asText()) && version >= 0 && version <= from) {
        return null;
      }
      if (asTable != null && object.isObject()) {
        node.set("object", JSON.readTree(asTable.apply(uri, object.toString())));
      }
      return node.toString();
    } catch (Exception e) {
      return event;
    }
  }

  /** The resourceVersion a watch starts from (0 when none: the watcher wants every object first). */
  private static long resourceVersion(String uri) {
    var matcher = Pattern.compile("[?&]resourceVersion=(\\d+)").matcher(uri);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }
}
