package dev.lifeboat.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import java.io.File;

/** kubectl's connection flags, accepted by every command. */
public final class KubeOptions {
  @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster).")
  public String kubeconfig;

  @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "The kubeconfig context to use.")
  public String context;

  @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NS",
      description = "Namespace (default: the context's namespace, else 'default').")
  public String namespace;

  @Option(names = {"-A", "--all-namespaces"}, scope = ScopeType.INHERIT,
      description = "List across all namespaces (get commands).")
  public boolean allNamespaces;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Verbose: log details and show stack traces of errors.")
  public boolean verbose;

  /** The kubeconfig file the client reads: --kubeconfig, else the first of $KUBECONFIG; null for neither. */
  public String kubeconfigFile() {
    return kubeconfigFile(kubeconfig, System.getenv("KUBECONFIG"));
  }

  static String kubeconfigFile(String flag, String env) {
    if (flag != null) {
      return flag;
    }
    if (env == null || env.isBlank()) {
      return null;
    }
    String first = env.split(File.pathSeparator, -1)[0];
    return first.isBlank() ? null : first;
  }
}
