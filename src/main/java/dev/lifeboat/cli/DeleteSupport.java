package dev.lifeboat.cli;

import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.JobNames;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import dev.lifeboat.lifecycle.JobPurpose;
import java.util.Locale;

/** {@code <kind> delete NAME} for every kind. */
public final class DeleteSupport {
  private DeleteSupport() {}

  public static <T extends HasMetadata> int delete(ClientCommand command, Class<T> kind, String name) {
    String ns = command.namespace();
    var resource = command.client().resources(kind).inNamespace(ns).withName(name);
    if (resource.get() == null) {
      throw new UserException(ExitCodes.NOT_FOUND, kind.getSimpleName() + " \"" + name + "\" not found in namespace " + ns);
    }
    resource.delete();
    // Owner references make a cluster collect the Jobs; delete them here too, for APIs without GC.
    command.client().batch().v1().jobs().inNamespace(ns)
        .withLabel(Labels.OWNER_KIND, kind.getSimpleName()).withLabel(Labels.OWNER_NAME, JobNames.labelValue(name))
        // The Job that removes a Repository's data (deletionPolicy Delete) is what the deletion starts.
        .withoutLabel(Labels.PURPOSE, JobPurpose.DELETE_DATA.suffix())
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    command.out().println(kind.getSimpleName().toLowerCase(Locale.ROOT) + ".lifeboat.dev/" + name + " deleted");
    return ExitCodes.OK;
  }
}
