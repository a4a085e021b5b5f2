package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Secret volume as the kubelet writes it: each key (or each listed item, at its path) a file, mode 0644 unless set. */
final class SecretFiles {
  private SecretFiles() {}

  static void write(KubernetesClient client, String namespace, SecretVolumeSource source, Path folder) throws IOException {
    Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretName()).get();
    if (secret == null) {
      if (Boolean.TRUE.equals(source.getOptional())) {
        return;
      }
      throw new IOException("secret \"" + source.getSecretName() + "\" not found (a volume of the pod)");
    }
    Map<String, byte[]> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v)));
    }
    int mode = source.getDefaultMode() == null ? 0644 : source.getDefaultMode();
    if (source.getItems() == null || source.getItems().isEmpty()) {
      for (Map.Entry<String, byte[]> entry : values.entrySet()) {
        file(folder.resolve(entry.getKey()), entry.getValue(), mode);
      }
      return;
    }
    for (KeyToPath item : source.getItems()) {
      byte[] value = values.get(item.getKey());
      if (value == null) {
        throw new IOException("couldn't find key " + item.getKey() + " in Secret " + namespace + "/" + source.getSecretName());
      }
      file(folder.resolve(item.getPath()), value, item.getMode() == null ? mode : item.getMode());
    }
  }

  private static void file(Path path, byte[] value, int mode) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, value);
    Files.setAttribute(path, "unix:mode", mode);
  }
}
