package dev.lifeboat.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Reads straight from the API server: for confirmations a cache cannot give (is it really gone?). */
public final class LiveView implements ClusterView {
  private final KubernetesClient client;

  public LiveView(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    var op = client.resources(type);
    return namespace == null ? op.withName(name).get() : op.inNamespace(namespace).withName(name).get(); // null: cluster-scoped
  }

  @Override
  public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
    var op = client.resources(type);
    var scoped = namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace);
    String label = Scopes.labelOf(type);
    return label == null ? scoped.list().getItems() : scoped.withLabel(label, Scopes.labelValue()).list().getItems();
  }

  @Override
  public <T extends HasMetadata> List<T> listAll(Class<T> type, String namespace) {
    var op = client.resources(type);
    return (namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace)).list().getItems();
  }

  @Override
  public List<GenericKubernetesResource> listGeneric(String apiVersion, String kind,
      String namespace) {
    var op = client.genericKubernetesResources(apiVersion, kind);
    return (namespace == null ? op.list() : op.inNamespace(namespace).list()).getItems();
  }

  @Override
  public GenericKubernetesResource getGeneric(String apiVersion, String kind, String namespace, String name) {
    var op = client.genericKubernetesResources(apiVersion, kind);
    return (namespace == null ? op.withName(name) : op.inNamespace(namespace).withName(name)).get();
  }

  @Override
  public List<io.fabric8.kubernetes.api.model.Event> warningsAbout(String namespace, String name) {
    // A field selector: a namespace may hold thousands of Events; the server filters them.
    return client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && name.equals(e.getInvolvedObject().getName()))
        .sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getLastTimestamp() != null ? e.getLastTimestamp()
            : e.getMetadata().getCreationTimestamp())))
        .toList();
  }

  @Override
  public List<Pod> podsOfJob(String namespace, String jobName) {
    return client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
  }
}
