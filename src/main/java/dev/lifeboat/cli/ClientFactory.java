package dev.lifeboat.cli;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the client from kubectl's flags. No request is made here: a command's first request tells
 * whether the API answers (see {@link ClientCommand}), a round trip less for every command, and a
 * controller started while the API has a bad second is not ended by a probe it does not need.
 */
public final class ClientFactory {
  private ClientFactory() {}

  public static KubernetesClient connect(KubeOptions options) {
    return dev.lifeboat.api.ApiJson.client(config(options));
  }

  /** A request that got no answer at all (refused, reset, timed out), as a user error that says where we looked. */
  static UserException unreachable(String masterUrl, KubernetesClientException e) {
    return new UserException(ExitCodes.API_ERROR, "cannot reach the Kubernetes API at " + masterUrl
        + " (" + rootMessage(e) + "): check --kubeconfig/--context, or start a sandbox with"
        + " 'lifeboat sandbox start --dir DIR' and pass --kubeconfig DIR/kubeconfig");
  }

  static Config config(KubeOptions options) {
    String kubeconfig = options.kubeconfig;
    if (kubeconfig != null) {
      Path file = Path.of(kubeconfig);
      if (!Files.isReadable(file)) {
        throw UserException.usage("--kubeconfig " + kubeconfig + ": file not found or not readable");
      }
      try {
        Config base = Config.fromKubeconfig(options.context, Files.readString(file), file.toString());
        return tune(requireContext(base, options.context, kubeconfig), options);
      } catch (IOException | RuntimeException e) { // RuntimeException: fabric8's, and the YAML parser's on a malformed file
        if (e instanceof UserException user) {
          throw user;
        }
        throw UserException.usage("--kubeconfig " + kubeconfig + ": not a usable kubeconfig (" + firstLine(rootMessage(e)) + ")");
      }
    }
    boolean hasDefault = System.getenv("KUBECONFIG") != null
        || Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"))
        || System.getenv("KUBERNETES_SERVICE_HOST") != null;
    if (!hasDefault) {
      throw new UserException(ExitCodes.API_ERROR, "no Kubernetes configuration found: pass --kubeconfig FILE,"
          + " or start a sandbox with 'lifeboat sandbox start --dir DIR' and pass --kubeconfig DIR/kubeconfig");
    }
    return tune(requireContext(Config.autoConfigure(options.context), options.context,
        System.getenv("KUBECONFIG") != null ? "$KUBECONFIG" : "~/.kube/config"), options);
  }

  /**
   * fabric8 falls back to the current context when --context names none it knows; kubectl refuses, and so do we:
   * acting on another cluster than the one named is the worst mistake a backup tool can make.
   */
  static Config requireContext(Config config, String context, String source) {
    if (context == null) {
      return config;
    }
    List<String> known = config.getContexts() == null ? List.of()
        : config.getContexts().stream().map(NamedContext::getName).sorted().toList();
    if (!known.contains(context)) {
      throw UserException.usage("--context " + context + ": no such context in " + source
          + (known.isEmpty() ? " (it holds none)" : "; its contexts: " + String.join(", ", known)));
    }
    return config;
  }

  private static Config tune(Config base, KubeOptions options) {
    ConfigBuilder builder = new ConfigBuilder(base).withConnectionTimeout(5_000).withRequestTimeout(30_000)
        .withRequestRetryBackoffLimit(1);
    if (base.getMasterUrl() != null && base.getMasterUrl().startsWith("http://")) {
      // Plain HTTP means h2c upgrades, which stall against some servers (the sandbox's); TLS clusters keep HTTP/2.
      builder.withHttp2Disable(true);
    }
    if (options.namespace != null) {
      builder.withNamespace(options.namespace);
    } else if (base.getNamespace() == null) {
      builder.withNamespace("default");
    }
    return builder.build();
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.length() > 200 ? message.substring(0, 200) + "…" : message;
  }
}
