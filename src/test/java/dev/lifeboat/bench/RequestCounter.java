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

  KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            String uri = request.uri().toString();
            switch (request.method()) {
              case "GET" -> (uri.contains("watch=true") ? watches : reads).incrementAndGet();
              case "POST" -> (uri.contains("/events") ? events : creates).incrementAndGet();
              case "PUT" -> updates.incrementAndGet();
              default -> otherWrites.incrementAndGet();
            }
          }
        })).build();
  }

  long writes() {
    return creates.get() + updates.get() + otherWrites.get() + events.get();
  }
}
