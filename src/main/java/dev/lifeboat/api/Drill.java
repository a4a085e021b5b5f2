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

/**
 * One restore drill: a Backup restored into a scratch claim no application uses, verified, timed and cleaned up.
 * See {@link DrillPhase}.
 */
@Group(Labels.GROUP)
@Version("v1alpha1")
@Kind("Drill")
@Plural("drills")
@Singular("drill")
@ShortNames({"dr", "lbdrill"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Backup", jsonPath = ".status.backup", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "RTO", jsonPath = ".status.rtoSeconds", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Drill extends CustomResource<DrillSpec, DrillStatus> implements Namespaced {
  @Override
  protected DrillStatus initStatus() {
    return null;
  }
}
