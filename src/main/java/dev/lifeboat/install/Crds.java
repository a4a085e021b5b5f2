package dev.lifeboat.install;

import dev.lifeboat.kinds.Kinds;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * lifeboat's CRDs as the build generated them (fabric8 CRD generator, from the {@code api/}
 * classes), with one fix: printer columns in the order the class declares them (the generator
 * sorts them by JSON path, which would put AGE first).
 */
public final class Crds {
  private Crds() {}

  public static List<CustomResourceDefinition> all() {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (Class<? extends CustomResource<?, ?>> kind : Kinds.types()) {
      crds.add(load(kind));
    }
    return crds;
  }

  /** The generated CRD of one kind, printer columns in declaration order. */
  public static CustomResourceDefinition load(Class<? extends CustomResource<?, ?>> kind) {
    String resource = "/META-INF/fabric8/" + CustomResource.getCRDName(kind) + "-v1.yml";
    try (InputStream in = Crds.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("generated CRD missing from the jar: " + resource + " (run mvn package)");
      }
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      List<String> order = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
          .map(AdditionalPrinterColumn::name).toList();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
        columns.sort(Comparator.comparingInt(c -> order.indexOf(c.getName())));
        version.setAdditionalPrinterColumns(columns);
      }
      return crd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML lifeboat commits under deploy/crds and {@code install} applies. */
  public static String yaml(CustomResourceDefinition crd) {
    return "# Generated from dev.lifeboat.api by the fabric8 CRD generator; do not edit.\n"
        + Serialization.asYaml(crd).replaceFirst("^---\\n", "");
  }
}
