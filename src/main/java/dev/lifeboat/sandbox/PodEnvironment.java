package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's environment as the kubelet resolves it: values, Secret keys and whole Secrets (envFrom). */
final class PodEnvironment {
  private PodEnvironment() {}

  static Map<String, String> resolve(KubernetesClient client, String ns, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
      if (from.getSecretRef() != null) {
        Secret secret = secret(client, ns, from.getSecretRef().getName());
        decoded(secret).forEach(env::put);
      }
    }
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
        String name = var.getValueFrom().getSecretKeyRef().getName();
        String key = var.getValueFrom().getSecretKeyRef().getKey();
        String value = decoded(secret(client, ns, name)).get(key);
        if (value == null) {
          throw new MissingSecretException("couldn't find key " + key + " in Secret " + ns + "/" + name);
        }
        env.put(var.getName(), value);
      } else if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private static Secret secret(KubernetesClient client, String ns, String name) {
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    if (secret == null) {
      throw new MissingSecretException("secret \"" + name + "\" not found");
    }
    return secret;
  }

  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }

  static final class MissingSecretException extends RuntimeException {
    MissingSecretException(String message) {
      super(message);
    }
  }
}
