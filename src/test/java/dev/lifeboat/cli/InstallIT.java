package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.install.Manifests;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstalledController;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install} into the sandbox: a dry run writes nothing, the install creates every object, a
 * second one writes nothing, an upgrade changes only the Deployment (and its dry run shows the diff),
 * the Deployment is hardened as the issue asks; {@code uninstall} removes all but the CRDs and the
 * namespace, and removes the CRDs only with --force and no lifeboat object left.
 */
class InstallIT {
  @TempDir
  Path tmp;

  @Test
  void installIsIdempotentUpgradesOnlyWhatChangedAndUninstallKeepsTheData() throws Exception {
    try (Harness h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding())) {
      Path kc = tmp.resolve("kubeconfig");
      h.server.writeKubeconfig(kc);
      String kubeconfig = kc.toString();

      Cli.Result yaml = Cli.against(kubeconfig, "install", "-o", "yaml", "--image", "lifeboat:1");
      assertEquals(0, yaml.exitCode(), yaml.all());
      assertTrue(yaml.out().contains("kind: Deployment") && yaml.out().contains("- --leader-elect")
          && yaml.out().contains("kind: ClusterRole") && yaml.out().contains("kind: PodDisruptionBudget")
          && yaml.out().contains("kind: CustomResourceDefinition"), yaml.out());
      // Install-wide defaults of the Jobs' pods reach the controller's command line; a bad one is refused up front.
      Cli.Result storage = Cli.against(kubeconfig, "install", "-o", "yaml", "--image", "lifeboat:1",
          "--job-node-selector", "pool=storage", "--job-toleration", "storage=true:NoSchedule");
      assertEquals(0, storage.exitCode(), storage.all());
      assertTrue(storage.out().replaceAll("\\s+", " ").contains("- --job-node-selector - pool=storage - --job-toleration"
          + " - storage=true:NoSchedule"), storage.out());
      Cli.Result bad = Cli.against(kubeconfig, "install", "-o", "yaml", "--image", "lifeboat:1",
          "--job-toleration", "storage=true:Sometimes");
      assertEquals(2, bad.exitCode(), bad.all());
      assertTrue(bad.err().contains("--job-toleration storage=true:Sometimes: use KEY[=VALUE][:EFFECT]"), bad.err());
      Cli.Result dry = Cli.against(kubeconfig, "install", "--dry-run", "--image", "lifeboat:1");
      assertEquals(0, dry.exitCode(), dry.all());
      assertTrue(dry.out().contains("deployment.apps/lifeboat-controller -n lifeboat-system created (dry run)"), dry.out());
      assertEquals(List.of(), installed(h), "a dry run writes nothing");

      Cli.Result first = Cli.against(kubeconfig, "install", "--image", "lifeboat:1");
      assertEquals(0, first.exitCode(), first.all());
      TreeMap<String, String> versions = versions(h);
      assertEquals(17, versions.size(), versions.toString());
      Deployment d = h.client.apps().deployments().inNamespace("lifeboat-system").withName("lifeboat-controller").get();
      var pod = d.getSpec().getTemplate().getSpec();
      var container = pod.getContainers().get(0);
      assertEquals(2, d.getSpec().getReplicas());
      assertEquals("lifeboat-controller", pod.getServiceAccountName());
      assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
      assertTrue(container.getSecurityContext().getRunAsNonRoot());
      assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
      assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
      assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
      assertEquals("/readyz", container.getReadinessProbe().getHttpGet().getPath());
      assertEquals("384Mi", container.getResources().getLimits().get("memory").toString(), "the default limit");
      assertEquals("256Mi", container.getResources().getRequests().get("memory").toString());
      assertTrue(container.getArgs().containsAll(List.of("reconcile", "--watch", "--leader-elect", "--all-namespaces")));
      assertNotNull(h.client.serviceAccounts().inNamespace("default").withName("lifeboat-manager").get(),
          "the Jobs' ServiceAccount where they run");

      runTheControllerAsTheDeploymentWould(h, kubeconfig, container.getArgs());

      Cli.Result again = Cli.against(kubeconfig, "install", "--image", "lifeboat:1");
      assertEquals(0, again.exitCode(), again.all());
      assertTrue(again.out().contains("nothing changed"), again.out());
      assertEquals(versions, versions(h), "a second install writes nothing");

      Cli.Result upgradeDry = Cli.against(kubeconfig, "install", "--image", "lifeboat:2", "--dry-run");
      assertTrue(upgradeDry.out().contains("deployment.apps/lifeboat-controller -n lifeboat-system configured (dry run)"),
          upgradeDry.out());
      assertTrue(upgradeDry.out().contains("-      - image: lifeboat:1") || upgradeDry.out().contains("-    image: lifeboat:1")
          || upgradeDry.out().lines().anyMatch(l -> l.startsWith("-") && l.contains("lifeboat:1")), upgradeDry.out());
      assertTrue(upgradeDry.out().lines().anyMatch(l -> l.startsWith("+") && l.contains("lifeboat:2")), upgradeDry.out());
      assertEquals(versions, versions(h), "the upgrade's dry run writes nothing");
      Cli.Result upgrade = Cli.against(kubeconfig, "install", "--image", "lifeboat:2", "--memory-limit", "768Mi");
      assertEquals(1, upgrade.out().lines().filter(l -> l.endsWith(" configured")).count(), upgrade.out());
      var resized = h.client.apps().deployments().inNamespace("lifeboat-system").withName("lifeboat-controller").get()
          .getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
      assertEquals("768Mi", resized.getLimits().get("memory").toString(), "--memory-limit");
      assertEquals("512Mi", resized.getRequests().get("memory").toString(), "two thirds of it requested");
      TreeMap<String, String> after = versions(h);
      after.keySet().forEach(k -> {
        if (!k.startsWith("Deployment/")) {
          assertEquals(versions.get(k), after.get(k), k + " untouched by the upgrade");
        }
      });

      Cli.Result noForce = Cli.against(kubeconfig, "uninstall", "--crds");
      assertEquals(2, noForce.exitCode(), noForce.all());
      Objects.repository(h.client, "default", "repo", "local:/tmp/none", "pw");
      Cli.Result objectsLeft = Cli.against(kubeconfig, "uninstall", "--crds", "--force");
      assertEquals(2, objectsLeft.exitCode(), objectsLeft.all());
      assertTrue(objectsLeft.err().contains("1 Repository"), objectsLeft.err());
      Cli.Result uninstall = Cli.against(kubeconfig, "uninstall");
      assertEquals(0, uninstall.exitCode(), uninstall.all());
      List<String> left = installed(h);
      assertEquals(List.of(), left.stream().filter(n -> !n.startsWith("Namespace/")).toList(), "all but the namespace");
      assertNotNull(h.client.apiextensions().v1().customResourceDefinitions().withName("backups.lifeboat.dev").get());
      assertNotNull(h.client.resources(dev.lifeboat.api.Repository.class).inNamespace("default").withName("repo").get(),
          "the data stays");
      h.client.resources(dev.lifeboat.api.Repository.class).inNamespace("default").withName("repo").delete();
      Cli.Result crds = Cli.against(kubeconfig, "uninstall", "--crds", "--force");
      assertEquals(0, crds.exitCode(), crds.all());
      assertNull(h.client.apiextensions().v1().customResourceDefinitions().withName("backups.lifeboat.dev").get());
      assertFalse(crds.all().contains("\tat "));
    }
  }

  /** The controller run with the Deployment's own arguments: it leads through a Lease and takes a backup to Ready. */
  private static void runTheControllerAsTheDeploymentWould(Harness h, String kubeconfig, List<String> deploymentArgs)
      throws Exception {
    try (InstalledController controller = InstalledController.start(kubeconfig, deploymentArgs)) {
      Eventually.await(Duration.ofSeconds(60), "it leads through a Lease in lifeboat-system",
          () -> h.client.leases().inNamespace("lifeboat-system").list().getItems().stream()
              .anyMatch(l -> l.getSpec().getHolderIdentity() != null && l.getSpec().getHolderIdentity().contains("-")));
      Objects.boundPvc(h.client, "default", "data");
      Objects.repository(h.client, "default", "installed-repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "default", "installed-backup", "installed-repo", "data");
      Eventually.await(Duration.ofSeconds(60), "the installed controller takes the backup",
          () -> "Ready".equals(Objects.phase(h.client, "default", "installed-backup")));
      String metrics = controller.metrics();
      assertTrue(metrics.contains("lifeboat_"), metrics);
    }
    h.client.resources(dev.lifeboat.api.Backup.class).inNamespace("default").withName("installed-backup").delete();
    h.client.resources(dev.lifeboat.api.Repository.class).inNamespace("default").withName("installed-repo").delete();
  }

  /**
   * kind/namespace/name → resourceVersion of every object install made (CRDs left out: they hold no
   * label); for the Deployment its spec instead, since the sandbox's workload simulator writes its status.
   */
  private static TreeMap<String, String> versions(Harness h) {
    TreeMap<String, String> versions = new TreeMap<>();
    for (HasMetadata o : all(h)) {
      versions.put(o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
          o instanceof Deployment d ? io.fabric8.kubernetes.client.utils.Serialization.asJson(d.getSpec())
              : o.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private static List<String> installed(Harness h) {
    return all(h).stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();
  }

  private static List<HasMetadata> all(Harness h) {
    var c = h.client;
    String label = Manifests.PART_OF;
    String value = Manifests.PART_OF_VALUE;
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(c.namespaces().withLabel(label, value).list().getItems());
    all.addAll(c.apps().deployments().inAnyNamespace().withLabel(label, value).list().getItems());
    all.addAll(c.policy().v1().podDisruptionBudget().inAnyNamespace().withLabel(label, value).list().getItems());
    all.addAll(c.services().inAnyNamespace().withLabel(label, value).list().getItems());
    all.addAll(c.serviceAccounts().inAnyNamespace().withLabel(label, value).list().getItems());
    all.addAll(c.rbac().roles().inAnyNamespace().withLabel(label, value).list().getItems());
    all.addAll(c.rbac().roleBindings().inAnyNamespace().withLabel(label, value).list().getItems());
    all.addAll(c.rbac().clusterRoles().withLabel(label, value).list().getItems());
    all.addAll(c.rbac().clusterRoleBindings().withLabel(label, value).list().getItems());
    return all;
  }
}
