package dev.lifeboat.cli.sandbox;

import dev.lifeboat.FileTrees;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.LifeboatCommand;
import dev.lifeboat.cli.Main;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code lifeboat sandbox demo}: a short tour that needs nothing but restic. Starts a sandbox in a
 * temporary folder and runs the same commands a user would, printing each one first.
 */
@Command(name = "demo", description = "A self-contained tour: sandbox, repository, PVC, backup to Ready.")
public final class SandboxDemoCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--keep", description = "Keep the temporary folder (its path is printed).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    LifeboatCommand root = (LifeboatCommand) spec.root().userObject();
    Path dir = Files.createTempDirectory("lifeboat-demo-");
    root.out.println("Starting a sandbox in " + dir + " (in-process API server + local Job runner)...");
    int code;
    try (Sandbox sandbox = Sandbox.start(new SandboxPaths(dir), 0, null, true)) {
      String kubeconfig = sandbox.paths().kubeconfig().toString();
      Path password = dir.resolve("repository-password");
      Files.writeString(password, "demo-" + Long.toHexString(Double.doubleToLongBits(Math.random())));
      Path sample = dir.resolve("sample");
      writeSampleFiles(sample);
      SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "app-data", sample);
      root.out.println("Created PVC app-data with sample files (data folder: " + sandbox.paths().pvc("default", "app-data") + ")");
      code = step(root, kubeconfig, "repository", "create", "demo-repo", "--url", "local:" + dir.resolve("restic-repo"),
          "--password-file", password.toString(), "--wait", "--timeout", "2m");
      if (code == ExitCodes.OK) {
        code = step(root, kubeconfig, "backup", "create", "first-backup", "--repository", "demo-repo", "--pvc", "app-data",
            "--wait", "--timeout", "5m");
      }
      if (code == ExitCodes.OK) {
        // An application source: any program's stdout streamed into restic (PostgreSQL, OpenBao, TiDB work alike). It
        // runs in the backup Job's pod, which sees its own file system, not the sandbox's folders.
        code = step(root, kubeconfig, "backup", "create", "app-stream", "--repository", "demo-repo", "--command",
            "seq 1 50000", "--restore-command", "wc -l", "--wait", "--timeout", "5m");
      }
      step(root, kubeconfig, "get", "backups");
      if (code == ExitCodes.OK) {
        // Prove the backup comes back: restored into a scratch claim, every file re-read, timed, cleaned up.
        code = step(root, kubeconfig, "drill", "create", "first-drill", "--from-backup", "first-backup", "--wait",
            "--timeout", "5m");
      }
      if (code == ExitCodes.OK) {
        // The protection report: app-data has a Backup and a good drill, but no Schedule covers it (exit 1 says so).
        step(root, kubeconfig, "status");
        code = hibernation(root, sandbox, kubeconfig);
      }
    } finally {
      if (keep) {
        root.out.println("Kept " + dir);
      } else {
        FileTrees.delete(dir);
      }
    }
    root.out.println(code == ExitCodes.OK ? "Demo done. Next: lifeboat sandbox start --dir DIR, and the same commands."
        : "Demo failed (exit code " + code + ").");
    return code;
  }

  /** Two Deployments (3 and 1 replicas, played by the sandbox's workload simulator) to sleep and back. */
  private static int hibernation(LifeboatCommand root, Sandbox sandbox, String kubeconfig) {
    for (var app : Map.of("shop-web", 3, "shop-api", 1).entrySet()) {
      sandbox.client().apps().deployments().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.apps
          .DeploymentBuilder().withNewMetadata().withName(app.getKey()).addToLabels("app", "shop").endMetadata()
          .withNewSpec().withReplicas(app.getValue()).withNewSelector().addToMatchLabels("pod", app.getKey())
          .endSelector().withNewTemplate().withNewMetadata().addToLabels("pod", app.getKey()).endMetadata()
          .withNewSpec().addNewContainer().withName("app").withImage("shop").endContainer().endSpec().endTemplate()
          .endSpec().build()).create();
    }
    root.out.println();
    root.out.println("Created Deployments shop-web (3 replicas) and shop-api (1 replica)");
    int code = step(root, kubeconfig, "hibernate", "create", "shop", "--off-hours", "Mon-Fri 20:00-07:00",
        "--time-zone", "Europe/Berlin", "--workloads", "app=shop");
    if (code == ExitCodes.OK) {
      code = step(root, kubeconfig, "hibernate", "now", "shop", "--wait", "--timeout", "1m");
    }
    root.out.println("replicas now: " + replicas(sandbox));
    if (code == ExitCodes.OK) {
      code = step(root, kubeconfig, "hibernate", "wake", "shop", "--wait", "--timeout", "1m");
    }
    root.out.println("replicas now: " + replicas(sandbox));
    return code;
  }

  private static String replicas(Sandbox sandbox) {
    return new TreeMap<>(sandbox.client().apps().deployments().inNamespace("default").list().getItems().stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d.getSpec().getReplicas())))
        .toString();
  }

  private static int step(LifeboatCommand root, String kubeconfig, String... args) {
    root.out.println();
    root.out.println("$ lifeboat " + String.join(" ", Arrays.stream(args)
        .map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList()));
    String[] full = new String[args.length + 2];
    full[0] = "--kubeconfig";
    full[1] = kubeconfig;
    System.arraycopy(args, 0, full, 2, args.length);
    return Main.execute(full, root.out, root.err);
  }

  private static void writeSampleFiles(Path sample) throws IOException {
    for (String dir : List.of("config", "uploads/2026", "uploads/2026/11")) {
      Files.createDirectories(sample.resolve(dir));
    }
    Files.writeString(sample.resolve("config/app.yaml"), "replicas: 3\nfeature: on\n");
    Files.writeString(sample.resolve("README.txt"), "Sample data backed up by the lifeboat demo.\n");
    for (int i = 0; i < 20; i++) {
      Files.write(sample.resolve("uploads/2026/11/photo-" + i + ".bin"),
          ("payload " + i + "\n").repeat(500 + i * 50).getBytes(StandardCharsets.UTF_8));
    }
  }
}
