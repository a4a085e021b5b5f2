package dev.lifeboat.install;

import dev.lifeboat.api.Labels;
import dev.lifeboat.jobs.JobSettings;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

/**
 * Every object {@code lifeboat install} applies, in the order they can be applied: the Namespace,
 * the CRDs, the controller's identity and its rights, the controller (a Deployment of
 * {@code reconcile --watch --leader-elect} with probes, a PodDisruptionBudget, a metrics Service),
 * and in each namespace where Jobs run, their ServiceAccount and Role. All carry
 * {@code app.kubernetes.io/managed-by: lifeboat} and {@code app.kubernetes.io/part-of: lifeboat-install},
 * which is how {@code uninstall} finds them.
 */
public final class Manifests {
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String PART_OF_VALUE = "lifeboat-install";
  static final String MANAGER = JobSettings.DEFAULT_SERVICE_ACCOUNT;
  static final String SCHEDULER = JobSettings.SCHEDULER_SERVICE_ACCOUNT;

  private Manifests() {}

  public static List<HasMetadata> all(InstallOptions o) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new NamespaceBuilder().withNewMetadata().withName(o.namespace()).withLabels(labels())
        .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build());
    objects.addAll(Crds.all());
    objects.add(new ServiceAccountBuilder().withNewMetadata().withName(InstallOptions.CONTROLLER)
        .withNamespace(o.namespace()).withLabels(labels()).endMetadata().build());
    objects.addAll(controllerRights(o));
    // The leader Lease lives in the controller's own namespace, watched or not.
    objects.addAll(roleWithBinding(o.namespace(), InstallOptions.CONTROLLER + "-leader", Rbac.leader(),
        InstallOptions.CONTROLLER, o.namespace()));
    objects.add(deployment(o));
    objects.add(new PodDisruptionBudgetBuilder().withNewMetadata().withName(InstallOptions.CONTROLLER)
        .withNamespace(o.namespace()).withLabels(labels()).endMetadata()
        .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().withMatchLabels(selector()).endSelector()
        .endSpec().build());
    objects.add(new ServiceBuilder().withNewMetadata().withName(InstallOptions.CONTROLLER + "-metrics")
        .withNamespace(o.namespace()).withLabels(labels()).endMetadata()
        .withNewSpec().withSelector(selector()).addNewPort().withName("metrics").withPort(o.metricsPort())
        .withTargetPort(new IntOrString("metrics")).endPort().endSpec().build());
    for (String ns : o.jobNamespaces()) {
      objects.add(new ServiceAccountBuilder().withNewMetadata().withName(MANAGER).withNamespace(ns).withLabels(labels())
          .endMetadata().build());
      objects.addAll(roleWithBinding(ns, MANAGER, Rbac.jobs(), MANAGER, ns));
      objects.add(new ServiceAccountBuilder().withNewMetadata().withName(SCHEDULER).withNamespace(ns).withLabels(labels())
          .endMetadata().build());
      objects.addAll(roleWithBinding(ns, SCHEDULER, Rbac.scheduler(), SCHEDULER, ns));
    }
    if (!o.jobNamespaces().isEmpty()) {
      objects.addAll(heartbeatReaders(o.jobNamespaces()));
    }
    return objects;
  }

  private static List<HasMetadata> controllerRights(InstallOptions o) {
    if (!o.clusterWide()) {
      return roleWithBinding(o.watchNamespace(), InstallOptions.CONTROLLER, Rbac.controller(), InstallOptions.CONTROLLER,
          o.namespace());
    }
    return List.of(
        new ClusterRoleBuilder().withNewMetadata().withName(InstallOptions.CONTROLLER).withLabels(labels()).endMetadata()
            .withRules(Rbac.controller()).build(),
        new ClusterRoleBindingBuilder().withNewMetadata().withName(InstallOptions.CONTROLLER).withLabels(labels())
            .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", InstallOptions.CONTROLLER)
            .addNewSubject().withKind("ServiceAccount").withName(InstallOptions.CONTROLLER).withNamespace(o.namespace())
            .endSubject().build());
  }

  /** The schedulers of every Job namespace may find the controller's heartbeat, wherever it runs. */
  private static List<HasMetadata> heartbeatReaders(List<String> jobNamespaces) {
    String name = "lifeboat-heartbeat-reader";
    var binding = new ClusterRoleBindingBuilder().withNewMetadata().withName(name).withLabels(labels()).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name);
    for (String ns : jobNamespaces) {
      binding.addNewSubject().withKind("ServiceAccount").withName(SCHEDULER).withNamespace(ns).endSubject();
    }
    return List.of(new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels()).endMetadata()
        .withRules(Rbac.heartbeatReader()).build(), binding.build());
  }

  private static List<HasMetadata> roleWithBinding(String ns, String name,
      List<PolicyRule> rules, String serviceAccount, String serviceAccountNamespace) {
    return List.of(
        new RoleBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels()).endMetadata()
            .withRules(rules).build(),
        new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels()).endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
            .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(serviceAccountNamespace)
            .endSubject().build());
  }

  /** Two thirds of the limit (256Mi of the default 384Mi): what the controller holds with its caches warm. */
  static Quantity memoryRequest(String limit) {
    long bytes = Quantity.getAmountInBytes(new Quantity(limit)).longValue();
    long mebibytes = Math.max(1, bytes * 2 / 3 / (1024 * 1024));
    return new Quantity(mebibytes + "Mi");
  }

  /** The controller as its Deployment runs it; {@link #controllerArgs} is what a test runs the same way. */
  private static HasMetadata deployment(InstallOptions o) {
    var container = new ContainerBuilder()
        .withName("controller")
        .withImage(o.image())
        .withArgs(controllerArgs(o))
        .addNewEnv().withName("LIFEBOAT_IMAGE").withValue(o.image()).endEnv()
        .addNewEnv().withName("LIFEBOAT_ALLOWED_IMAGES").withValue(String.join(",", o.allowedImages())).endEnv()
        .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
            .endFieldRef().endValueFrom().endEnv()
        .addNewPort().withName("metrics").withContainerPort(o.metricsPort()).endPort()
        .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("metrics")).endHttpGet()
            .withPeriodSeconds(10).withFailureThreshold(3).endLivenessProbe()
        .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString("metrics")).endHttpGet()
            .withPeriodSeconds(5).endReadinessProbe()
        .withNewResources()
            .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", memoryRequest(o.memoryLimit()))
            .addToLimits("memory", new Quantity(o.memoryLimit()))
        .endResources()
        .withNewSecurityContext()
            .withRunAsNonRoot(true).withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .build();
    return new DeploymentBuilder()
        .withNewMetadata().withName(InstallOptions.CONTROLLER).withNamespace(o.namespace()).withLabels(labels()).endMetadata()
        .withNewSpec().withReplicas(o.replicas()).withNewSelector().withMatchLabels(selector()).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(podLabels()).endMetadata()
            .withNewSpec().withServiceAccountName(InstallOptions.CONTROLLER)
              .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withRunAsGroup(65532L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
              .withContainers(container)
              .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
            .endSpec()
          .endTemplate()
        .endSpec().build();
  }

  /** The controller's arguments (the image's entrypoint is {@code lifeboat}). */
  public static List<String> controllerArgs(InstallOptions o) {
    List<String> args = new ArrayList<>(List.of("reconcile", "--watch", "--leader-elect", "--lease-namespace",
        o.namespace(), "--metrics-port", String.valueOf(o.metricsPort()), "--log-format", "json"));
    if (!o.clusterWide()) {
      args.addAll(List.of("--namespace", o.watchNamespace()));
    } else {
      args.add("--all-namespaces");
    }
    args.addAll(o.jobPodArgs()); // --job-node-selector ...: install-wide defaults of the Jobs' pods
    return args;
  }

  public static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(PART_OF, PART_OF_VALUE);
    return labels;
  }

  private static Map<String, String> selector() {
    return Map.of("app.kubernetes.io/name", InstallOptions.CONTROLLER);
  }

  private static Map<String, String> podLabels() {
    Map<String, String> labels = new LinkedHashMap<>(selector());
    labels.put(PART_OF, PART_OF_VALUE);
    return labels;
  }
}
