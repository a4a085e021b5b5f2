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

/** A cron schedule that creates Backups of one PVC or of every matching PVC, and applies retention. See {@link SchedulePhase}. */
@Group(Labels.GROUP)
@Version("v1alpha1")
@Kind("Schedule")
@Plural("schedules")
@Singular("schedule")
@ShortNames({"sched", "lbschedule"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Cron", jsonPath = ".spec.cron", type = AdditionalPrinterColumn.Type.STRING)
// A string, not a date: kubectl shows a date column as an age, and a future time as "<invalid>".
@AdditionalPrinterColumn(name = "Next", jsonPath = ".status.nextScheduleTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last", jsonPath = ".status.lastScheduleTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Suspended", jsonPath = ".spec.suspend", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Schedule extends CustomResource<ScheduleSpec, ScheduleStatus> implements Namespaced {
  @Override
  protected ScheduleStatus initStatus() {
    return null;
  }
}
