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

/** Off-hours windows that shut targets down and wake them up. See {@link HibernatePhase}. */
@Group(Labels.GROUP)
@Version("v1alpha1")
@Kind("HibernatePlan")
@Plural("hibernateplans")
@Singular("hibernateplan")
@ShortNames({"hp", "lbhibernate"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
// A string, not a date: kubectl shows a date column as an age, and a future time as "<invalid>".
@AdditionalPrinterColumn(name = "Next", jsonPath = ".status.nextTransition", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class HibernatePlan extends CustomResource<HibernatePlanSpec, HibernatePlanStatus> implements Namespaced {
  @Override
  protected HibernatePlanStatus initStatus() {
    return null;
  }
}
