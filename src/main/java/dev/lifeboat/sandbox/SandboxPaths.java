package dev.lifeboat.sandbox;

import java.nio.file.Path;

/** Where the sandbox keeps things under its folder. */
public record SandboxPaths(Path root) {
  public SandboxPaths {
    root = root.toAbsolutePath().normalize();
  }

  public Path kubeconfig() {
    return root.resolve("kubeconfig");
  }

  /** The data folder behind a PVC: {@code DIR/pvc/<namespace>/<claim>}. */
  public Path pvc(String namespace, String claim) {
    return root.resolve("pvc").resolve(namespace).resolve(claim);
  }

  public Path podDir(String namespace, String pod) {
    return root.resolve("pods").resolve(namespace).resolve(pod);
  }

  public Path logs() {
    return root.resolve("logs");
  }

  public Path podLog(String namespace, String pod) {
    return logs().resolve(namespace).resolve(pod + ".log");
  }
}
