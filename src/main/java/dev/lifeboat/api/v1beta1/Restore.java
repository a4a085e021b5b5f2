package dev.lifeboat.api.v1beta1;

import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.api.RestoreStatus;
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
 * {@code lifeboat.dev/v1beta1} Restore: the same schema as {@link dev.lifeboat.api.Restore} (v1alpha1, the storage version),
 * served beside it with conversion {@code None}. See docs/upgrades.md for when lifeboat's own clients move to it.
 */
@Group(Labels.GROUP)
@Version(value = "v1beta1", storage = false)
@Kind("Restore")
@Plural("restores")
@Singular("restore")
@ShortNames({"rs", "lbrestore"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Backup", jsonPath = ".spec.backup", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.pvc", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Restore extends CustomResource<RestoreSpec, RestoreStatus> implements Namespaced {
  @Override
  protected RestoreStatus initStatus() {
    return null;
  }
}
