package dev.lifeboat.cli;

import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.kinds.Kinds;
import io.fabric8.kubernetes.client.CustomResource;

/** {@code <kind> get [NAME]} for every kind. */
public final class GetSupport {
  private GetSupport() {}

  public static <T extends CustomResource<?, ?>> int get(ClientCommand command, Class<T> kind, String name,
      OutputFormat output) {
    return Lister.get(command, Kinds.of(kind), name, output);
  }
}
