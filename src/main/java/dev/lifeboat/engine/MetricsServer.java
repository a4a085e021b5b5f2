package dev.lifeboat.engine;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The controller's one HTTP port: {@code /metrics} (Prometheus text, written by the client library),
 * {@code /healthz} (alive) and {@code /readyz} (see {@link ControllerHealth}): what the Deployment's
 * probes and a ServiceMonitor use.
 */
public final class MetricsServer implements AutoCloseable {
  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  public static MetricsServer start(int port, ControllerMetrics metrics, ControllerHealth health) throws IOException {
    return new MetricsServer(HTTPServer.builder().port(port).registry(metrics.registry())
        .defaultHandler(exchange -> answer(exchange, health)).buildAndStart());
  }

  public int port() {
    return server.getPort();
  }

  private static void answer(HttpExchange exchange, ControllerHealth health) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int code;
    String body;
    if (path.equals("/healthz")) {
      String why = health.notAlive();
      code = why == null ? 200 : 503;
      body = why == null ? "ok\n" : "not alive: " + why + "\n";
    } else if (path.equals("/readyz")) {
      String why = health.notReady();
      code = why == null ? 200 : 503;
      body = why == null ? "ready\n" : "not ready: " + why + "\n";
    } else {
      code = 404;
      body = "lifeboat controller: /metrics, /healthz, /readyz\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
