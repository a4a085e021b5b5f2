package dev.lifeboat.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.atomic.AtomicLong;

/** A client that counts its own requests: reads (GET, not watches), watches, and writes by method. */
final class RequestCounter {
  final AtomicLong reads = new AtomicLong();
  final AtomicLong watches = new AtomicLong();
  final AtomicLong creates = new AtomicLong();
  final AtomicLong updates = new AtomicLong();
  final AtomicLong otherWrites = new AtomicLong();
  final AtomicLong events = new AtomicLong();
  /** "update leases", "patch restores/status", …: what the requests were, for the breakdown a bench prints. */
  final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> byKind = new java.util.concurrent.ConcurrentHashMap<>();

  KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            String uri = request.uri().toString();
            var asked = dev.lifeboat.sandbox.RequestAudit.parse(request.method(), request.uri().getRawPath()
                + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()));
            if (asked != null && !asked.verb().equals("watch")) {
              byKind.computeIfAbsent(asked.verb() + " " + asked.resource(), k -> new AtomicLong()).incrementAndGet();
            }
            switch (request.method()) {
              case "GET" -> (uri.contains("watch=true") ? watches : reads).incrementAndGet();
              case "POST" -> (uri.contains("/events") ? events : creates).incrementAndGet();
              case "PUT" -> updates.incrementAndGet();
              default -> otherWrites.incrementAndGet();
            }
          }
        })).build();
  }

  /** The breakdown per object, most frequent first. */
  String breakdown(long per) {
    StringBuilder out = new StringBuilder();
    byKind.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
        .forEach(e -> out.append(String.format(java.util.Locale.ROOT, "  %-32s %.2f%n", e.getKey(),
            e.getValue().get() / (double) per)));
    return out.toString();
  }

  long writes() {
    return creates.get() + updates.get() + otherWrites.get() + events.get();
  }
}
