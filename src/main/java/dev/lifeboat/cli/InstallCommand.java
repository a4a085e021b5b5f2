package dev.lifeboat.cli;

import dev.lifeboat.Version;
import dev.lifeboat.install.Applier;
import dev.lifeboat.install.Crds;
import dev.lifeboat.install.InstallOptions;
import dev.lifeboat.install.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.lifeboat.jobs.JobSettings;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * {@code lifeboat install}: the CRDs, the controller (Deployment with leader election, probes, a
 * PodDisruptionBudget, a metrics Service), its RBAC, and the Jobs' ServiceAccount and Role.
 * Re-running it writes nothing; an upgrade changes only what changed ({@code --dry-run} shows the diff).
 */
@Command(name = "install", description = {"Install lifeboat into the cluster: CRDs, the controller (reconcile --watch"
    + " --leader-elect) with its RBAC, probes, PodDisruptionBudget and metrics Service, and the ServiceAccount and"
    + " Role its Jobs run under. Running it again changes only what changed.",
    "The controller runs in -n/--namespace (default lifeboat-system)."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:installed (or printed)", "2:bad input",
        "5:the Kubernetes API could not be reached or refused"})
public final class InstallCommand extends ClientCommand {
  @Option(names = "--watch-namespace", paramLabel = "NS",
      description = "Reconcile only this namespace (Roles there) instead of all (ClusterRoles).")
  String watchNamespace;

  @Option(names = "--job-namespaces", paramLabel = "NS[,NS]", split = ",",
      description = "Where lifeboat's Jobs run and need their ServiceAccount (default: the watched namespace, or"
          + " 'default' cluster-wide). Run install again with more to add some.")
  List<String> jobNamespaces = new ArrayList<>();

  /** Install-wide defaults of every Job's pod, written into the controller's arguments. */
  @picocli.CommandLine.Mixin
  JobTemplateOptions jobPods = new JobTemplateOptions();

  @Option(names = "--image", paramLabel = "IMG", description = "Image of the controller and its Jobs (default: this"
      + " version's release image).")
  String image;

  @Option(names = "--allowed-image", paramLabel = "IMAGE",
      description = "An image command sources may run in every namespace (repeatable; a trailing * matches a prefix)."
          + " Elsewhere only namespaces annotated lifeboat.dev/custom-images=true run images other than lifeboat's.")
  List<String> allowedImages = new ArrayList<>();

  @Option(names = "--replicas", paramLabel = "N", defaultValue = "2",
      description = "Controller replicas: one leads, the others stand by (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port of /metrics, /healthz and /readyz (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = InstallOptions.DEFAULT_MEMORY_LIMIT,
      description = "The controller's memory limit, a Kubernetes quantity (default: ${DEFAULT-VALUE}, enough for"
          + " 10,000 Backups with their Jobs; its request is two thirds of it).")
  String memoryLimit;

  @Option(names = "--crds-only", description = "Only the CustomResourceDefinitions (a cluster whose controller runs elsewhere).")
  boolean crdsOnly;

  @Option(names = "--dry-run", description = "Change nothing: say what would be created or changed, with a diff.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "yaml: print every object install would apply, and apply nothing.")
  String output;

  @Override
  protected int run() {
    if (output != null && !output.equals("yaml")) {
      throw UserException.usage("--output: '" + output + "' is not a format of install: use yaml");
    }
    InstallOptions options = options();
    List<HasMetadata> objects = crdsOnly ? new ArrayList<>(Crds.all()) : Manifests.all(options);
    if (output != null) {
      for (HasMetadata object : objects) {
        out().println("---");
        out().print(Applier.yaml(object));
      }
      return ExitCodes.OK;
    }
    Applier applier = new Applier(client());
    int changed = 0;
    for (HasMetadata object : objects) {
      Applier.Result result = applier.apply(object, dryRun);
      out().println(result.name() + (object.getMetadata().getNamespace() == null ? "" : " -n "
          + object.getMetadata().getNamespace()) + " " + result.outcome() + (dryRun ? " (dry run)" : ""));
      if (dryRun && result.diff() != null) {
        out().println(result.diff());
      }
      changed += result.outcome() == Applier.Outcome.unchanged ? 0 : 1;
    }
    if (!crdsOnly && !dryRun) {
      out().println(changed == 0 ? "lifeboat is installed; nothing changed" : "lifeboat installed in namespace "
          + options.namespace() + (options.clusterWide() ? " (all namespaces)" : " (namespace " + options.watchNamespace()
          + ")") + "; 'kubectl -n " + options.namespace() + " rollout status deployment/" + InstallOptions.CONTROLLER
          + "' to follow");
    }
    return ExitCodes.OK;
  }

  private InstallOptions options() {
    String ns = kube().namespace == null ? InstallOptions.DEFAULT_NAMESPACE : kube().namespace;
    Validation.objectName("--namespace", ns);
    if (watchNamespace != null) {
      Validation.objectName("--watch-namespace", watchNamespace);
    }
    for (String job : jobNamespaces) {
      Validation.objectName("--job-namespaces", job);
    }
    if (replicas < 1 || replicas > 10) {
      throw UserException.usage("--replicas " + replicas + ": use 1 to 10 (one leads, the others stand by)");
    }
    if (metricsPort < 1024 || metricsPort > 65535) {
      throw UserException.usage("--metrics-port " + metricsPort + ": use 1024 to 65535 (the controller is not root)");
    }
    checkMemoryLimit(memoryLimit);
    List<String> jobs = !jobNamespaces.isEmpty() ? jobNamespaces
        : List.of(watchNamespace != null ? watchNamespace : "default");
    if (image == null && !crdsOnly && System.getenv("LIFEBOAT_IMAGE") == null && developmentBuild(Version.get())) {
      // The default would name this build's tag, which no registry has: the Deployment would never start.
      throw UserException.usage("--image is required with a development build (" + Version.get() + "): no image of it"
          + " is published. Build one (docs/image.md) and pass --image REGISTRY/lifeboat:TAG");
    }
    String img = image != null ? image : JobSettings.defaults().image();
    for (String allowed : allowedImages) {
      if (allowed.isBlank() || allowed.contains(",") || allowed.chars().anyMatch(Character::isWhitespace)) {
        throw UserException.usage("--allowed-image '" + allowed + "': give one image reference (REGISTRY/NAME:TAG, or a"
            + " prefix ending in *) per flag");
      }
    }
    return new InstallOptions(ns, watchNamespace, jobs, img, replicas, metricsPort, memoryLimit, jobPods.args(),
        allowedImages);
  }

  /** A version no release publishes an image of: a snapshot, or a build without version information. */
  static boolean developmentBuild(String version) {
    return version == null || version.equals("dev") || version.endsWith("-SNAPSHOT");
  }

  private static void checkMemoryLimit(String limit) {
    long bytes;
    try {
      bytes = Quantity.getAmountInBytes(
          new Quantity(limit)).longValueExact();
    } catch (RuntimeException e) {
      throw UserException.usage("--memory-limit '" + limit + "' is not a memory quantity: use e.g. 512Mi or 1Gi");
    }
    if (bytes < InstallOptions.SMALLEST_MEMORY_LIMIT_BYTES) {
      throw UserException.usage("--memory-limit " + limit + " is too small for the controller's JVM: use 192Mi or more"
          + " (default " + InstallOptions.DEFAULT_MEMORY_LIMIT + ")");
    }
  }
}
