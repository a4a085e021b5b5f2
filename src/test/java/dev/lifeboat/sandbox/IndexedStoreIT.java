package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's indexed store answers as the mock's scan did: gets by name, lists per namespace and
 * across them, label selectors, cluster-scoped objects, deletes, watches, and creation order.
 */
class IndexedStoreIT {
  private static ConfigMap cm(String ns, String name, String tier) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("tier", tier)
        .endMetadata().addToData("k", ns + "/" + name).build();
  }

  private static List<String> names(List<ConfigMap> items) {
    return items.stream().map(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()).toList();
  }

  @Test
  void answersAsTheScanDid() throws Exception {
    try (SandboxApiServer server = SandboxApiServer.start(java.nio.file.Files.createTempDirectory("idx"), 0);
        KubernetesClient client = server.newClient()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      var watch = client.configMaps().inNamespace("a").withLabel("tier", "db").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {
          seen.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {}
      });
      for (String name : List.of("z", "m", "a")) {
        client.configMaps().inNamespace("a").resource(cm("a", name, name.equals("m") ? "web" : "db")).create();
        client.configMaps().inNamespace("b").resource(cm("b", name, "db")).create();
      }
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build()).create();

      assertEquals("a/m", client.configMaps().inNamespace("a").withName("m").get().getData().get("k"));
      assertNull(client.configMaps().inNamespace("a").withName("nope").get());
      assertEquals(List.of("a/z", "a/m", "a/a"), names(client.configMaps().inNamespace("a").list().getItems()), "creation order");
      assertEquals(List.of("a/z", "b/z", "a/m", "b/m", "a/a", "b/a"), names(client.configMaps().inAnyNamespace().list().getItems()));
      assertEquals(List.of("a/z", "a/a"), names(client.configMaps().inNamespace("a").withLabel("tier", "db").list().getItems()));
      assertEquals(List.of("a/m"), names(client.configMaps().inAnyNamespace().withLabel("tier", "web").list().getItems()));
      assertEquals("a", client.namespaces().withName("a").get().getMetadata().getName());

      client.configMaps().inNamespace("a").withName("z").edit(c -> {
        c.getData().put("k", "changed");
        return c;
      });
      client.configMaps().inNamespace("a").withName("a").delete();
      dev.lifeboat.support.Eventually.await(java.time.Duration.ofSeconds(10), "watch events", () -> seen.size() >= 4);
      assertEquals(List.of("ADDED z", "ADDED a", "MODIFIED z", "DELETED a"), seen);
      // an update files the object anew, last (the mock's own map did the same)
      assertEquals(List.of("a/m", "a/z"), names(client.configMaps().inNamespace("a").list().getItems()));
      assertEquals("changed", client.configMaps().inNamespace("a").withName("z").get().getData().get("k"));
      assertEquals(3, client.configMaps().inNamespace("b").list().getItems().size(), "the other namespace untouched");
      watch.close();

      // job-name has a bucket of its own: equality asks it, other forms of the label scan the namespace
      for (String name : List.of("p1", "p2", "q1")) {
        client.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
            .addToLabels("job-name", name.substring(0, 1)).endMetadata().build()).create();
      }
      assertEquals(List.of("a/p1", "a/p2"), names(client.configMaps().inNamespace("a").withLabel("job-name", "p").list().getItems()));
      assertEquals(List.of("a/p1", "a/p2", "a/q1"), names(client.configMaps().inNamespace("a").withLabel("job-name").list().getItems()));
      client.configMaps().inNamespace("a").withLabel("job-name", "p").delete();
      assertEquals(List.of(), names(client.configMaps().inNamespace("a").withLabel("job-name", "p").list().getItems()));
      assertEquals(List.of("a/m", "a/z", "a/q1"), names(client.configMaps().inNamespace("a").list().getItems()));
    }
  }
}
