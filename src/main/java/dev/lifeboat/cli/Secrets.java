package dev.lifeboat.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import dev.lifeboat.api.SecretKeyRef;
import java.util.function.Supplier;

/**
 * Secrets the CLI checks or makes: a value given as a file becomes a Secret owned by the object
 * that uses it (it goes when the object goes); a Secret named on the command line must exist with
 * its key before anything is created.
 */
public final class Secrets {
  private Secrets() {}

  /** The file's content, stripped; a clear usage error when it is missing, unreadable or empty. */
  public static String readFile(String flag, Path file) {
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw UserException.usage(flag + " " + file + " is empty: put the secret value in it");
      }
      return value;
    } catch (IOException e) {
      throw UserException.usage(flag + " " + file + " cannot be read (" + e.getClass().getSimpleName()
          + "): check the path and its permissions");
    }
  }

  /** Fails with a usage error unless Secret {@code name} exists in {@code ns} (with {@code key}, when given). */
  public static void requireKey(KubernetesClient client, String ns, String name, String key, String flag) {
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    if (secret == null) {
      throw UserException.usage(flag + ": Secret \"" + name + "\" not found in namespace " + ns
          + ": create it first (kubectl create secret generic " + name + " ...)");
    }
    boolean hasKey = key == null
        || (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
    if (!hasKey) {
      throw UserException.usage(flag + ": Secret \"" + name + "\" has no key \"" + key + "\"");
    }
  }

  /** Creates Secret {@code name} with the values; a taken name is a usage error naming {@code instead}. */
  public static Secret create(KubernetesClient client, String ns, String name, Map<String, String> values, String instead) {
    SecretBuilder builder = new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .addToLabels("app.kubernetes.io/managed-by", "lifeboat").endMetadata().withType("Opaque");
    values.forEach((k, v) -> builder.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    try {
      return client.secrets().inNamespace(ns).resource(builder.build()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw UserException.usage("Secret \"" + name + "\" already exists in namespace " + ns + ": " + instead);
      }
      throw e;
    }
  }

  /**
   * Creates the object with the Secret of values given as files: the Secret first (a Job may need it
   * at once), then the object, then the object becomes the Secret's owner (it goes when the object
   * goes). A refused object takes its new Secret with it: nothing is left half-created. With no
   * values, only the object is created.
   */
  public static <T extends HasMetadata> T createWithSecret(KubernetesClient client, String ns, String secretName,
      Map<String, String> values, String instead, Supplier<T> create) {
    return createWithSecret(client, ns, secretName, values, instead, true, create);
  }

  /**
   * As above; with {@code owned} false the Secret outlives the object (a repository's password: the data it opens
   * outlives the Repository object, so its only key in the cluster must too).
   */
  public static <T extends HasMetadata> T createWithSecret(KubernetesClient client, String ns, String secretName,
      Map<String, String> values, String instead, boolean owned, Supplier<T> create) {
    Secret secret = values.isEmpty() ? null : create(client, ns, secretName, values, instead);
    T created;
    try {
      created = create.get();
    } catch (KubernetesClientException e) {
      if (secret != null) {
        client.secrets().inNamespace(ns).withName(secretName).delete();
      }
      throw e;
    }
    if (secret != null && owned) {
      ownBy(client, secret, created);
    }
    return created;
  }

  /** Makes {@code owner} the owner of the Secret, so it is deleted with it. */
  public static void ownBy(KubernetesClient client, Secret secret, HasMetadata owner) {
    secret.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion()).withKind(owner.getKind()).withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid()).build()));
    client.secrets().inNamespace(secret.getMetadata().getNamespace()).resource(secret).update();
  }

  /** {@code NAME/KEY} or {@code NAME:KEY} (or NAME alone, with {@code defaultKey}). */
  public static SecretKeyRef parseRef(String flag, String value, String defaultKey) {
    String[] parts = value.split("[/:]", 2);
    Validation.objectName(flag, parts[0]);
    String key = parts.length > 1 ? parts[1] : defaultKey;
    if (!key.matches("[-._a-zA-Z0-9]+")) {
      throw UserException.usage(flag + " key \"" + key + "\" is not a valid Secret key");
    }
    return new SecretKeyRef(parts[0], key);
  }
}
