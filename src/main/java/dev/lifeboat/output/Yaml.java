package dev.lifeboat.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one YAML writer of every {@code -o yaml} (objects, lists, install manifests): quotes only where needed, and
 * "needed" means for a YAML 1.1 reader, which is what kubectl and most GitOps tools read with. There an unquoted
 * {@code 8080}, {@code yes}, {@code off}, {@code ~} or {@code 2024-01-01} is not a string, and a real API server then
 * rejects a container's {@code args} or an annotation. SnakeYAML's resolver is a YAML 1.1 reader's own rule for
 * plain scalars, so a string is quoted exactly when that reader would take it for another type.
 */
public final class Yaml {
  /** Writes JSON trees or objects; null fields left out (as the API server does). */
  public static final ObjectMapper MAPPER = dev.lifeboat.api.ApiJson.configure(new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .stringQuotingChecker(new Yaml11Quoting())
      .build())
      .setSerializationInclusion(JsonInclude.Include.NON_NULL));

  private Yaml() {}

  /** Jackson's default checker (reserved words, leading indicators, ": " and " #") plus YAML 1.1's implicit types. */
  static final class Yaml11Quoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Resolver YAML_1_1 = new Resolver();

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || !Tag.STR.equals(YAML_1_1.resolve(NodeId.scalar, value, true));
    }

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || !Tag.STR.equals(YAML_1_1.resolve(NodeId.scalar, name, true));
    }
  }
}
