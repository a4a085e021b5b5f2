package dev.lifeboat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.install.Applier;
import dev.lifeboat.install.InstallOptions;
import dev.lifeboat.install.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Every {@code -o yaml} is read by kubectl and GitOps tools with a YAML 1.1 reader: what lifeboat writes must read
 * back there with the same types as its {@code -o json} (a bare 8080 in a container's args is a number, and a real
 * API server rejects the Deployment). SnakeYAML is such a reader; Jackson's JSON tree is the truth.
 */
class YamlOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Strings a YAML 1.1 reader would take for a number, boolean, null or date when left plain. */
  private static final List<String> TRICKY = List.of("8080", "0", "-1", "1.5", "1e3", "0x1F", "0o17", "017", "1_000",
      "12:30", "190:20:30", ".inf", "-.Inf", ".NaN", "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null",
      "~", "", "2024-01-01", "2001-12-14t21:59:43.10-05:00", "<<", "=", "- a", "a: b", "#x", "plain words", "v1.2.3");

  @Test
  void everyStringThatAYaml11ReaderWouldRetypeIsQuoted() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < TRICKY.size(); i++) {
      values.put("k" + i, TRICKY.get(i));
    }
    values.put("8080", "a key that looks like a number");
    values.put("yes", "a key that looks like a boolean");
    String yaml = Yaml.MAPPER.writeValueAsString(values);
    assertEquals(values, yaml11(yaml), yaml);
  }

  @Test
  void numbersAndBooleansStayNumbersAndBooleans() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("port", 8080);
    values.put("enabled", true);
    values.put("ratio", 0.5);
    String yaml = Yaml.MAPPER.writeValueAsString(values);
    assertEquals(values, yaml11(yaml), yaml);
  }

  @Test
  void installManifestsReadBackWithTheirJsonTypes() throws Exception {
    InstallOptions options = new InstallOptions("lifeboat-system", null, List.of("default"), "lifeboat:1", 2, 8080,
        "384Mi");
    List<HasMetadata> objects = Manifests.all(options);
    for (HasMetadata object : objects) {
      String yaml = Applier.yaml(object);
      assertEquals(jsonTypes(object), yaml11(yaml), object.getKind() + "/" + object.getMetadata().getName() + ":\n" + yaml);
    }
    String deployment = objects.stream().filter(o -> o.getKind().equals("Deployment")).map(Applier::yaml).findFirst()
        .orElseThrow();
    assertEquals(true, deployment.contains("- \"8080\"") || deployment.contains("- '8080'"), deployment);
  }

  @Test
  void printedObjectsReadBackWithTheirJsonTypes() throws Exception {
    Backup backup = new Backup();
    backup.getMetadata().setName("nightly");
    backup.getMetadata().setNamespace("default");
    backup.getMetadata().setLabels(Map.of("port", "8080", "enabled", "yes", "day", "2024-01-01"));
    backup.setSpec(new BackupSpec());
    backup.getSpec().repository = "on";
    backup.getSpec().tags = List.of("no", "1.0", "null");
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    new Printer(new PrintStream(yaml, true, StandardCharsets.UTF_8), OutputFormat.yaml, Instant.EPOCH)
        .printOne(backup, List.of());
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    new Printer(new PrintStream(json, true, StandardCharsets.UTF_8), OutputFormat.json, Instant.EPOCH)
        .printOne(backup, List.of());
    assertEquals(JSON.readValue(json.toString(StandardCharsets.UTF_8), Object.class),
        yaml11(yaml.toString(StandardCharsets.UTF_8)), yaml.toString(StandardCharsets.UTF_8));
  }

  private static Object jsonTypes(HasMetadata object) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(JSON.valueToTree(object)), Object.class);
  }

  /** Read as kubectl would: YAML 1.1 implicit types. */
  private static Object yaml11(String yaml) {
    return new org.yaml.snakeyaml.Yaml(new LoaderOptions()).load(yaml);
  }
}
