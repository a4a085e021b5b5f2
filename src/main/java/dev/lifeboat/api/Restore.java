package dev.lifeboat.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One restore execution into a target PVC. See {@link RestorePhase}. */
@Group(Labels.GROUP)
@Version(value = "v1alpha1", storage = true)
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
