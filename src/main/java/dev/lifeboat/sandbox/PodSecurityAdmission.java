package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod Security admission as the API server applies it to a new pod in a namespace labelled {@code
 * pod-security.kubernetes.io/enforce: baseline|restricted} (privileged, or no label: anything goes): the checks of
 * the Pod Security Standards, and the refusal in the server's words ({@code violates PodSecurity
 * "restricted:latest": allowPrivilegeEscalation != false (container "c" must set ...), ...}). Pure: JSON in, the
 * message (or null) out.
 */
final class PodSecurityAdmission {
  static final String ENFORCE = "pod-security.kubernetes.io/enforce";
  /** Capabilities a baseline pod may add (the Pod Security Standards' list). */
  private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
      "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
      "ephemeral", "persistentVolumeClaim", "projected", "secret");

  private PodSecurityAdmission() {}

  /** Why the namespace's level refuses the pod, as the server says it; null when it is allowed. */
  static String refusal(JsonNode pod, JsonNode namespace) {
    String level = namespace.path("metadata").path("labels").path(ENFORCE).asText("privileged");
    if (!level.equals("baseline") && !level.equals("restricted")) {
      return null;
    }
    Map<String, List<String>> violations = new LinkedHashMap<>();
    baseline(pod, violations);
    if (level.equals("restricted")) {
      restricted(pod, violations);
    }
    if (violations.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    violations.forEach((check, details) -> parts.add(check + " (" + String.join("; ", details) + ")"));
    String name = pod.path("metadata").path("name").asText(pod.path("metadata").path("generateName").asText(""));
    return "pods \"" + name + "\" is forbidden: violates PodSecurity \"" + level + ":latest\": "
        + String.join(", ", parts);
  }

  private static void add(Map<String, List<String>> violations, String check, String detail) {
    violations.computeIfAbsent(check, c -> new ArrayList<>()).add(detail);
  }

  private static List<JsonNode> containers(JsonNode pod) {
    List<JsonNode> all = new ArrayList<>();
    for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
      pod.path("spec").path(field).forEach(all::add);
    }
    return all;
  }

  private static String quoted(JsonNode container) {
    return "container \"" + container.path("name").asText() + "\"";
  }

  private static void baseline(JsonNode pod, Map<String, List<String>> violations) {
    JsonNode spec = pod.path("spec");
    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (spec.path(host).asBoolean(false)) {
        add(violations, "host namespaces", host + "=true");
      }
    }
    for (JsonNode volume : spec.path("volumes")) {
      if (volume.has("hostPath")) {
        add(violations, "hostPath volumes", "volume \"" + volume.path("name").asText() + "\"");
      }
    }
    for (JsonNode container : containers(pod)) {
      JsonNode context = container.path("securityContext");
      if (context.path("privileged").asBoolean(false)) {
        add(violations, "privileged", quoted(container) + " must not set securityContext.privileged=true");
      }
      List<String> added = new ArrayList<>();
      context.path("capabilities").path("add").forEach(c -> {
        if (!BASELINE_CAPABILITIES.contains(c.asText())) {
          added.add("\"" + c.asText() + "\"");
        }
      });
      if (!added.isEmpty()) {
        add(violations, "non-default capabilities", quoted(container) + " must not include " + String.join(", ", added)
            + " in securityContext.capabilities.add");
      }
      for (JsonNode port : container.path("ports")) {
        if (port.path("hostPort").asInt(0) != 0) {
          add(violations, "hostPort", quoted(container) + " uses hostPort " + port.path("hostPort").asInt());
        }
      }
      if ("Unconfined".equals(context.path("seccompProfile").path("type").asText())) {
        add(violations, "seccompProfile", quoted(container) + " must not set securityContext.seccompProfile.type to"
            + " \"Unconfined\"");
      }
    }
    if ("Unconfined".equals(spec.path("securityContext").path("seccompProfile").path("type").asText())) {
      add(violations, "seccompProfile", "pod must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }
  }

  private static void restricted(JsonNode pod, Map<String, List<String>> violations) {
    JsonNode spec = pod.path("spec");
    JsonNode podContext = spec.path("securityContext");
    for (JsonNode volume : spec.path("volumes")) {
      String type = volumeType(volume);
      if (type != null && !RESTRICTED_VOLUMES.contains(type) && !type.equals("hostPath")) {
        add(violations, "restricted volume types", "volume \"" + volume.path("name").asText() + "\" uses restricted"
            + " volume type \"" + type + "\"");
      }
    }
    boolean podNonRoot = podContext.path("runAsNonRoot").asBoolean(false);
    boolean podSeccomp = Set.of("RuntimeDefault", "Localhost")
        .contains(podContext.path("seccompProfile").path("type").asText());
    if (podContext.path("runAsUser").isNumber() && podContext.path("runAsUser").asLong() == 0) {
      add(violations, "runAsUser=0", "pod must not set runAsUser=0");
    }
    for (JsonNode container : containers(pod)) {
      JsonNode context = container.path("securityContext");
      if (!(context.has("allowPrivilegeEscalation") && !context.path("allowPrivilegeEscalation").asBoolean(true))) {
        add(violations, "allowPrivilegeEscalation != false",
            quoted(container) + " must set securityContext.allowPrivilegeEscalation=false");
      }
      boolean dropsAll = false;
      for (JsonNode drop : context.path("capabilities").path("drop")) {
        dropsAll |= drop.asText().equals("ALL");
      }
      List<String> added = new ArrayList<>();
      context.path("capabilities").path("add").forEach(c -> {
        if (!c.asText().equals("NET_BIND_SERVICE")) {
          added.add("\"" + c.asText() + "\"");
        }
      });
      if (!dropsAll || !added.isEmpty()) {
        add(violations, "unrestricted capabilities", quoted(container) + " must set securityContext.capabilities.drop="
            + "[\"ALL\"]" + (added.isEmpty() ? "" : " and must not include " + String.join(", ", added)
            + " in securityContext.capabilities.add"));
      }
      boolean nonRoot = context.has("runAsNonRoot") ? context.path("runAsNonRoot").asBoolean(false) : podNonRoot;
      if (!nonRoot) {
        add(violations, "runAsNonRoot != true", "pod or " + quoted(container) + " must set securityContext.runAsNonRoot"
            + "=true");
      }
      if (context.path("runAsUser").isNumber() && context.path("runAsUser").asLong() == 0) {
        add(violations, "runAsUser=0", quoted(container) + " must not set runAsUser=0");
      }
      boolean seccomp = context.has("seccompProfile")
          ? Set.of("RuntimeDefault", "Localhost").contains(context.path("seccompProfile").path("type").asText())
          : podSeccomp;
      if (!seccomp) {
        add(violations, "seccompProfile", "pod or " + quoted(container) + " must set securityContext.seccompProfile.type"
            + " to \"RuntimeDefault\" or \"Localhost\"");
      }
    }
  }

  /** The volume's source field (persistentVolumeClaim, emptyDir, nfs, ...), or null. */
  private static String volumeType(JsonNode volume) {
    for (var it = volume.fieldNames(); it.hasNext();) {
      String field = it.next();
      if (!field.equals("name")) {
        return field;
      }
    }
    return null;
  }
}
