package dev.lifeboat.cli;

import dev.lifeboat.install.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeboat install}: applies lifeboat's CRDs (or prints them with --dry-run). */
@Command(name = "install", description = "Install lifeboat's CustomResourceDefinitions into the cluster.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:installed (or printed)",
        "5:the Kubernetes API could not be reached or refused"})
public final class InstallCommand extends ClientCommand {
  @Option(names = "--dry-run", description = "Print the CRDs as YAML instead of applying them.")
  boolean dryRun;

  @Override
  protected int run() {
    for (CustomResourceDefinition crd : Crds.all()) {
      if (dryRun) {
        out().println("---");
        out().print(Crds.yaml(crd));
        continue;
      }
      client().apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
      out().println("customresourcedefinition.apiextensions.k8s.io/" + crd.getMetadata().getName() + " applied");
    }
    return ExitCodes.OK;
  }
}
