package dev.lifeboat.cli;

import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import dev.lifeboat.kind.Kind;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Shared by {@code get TYPE} and {@code <kind> get}: one object by name, or a sorted list. */
final class Lister {
  private Lister() {}

  static <T extends CustomResource<?, ?>> int get(KubernetesClient client, Kind<T> of, String namespace, boolean all,
      String name, OutputFormat format, PrintStream out, PrintStream err, Instant now) {
    Class<T> kind = of.type();
    Printer printer = new Printer(out, format, now);
    if (name != null) {
      T item = client.resources(kind).inNamespace(namespace).withName(name).get();
      if (item == null) {
        throw new UserException(ExitCodes.NOT_FOUND, kind.getSimpleName() + " \"" + name + "\" not found in namespace "
            + namespace);
      }
      printer.printOne(item, of.columns());
      return ExitCodes.OK;
    }
    List<T> items = (all ? client.resources(kind).inAnyNamespace().list() : client.resources(kind).inNamespace(namespace).list())
        .getItems().stream()
        .sorted(Comparator.comparing((T i) -> i.getMetadata().getNamespace()).thenComparing(i -> i.getMetadata().getName()))
        .toList();
    if (items.isEmpty() && (format == OutputFormat.table || format == OutputFormat.wide)) {
      err.println(all ? "No resources found." : "No resources found in " + namespace + " namespace.");
      return ExitCodes.OK;
    }
    printer.printList(items, of.columns(), all);
    return ExitCodes.OK;
  }
}
