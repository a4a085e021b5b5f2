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

/** One backup execution and the snapshot it produced. See {@link BackupPhase}. */
@Group(Labels.GROUP)
@Version(value = "v1alpha1", storage = true)
@Kind("Backup")
@Plural("backups")
@Singular("backup")
@ShortNames({"bk", "lbbackup"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Repository", jsonPath = ".spec.repository", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PVC", jsonPath = ".spec.source.pvc", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Snapshot", jsonPath = ".status.snapshotId", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Backup extends CustomResource<BackupSpec, BackupStatus> implements Namespaced {
  @Override
  protected BackupStatus initStatus() {
    return null;
  }
}
