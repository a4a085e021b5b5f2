package dev.lifeboat.bench;

import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Makes N Backups exist in a running sandbox (for timing {@code get backups}): those already there count, so a
 * second call tops up. Usage: SeedBackups KUBECONFIG N
 */
public final class SeedBackups {
  private SeedBackups() {}

  public static void main(String[] args) throws Exception {
    Config config = Config.fromKubeconfig(null, Files.readString(Path.of(args[0])), args[0]);
    config.setHttp2Disable(true);
    int n = Integer.parseInt(args[1]);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      int existing = client.resources(dev.lifeboat.api.Backup.class).inNamespace("default").list().getItems().size();
      for (int i = existing; i < n; i++) {
        int index = i;
        pool.execute(() -> Objects.backup(client, "default", String.format("backup-%05d", index), "repo", "data"));
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
    }
  }
}
