package dev.lifeboat.api.v1beta1;

import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.BackupStatus;
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
 * {@code lifeboat.dev/v1beta1} Backup: the same schema as {@link dev.lifeboat.api.Backup} (v1alpha1, the storage version),
 * served beside it with conversion {@code None}. See docs/upgrades.md for when lifeboat's own clients move to it.
 */
@Group(Labels.GROUP)
@Version(value = "v1beta1", storage = false)
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
