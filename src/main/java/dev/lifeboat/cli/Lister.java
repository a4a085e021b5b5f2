package dev.lifeboat.cli;

import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import dev.lifeboat.kind.Kind;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Shared by {@code get TYPE} and {@code <kind> get}: one object by name, or a sorted list. */
final class Lister {
  private Lister() {}

  static <T extends CustomResource<?, ?>> int get(ClientCommand command, Kind<T> of, String name, OutputFormat format) {
    Class<T> kind = of.type();
    Optional<QuickReads> quick = QuickReads.from(command.kube());
    String namespace = quick.isPresent() ? quick.get().namespace() : command.namespace();
    boolean all = command.kube().allNamespaces && name == null;
    Printer printer = new Printer(command.out(), format, command.clock().instant());
    if (name != null) {
      T item = quick.isPresent() ? quick.get().answered(() -> quick.get().get(kind, namespace, name))
          : command.client().resources(kind).inNamespace(namespace).withName(name).get();
      if (item == null) {
        throw new UserException(ExitCodes.NOT_FOUND, kind.getSimpleName() + " \"" + name + "\" not found in namespace "
            + namespace);
      }
      printer.printOne(item, of.columns());
      return ExitCodes.OK;
    }
    List<T> found = quick.isPresent() ? quick.get().answered(() -> quick.get().list(kind, all ? null : namespace))
        : all ? command.client().resources(kind).inAnyNamespace().list().getItems()
        : command.client().resources(kind).inNamespace(namespace).list().getItems();
    List<T> items = found.stream()
        .sorted(Comparator.comparing((T i) -> i.getMetadata().getNamespace()).thenComparing(i -> i.getMetadata().getName()))
        .toList();
    if (items.isEmpty() && (format == OutputFormat.table || format == OutputFormat.wide)) {
      command.err().println(all ? "No resources found." : "No resources found in " + namespace + " namespace.");
      return ExitCodes.OK;
    }
    printer.printList(items, of.columns(), all);
    return ExitCodes.OK;
  }
}
