package dev.lifeboat.cli;

import dev.lifeboat.install.Crds;
import dev.lifeboat.install.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.lifeboat.kinds.Kinds;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * {@code lifeboat uninstall [--crds --force]}: removes what install created (found by its
 * {@code app.kubernetes.io/part-of: lifeboat-install} label), never the data: the CRDs (and with them
 * every Backup, Restore, ...) stay unless {@code --crds --force}, and even then only when no lifeboat
 * object is left. The namespace stays too (it may hold more than lifeboat).
 */
@Command(name = "uninstall", description = {"Remove the controller, its RBAC and the Jobs' ServiceAccounts that install"
    + " created. The CRDs, lifeboat's objects and the repositories' data stay.",
    "--crds --force also removes the CRDs, only when no Repository, Backup, Restore, Schedule or HibernatePlan is left."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:uninstalled", "2:--crds without --force, or lifeboat"
        + " objects are left", "5:the Kubernetes API could not be reached or refused"})
public final class UninstallCommand extends ClientCommand {
  @Option(names = "--crds", description = "Also remove the CustomResourceDefinitions (needs --force).")
  boolean crds;

  @Option(names = "--force", description = "Confirm --crds.")
  boolean force;

  @Override
  protected int run() {
    if (crds && !force) {
      throw UserException.usage("--crds removes the CustomResourceDefinitions, and with them every lifeboat object:"
          + " add --force (it still refuses while any is left)");
    }
    if (crds) {
      List<String> left = new ArrayList<>();
      for (Class<? extends CustomResource<?, ?>> kind : Kinds.types()) {
        int n = client().resources(kind).inAnyNamespace().list().getItems().size();
        if (n > 0) {
          left.add(n + " " + kind.getSimpleName() + (n == 1 ? "" : "s"));
        }
      }
      if (!left.isEmpty()) {
        throw UserException.usage("lifeboat objects are left (" + String.join(", ", left) + "): delete them first;"
            + " removing the CRDs would delete them without their finalizers' clean-up");
      }
    }
    String label = Manifests.PART_OF;
    String value = Manifests.PART_OF_VALUE;
    int removed = 0;
    removed += delete("deployment.apps", client().apps().deployments().inAnyNamespace().withLabel(label, value));
    removed += delete("poddisruptionbudget.policy", client().policy().v1().podDisruptionBudget().inAnyNamespace()
        .withLabel(label, value));
    removed += delete("service", client().services().inAnyNamespace().withLabel(label, value));
    removed += delete("rolebinding.rbac.authorization.k8s.io", client().rbac().roleBindings().inAnyNamespace()
        .withLabel(label, value));
    removed += delete("role.rbac.authorization.k8s.io", client().rbac().roles().inAnyNamespace().withLabel(label, value));
    removed += delete("clusterrolebinding.rbac.authorization.k8s.io", client().rbac().clusterRoleBindings()
        .withLabel(label, value));
    removed += delete("clusterrole.rbac.authorization.k8s.io", client().rbac().clusterRoles().withLabel(label, value));
    removed += delete("serviceaccount", client().serviceAccounts().inAnyNamespace().withLabel(label, value));
    if (crds) {
      for (var crd : Crds.all()) {
        client().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).delete();
        out().println("customresourcedefinition.apiextensions.k8s.io/" + crd.getMetadata().getName() + " deleted");
        removed++;
      }
    }
    out().println(removed == 0 ? "nothing of lifeboat's install was found" : "lifeboat uninstalled"
        + (crds ? "" : "; its CRDs, objects and the repositories' data stay ('uninstall --crds --force' removes the CRDs)"));
    return ExitCodes.OK;
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> int delete(
      String kind, FilterWatchListDeletable<T, L, ?> selected) {
    List<T> items = selected.list().getItems();
    for (T item : items) {
      out().println(kind + "/" + item.getMetadata().getName()
          + (item.getMetadata().getNamespace() == null ? "" : " -n " + item.getMetadata().getNamespace()) + " deleted");
    }
    if (!items.isEmpty()) {
      selected.delete();
    }
    return items.size();
  }
}
