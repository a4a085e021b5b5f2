package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which kubeconfig file a command reads, as the API client does: the flag, else $KUBECONFIG's first file. */
class KubeOptionsTest {
  @Test
  void theFlagWinsThenTheFirstFileOfKubeconfig() {
    assertEquals("/a/kubeconfig", KubeOptions.kubeconfigFile("/a/kubeconfig", "/b/kubeconfig"));
    assertEquals("/b/kubeconfig", KubeOptions.kubeconfigFile(null, "/b/kubeconfig"));
    assertEquals("/b/kubeconfig", KubeOptions.kubeconfigFile(null, "/b/kubeconfig" + java.io.File.pathSeparator + "/c/config"));
    assertNull(KubeOptions.kubeconfigFile(null, null));
    assertNull(KubeOptions.kubeconfigFile(null, " "));
  }
}
