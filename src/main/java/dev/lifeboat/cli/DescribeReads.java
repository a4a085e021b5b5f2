package dev.lifeboat.cli;

import dev.lifeboat.api.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code describe} reads: the object, the Jobs made for it and their pods, the Events about it, a lock's
 * Lease. Through {@link QuickReads} when the kubeconfig allows it (one HTTP GET each, no fabric8 client built: most
 * of a describe's time was building that client), else through fabric8's client; both answer alike.
 */
public interface DescribeReads {
  /** The namespace the command works in. */
  String namespace();

  /** The object, or a not-found error (exit 3) naming it. */
  <T extends CustomResource<?, ?>> T require(Class<T> kind, String name);

  /** The Jobs labelled as made for objects of this kind (the caller picks its object's by owner name). */
  List<Job> jobsOf(String ownerKind);

  List<Pod> podsOf(String job);

  /** Events whose involved object is this kind and name. */
  List<Event> eventsAbout(String kind, String name);

  Lease lease(String name);

  /** The quick reader when the kubeconfig allows it, else the command's fabric8 client. */
  static DescribeReads of(ClientCommand command) {
    Optional<QuickReads> quick = QuickReads.from(command.kube());
    return quick.isPresent() ? new Quick(quick.get()) : new Fabric(command);
  }

  private static <T> T found(T object, Class<?> kind, String name, String namespace) {
    if (object == null) {
      throw new UserException(ExitCodes.NOT_FOUND, kind.getSimpleName() + " \"" + name + "\" not found in namespace "
          + namespace);
    }
    return object;
  }

  /** Through fabric8's client. */
  final class Fabric implements DescribeReads {
    private final ClientCommand command;

    Fabric(ClientCommand command) {
      this.command = command;
    }

    private KubernetesClient client() {
      return command.client();
    }

    @Override
    public String namespace() {
      return command.namespace();
    }

    @Override
    public <T extends CustomResource<?, ?>> T require(Class<T> kind, String name) {
      return found(client().resources(kind).inNamespace(namespace()).withName(name).get(), kind, name, namespace());
    }

    @Override
    public List<Job> jobsOf(String ownerKind) {
      return client().batch().v1().jobs().inNamespace(namespace()).withLabel(Labels.OWNER_KIND,
          ownerKind).list().getItems();
    }

    @Override
    public List<Pod> podsOf(String job) {
      return client().pods().inNamespace(namespace()).withLabel("job-name", job).list().getItems();
    }

    @Override
    public List<Event> eventsAbout(String kind, String name) {
      return client().v1().events().inNamespace(namespace()).withField("involvedObject.kind", kind)
          .withField("involvedObject.name", name).list().getItems();
    }

    @Override
    public Lease lease(String name) {
      return client().leases().inNamespace(namespace()).withName(name).get();
    }
  }

  /** Through {@link QuickReads}: plain GETs. */
  final class Quick implements DescribeReads {
    private final QuickReads reads;

    Quick(QuickReads reads) {
      this.reads = reads;
    }

    private String in(String group) {
      return group + "/namespaces/" + encode(reads.namespace());
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }


    @Override
    public String namespace() {
      return reads.namespace();
    }

    @Override
    public <T extends CustomResource<?, ?>> T require(Class<T> kind, String name) {
      return found(reads.answered(() -> reads.get(kind, namespace(), name)), kind, name, namespace());
    }

    @Override
    public List<Job> jobsOf(String ownerKind) {
      return reads.answered(() -> reads.items(in("/apis/batch/v1") + "/jobs?labelSelector="
          + encode(Labels.OWNER_KIND + "=" + ownerKind), Job.class));
    }

    @Override
    public List<Pod> podsOf(String job) {
      return reads.answered(() -> reads.items(in("/api/v1") + "/pods?labelSelector=" + encode("job-name=" + job), Pod.class));
    }

    @Override
    public List<Event> eventsAbout(String kind, String name) {
      return reads.answered(() -> reads.items(in("/api/v1") + "/events?fieldSelector="
          + encode("involvedObject.kind=" + kind + ",involvedObject.name=" + name), Event.class));
    }

    @Override
    public Lease lease(String name) {
      return reads.answered(() -> reads.object(in("/apis/coordination.k8s.io/v1") + "/leases/" + encode(name), Lease.class));
    }
  }
}
