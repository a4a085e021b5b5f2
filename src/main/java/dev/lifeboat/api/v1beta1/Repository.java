package dev.lifeboat.api.v1beta1;

import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.api.Labels;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code lifeboat.dev/v1beta1} Repository: the same schema as {@link dev.lifeboat.api.Repository} (v1alpha1, the storage version),
 * served beside it with conversion {@code None}. See docs/upgrades.md for when lifeboat's own clients move to it.
 */
@Group(Labels.GROUP)
@Version(value = "v1beta1", storage = false)
@Kind("Repository")
@Plural("repositories")
@Singular("repository")
@ShortNames({"repo", "lbrepo"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Healthy", jsonPath = ".status.conditions[?(@.type==\"Healthy\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Snapshots", jsonPath = ".status.snapshots", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".status.sizeBytes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Repository extends CustomResource<RepositorySpec, RepositoryStatus> implements Namespaced {
  @Override
  protected RepositoryStatus initStatus() {
    return null;
  }
}
