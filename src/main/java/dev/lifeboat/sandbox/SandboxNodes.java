package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The sandbox's nodes: {@code node-1 … node-N}, Ready, labelled as a cloud's are ({@code kubernetes.io/hostname},
 * {@code topology.kubernetes.io/zone} over three zones, {@code kubernetes.io/os}). They run no kubelet: the
 * {@link SandboxScheduler} places pods on them, and a Job's process runs on this machine whatever its node.
 */
public final class SandboxNodes {
  public static final String HOSTNAME = "kubernetes.io/hostname";
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final int DEFAULT = 3;

  private SandboxNodes() {}

  public static String name(int index) {
    return "node-" + index;
  }

  static void create(KubernetesClient client, int count, java.time.Clock clock) {
    String now = clock.instant().toString();
    for (int i = 1; i <= count; i++) {
      String name = name(i);
      client.nodes().resource(new NodeBuilder()
          .withNewMetadata().withName(name)
            .addToLabels(HOSTNAME, name).addToLabels(ZONE, "sandbox-" + (char) ('a' + (i - 1) % 3))
            .addToLabels("kubernetes.io/os", "linux").addToLabels("kubernetes.io/arch", "amd64")
          .endMetadata()
          .withNewSpec().endSpec()
          .withNewStatus()
            .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
              .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now).withLastTransitionTime(now)
            .endCondition()
            .addNewAddress().withType("InternalIP").withAddress("10.0.0." + (10 + i)).endAddress()
            .addNewAddress().withType("Hostname").withAddress(name).endAddress()
            .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("16Gi"))
            .addToCapacity("pods", new Quantity("110"))
            .addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("16Gi"))
            .addToAllocatable("pods", new Quantity("110"))
            .withNewNodeInfo().withKubeletVersion("v1.31.0-sandbox").withOperatingSystem("linux")
              .withArchitecture("amd64").withContainerRuntimeVersion("lifeboat-sandbox://local-process").endNodeInfo()
          .endStatus()
          .build()).create();
    }
  }
}
