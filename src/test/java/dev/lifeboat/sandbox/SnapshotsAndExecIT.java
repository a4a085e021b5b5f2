package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.InstantPodExecutor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cluster with a CSI driver and a kubelet gives that lifeboat's copies and hooks use: VolumeSnapshots of a
 * claim's data at an instant, claims made from a snapshot or cloned from a claim, and {@code pods/exec} in the pods
 * the sandbox plays (fabric8's client and kubectl both).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotsAndExecIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String API = "snapshot.storage.k8s.io/v1";
  private static final String NS = "snap";
  @TempDir
  static Path tmp;
  private SandboxApiServer server;
  private KubernetesClient client;
  private SandboxCluster cluster;
  private SandboxPaths paths;

  @BeforeAll
  void start() throws Exception {
    paths = new SandboxPaths(tmp.resolve("sandbox"));
    server = SandboxApiServer.start(tmp, 0);
    server.servePodExec(paths);
    client = server.newClient();
    cluster = SandboxCluster.start(client, paths, InstantPodExecutor.succeeding(), Clock.systemUTC(), 3);
    Path seed = Files.createDirectories(tmp.resolve("seed"));
    Files.writeString(seed.resolve("f"), "one\n");
    SandboxPvcs.create(client, paths, NS, "data", seed);
  }

  @AfterAll
  void stop() {
    cluster.close();
    client.close();
    server.close();
  }

  @Test
  void aSnapshotHoldsTheClaimAsItWasAndAClaimFromItOrACloneGetsTheData() throws Exception {
    GenericKubernetesResource snapshot = new GenericKubernetesResourceBuilder().withApiVersion(API)
        .withKind("VolumeSnapshot").withNewMetadata().withName("s1").withNamespace(NS).endMetadata().build();
    snapshot.setAdditionalProperty("spec", Map.of("source", Map.of("persistentVolumeClaimName", "data")));
    client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(NS).resource(snapshot).create();
    Eventually.await(DEADLINE, "the snapshot ready to use", () -> Boolean.TRUE.equals(status("s1").get("readyToUse")));
    Map<String, Object> status = status("s1");
    assertNotNull(status.get("creationTime"));
    assertEquals("1Gi", status.get("restoreSize"));
    String content = (String) status.get("boundVolumeSnapshotContentName");
    GenericKubernetesResource bound = client.genericKubernetesResources(API, "VolumeSnapshotContent").withName(content).get();
    assertEquals(SandboxPvcs.PROVISIONER, ((Map<?, ?>) bound.getAdditionalProperties().get("spec")).get("driver"));
    Files.writeString(paths.pvc(NS, "data").resolve("f"), "two\n"); // after the snapshot

    claim("from-snapshot", "VolumeSnapshot", "s1");
    claim("clone", "PersistentVolumeClaim", "data");
    Eventually.await(DEADLINE, "both claims Bound", () -> bound("from-snapshot") && bound("clone"));
    assertEquals("one\n", Files.readString(paths.pvc(NS, "from-snapshot").resolve("f")), "the data of the instant");
    assertEquals("two\n", Files.readString(paths.pvc(NS, "clone").resolve("f")), "a clone: the data now");

    client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(NS).withName("s1").delete();
    Eventually.await(DEADLINE, "its content and data gone (deletionPolicy Delete)",
        () -> client.genericKubernetesResources(API, "VolumeSnapshotContent").withName(content).get() == null
            && !Files.exists(paths.root().resolve("snapshots")
                .resolve("snapshot-" + bound.getMetadata().getName().substring("snapcontent-".length()))));
  }

  @Test
  void aSnapshotOfNoClaimFailsWithTheSnapshottersError() {
    GenericKubernetesResource snapshot = new GenericKubernetesResourceBuilder().withApiVersion(API)
        .withKind("VolumeSnapshot").withNewMetadata().withName("orphan").withNamespace(NS).endMetadata().build();
    snapshot.setAdditionalProperty("spec", Map.of("source", Map.of("persistentVolumeClaimName", "nope")));
    client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(NS).resource(snapshot).create();
    Eventually.await(DEADLINE, "an error in its status", () -> status("orphan").get("error") != null);
    assertEquals(false, status("orphan").get("readyToUse"));
    assertTrue(String.valueOf(status("orphan").get("error")).contains("PersistentVolumeClaim nope not found"),
        String.valueOf(status("orphan")));
  }

  @Test
  void execRunsInThePodsFileSystemAndReturnsItsOutputAndExitCode() throws Exception {
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("app")
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "app").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "app").endMetadata().withNewSpec()
        .addNewContainer().withName("main").withImage("app").addNewVolumeMount().withName("d").withMountPath("/data")
        .endVolumeMount().endContainer().addNewContainer().withName("side").withImage("side").endContainer()
        .addNewVolume().withName("d").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim()
        .endVolume().endSpec().endTemplate().endSpec().build()).create();
    Eventually.await(DEADLINE, "the app's pod running", () -> runningPod() != null);
    String pod = runningPod().getMetadata().getName();
    Files.writeString(paths.pvc(NS, "data").resolve("hello"), "from the volume\n");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch = client.pods().inNamespace(NS).withName(pod).inContainer("main").writingOutput(out)
        .writingError(err).exec("/bin/sh", "-c", "cat /data/hello; echo oops >&2; touch /data/made; exit 3")) {
      assertEquals(3, watch.exitCode().get(20, TimeUnit.SECONDS));
    }
    assertEquals("from the volume\n", out.toString(StandardCharsets.UTF_8));
    assertEquals("oops\n", err.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(paths.pvc(NS, "data").resolve("made")), "the command wrote to the pod's volume");

    // kubectl exec, as an operator would check a hook by hand
    Path kubeconfig = tmp.resolve("kubeconfig");
    server.writeKubeconfig(kubeconfig);
    Process kubectl = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "-n", NS, "exec", pod,
        "-c", "main", "--", "cat", "/data/hello").redirectErrorStream(true).start();
    assertTrue(kubectl.waitFor(30, TimeUnit.SECONDS));
    String said = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, kubectl.exitValue(), said);
    assertEquals("from the volume\n", said);

    // A container the pod does not have: refused with the kubelet's words, nothing run.
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    Exception refused = null;
    Integer code = null;
    try (ExecWatch watch = client.pods().inNamespace(NS).withName(pod).inContainer("nope").writingError(none)
        .exec("touch", "/data/never")) {
      code = watch.exitCode().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      refused = e;
    }
    assertTrue(refused != null || code == null || code != 0, "an exec in no container must not succeed");
    assertFalse(Files.exists(paths.pvc(NS, "data").resolve("never")));
  }

  private Pod runningPod() {
    return client.pods().inNamespace(NS).withLabel("app", "app").list().getItems().stream()
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).findFirst().orElse(null);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> status(String name) {
    GenericKubernetesResource s = client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(NS).withName(name).get();
    Object status = s == null ? null : s.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private void claim(String name, String kind, String source) {
    client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
        .withName(name).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity("1Gi")).endResources().withNewDataSource()
        .withApiGroup("VolumeSnapshot".equals(kind) ? "snapshot.storage.k8s.io" : null).withKind(kind).withName(source)
        .endDataSource().endSpec().build()).create();
  }

  private boolean bound(String name) {
    PersistentVolumeClaim c = client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
    return c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
  }
}
