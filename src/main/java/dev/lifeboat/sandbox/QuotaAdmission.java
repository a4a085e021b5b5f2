package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ResourceQuota admission a real API server applies to a new pod (the sandbox serves {@code resourcequotas};
 * nothing else enforces them): a pod that would take the namespace past a quota's {@code hard} amounts ({@code
 * pods}, {@code count/pods}, {@code requests.cpu|memory}, {@code limits.cpu|memory}, {@code cpu}, {@code memory}) is
 * refused, and so is one that leaves unset a request or limit a quota tracks ("must specify limits.memory"), in the
 * server's words. What is used is summed over the namespace's pods that have not ended. Pure: objects as JSON in,
 * the refusal's message (or null) out.
 */
final class QuotaAdmission {
  private static final Map<String, String[]> TRACKED = Map.of(
      "requests.cpu", new String[] {"requests", "cpu"}, "cpu", new String[] {"requests", "cpu"},
      "requests.memory", new String[] {"requests", "memory"}, "memory", new String[] {"requests", "memory"},
      "limits.cpu", new String[] {"limits", "cpu"}, "limits.memory", new String[] {"limits", "memory"});

  private QuotaAdmission() {}

  /** Why the pod may not be created, as the server says it; null when every quota allows it. */
  static String refusal(JsonNode pod, List<JsonNode> quotas, List<JsonNode> pods) {
    String name = pod.path("metadata").path("name").asText(pod.path("metadata").path("generateName").asText(""));
    for (JsonNode quota : quotas) {
      String quotaName = quota.path("metadata").path("name").asText();
      List<String> unset = new ArrayList<>();
      List<String[]> exceeded = new ArrayList<>(); // resource, requested, used, limited
      for (var hard : (Iterable<Map.Entry<String, JsonNode>>) quota.path("spec").path("hard")::fields) {
        String resource = hard.getKey();
        BigDecimal limit = amount(hard.getValue().asText());
        BigDecimal requested;
        BigDecimal used = BigDecimal.ZERO;
        if (resource.equals("pods") || resource.equals("count/pods")) {
          requested = BigDecimal.ONE;
          for (JsonNode other : pods) {
            used = used.add(ended(other) ? BigDecimal.ZERO : BigDecimal.ONE);
          }
        } else if (TRACKED.containsKey(resource)) {
          String[] field = TRACKED.get(resource);
          List<String> missing = missing(pod, field);
          if (!missing.isEmpty()) {
            unset.add(field[0] + "." + field[1] + " for: " + String.join(",", missing));
            continue;
          }
          requested = total(pod, field);
          for (JsonNode other : pods) {
            used = used.add(ended(other) ? BigDecimal.ZERO : total(other, field));
          }
        } else {
          continue; // quotas on other objects (secrets, claims, services) do not limit a pod
        }
        if (used.add(requested).compareTo(limit) > 0) {
          exceeded.add(new String[] {resource, plain(requested), plain(used), hard.getValue().asText()});
        }
      }
      if (!unset.isEmpty()) {
        return "pods \"" + name + "\" is forbidden: failed quota: " + quotaName + ": must specify "
            + String.join("; ", unset);
      }
      if (!exceeded.isEmpty()) {
        return "pods \"" + name + "\" is forbidden: exceeded quota: " + quotaName + ", requested: "
            + join(exceeded, 1) + ", used: " + join(exceeded, 2) + ", limited: " + join(exceeded, 3);
      }
    }
    return null;
  }

  private static String join(List<String[]> exceeded, int column) {
    return String.join(",", exceeded.stream().map(e -> e[0] + "=" + e[column]).toList());
  }

  private static boolean ended(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  private static List<JsonNode> containers(JsonNode pod) {
    List<JsonNode> containers = new ArrayList<>();
    pod.path("spec").path("containers").forEach(containers::add);
    // Native sidecars run beside the containers for the pod's whole life: their requests count as theirs do.
    pod.path("spec").path("initContainers").forEach(c -> {
      if ("Always".equals(c.path("restartPolicy").asText())) {
        containers.add(c);
      }
    });
    return containers;
  }

  private static List<String> missing(JsonNode pod, String[] field) {
    List<String> missing = new ArrayList<>();
    for (JsonNode container : containers(pod)) {
      if (container.path("resources").path(field[0]).path(field[1]).isMissingNode()) {
        missing.add(container.path("name").asText());
      }
    }
    return missing;
  }

  private static BigDecimal total(JsonNode pod, String[] field) {
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode container : containers(pod)) {
      JsonNode value = container.path("resources").path(field[0]).path(field[1]);
      sum = sum.add(value.isMissingNode() ? BigDecimal.ZERO : amount(value.asText()));
    }
    return sum;
  }

  private static BigDecimal amount(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity));
  }

  private static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }
}
