package dev.lifeboat.bench;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * N Backups at once against the sandbox's API server (in this JVM, with the Job runner and pods that
 * succeed instantly), reconciled by the real controller in a process of its own, started as the
 * installed Deployment starts it ({@code reconcile --watch --all-namespaces}, the JVM flags and environment
 * of the image's launcher, packaging/lifeboat-image.sh, and the JVM's view of the Deployment's 384 MiB
 * memory limit). Prints progress every 10 s, then the
 * time until all are Ready, the controller's requests per backup (the sandbox's request log, by the
 * controller's own token) and its peak RSS (VmHWM).
 *
 * <p>Usage: ScaleBench N [jar] [memory limit as the JVM sees it, e.g. 384m]
 */
public final class ScaleBench {
  private static final String IDENTITY = "bench-controller";

  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path jar = Path.of(args.length > 1 ? args[1] : "target/lifeboat.jar");
    String maxRam = args.length > 2 ? args[2] : "384m";
    java.util.logging.LogManager.getLogManager().reset();
    Path dir = Files.createTempDirectory("lifeboat-scale");
    try (SandboxApiServer server = SandboxApiServer.start(dir, 0); KubernetesClient setup = server.newClient()) {
      SandboxCluster runner = SandboxCluster.start(server.newClient(), new dev.lifeboat.sandbox.SandboxPaths(dir), InstantPodExecutor.succeeding(), Clock.systemUTC(), dev.lifeboat.sandbox.SandboxNodes.DEFAULT);
      Path kubeconfig = dir.resolve("controller.kubeconfig");
      SandboxApiServer.writeKubeconfig(kubeconfig, server.url(), IDENTITY, "bench");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      command.addAll(imageJvmFlags());
      command.addAll(List.of("-XX:MaxRAM=" + maxRam, "-jar", jar.toString(),
          "--kubeconfig", kubeconfig.toString(), "reconcile", "--watch", "--all-namespaces"));
      System.out.println("controller: " + String.join(" ", command.subList(1, command.size())));
      ProcessBuilder launch = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("controller.log").toFile());
      launch.environment().putAll(imageEnvironment());
      Process controller = launch.start();
      try {
        Objects.boundPvc(setup, "bench", "data");
        Objects.repository(setup, "bench", "repo", "local:/tmp/bench", "pw");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!"Ready".equals(Objects.repositoryPhase(setup, "bench", "repo")) && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        Map<String, Long> before = server.audit().counts(IDENTITY);
        System.out.printf(Locale.ROOT, "controller up (pid %d), repository Ready; RSS %d MB; creating %d Backups%n",
            controller.pid(), rssMb(controller.pid(), "VmRSS"), n);
        try (PhaseLatch<Backup> ready = new PhaseLatch<>(setup, Backup.class, "bench", n,
            b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready)) {
          long start = System.nanoTime();
          ThroughputBench.createBackups(setup, n);
          long deadline = start + TimeUnit.MINUTES.toNanos(60);
          while (ready.reached() < n) {
            if (!controller.isAlive()) {
              throw new IllegalStateException("the controller exited (" + controller.exitValue() + "); see "
                  + dir.resolve("controller.log"));
            }
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("only " + ready.reached() + " of " + n + " Ready after 60 minutes");
            }
            Thread.sleep(10_000);
            System.out.printf(Locale.ROOT, "  %4.0fs: %d Ready; controller RSS %d MB (peak %d MB)%n",
                (System.nanoTime() - start) / 1e9, ready.reached(), rssMb(controller.pid(), "VmRSS"),
                rssMb(controller.pid(), "VmHWM"));
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          Map<String, Long> after = server.audit().counts(IDENTITY);
          long reads = 0;
          long writes = 0;
          List<String> lines = new ArrayList<>();
          for (var e : after.entrySet()) {
            long count = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (count == 0) {
              continue;
            }
            String verb = e.getKey().substring(0, e.getKey().indexOf(' '));
            if (verb.equals("get") || verb.equals("list")) {
              reads += count;
            } else if (!verb.equals("watch")) {
              writes += count;
            }
            lines.add(String.format(Locale.ROOT, "  %-32s %8d  (%.2f per backup)", e.getKey(), count, count / (double) n));
          }
          System.out.printf(Locale.ROOT, "%d Backups Ready in %.1f s (%.0f/s); controller: %.2f reads + %.2f writes per"
              + " backup (Events included); peak RSS %d MB (JVM sees %s of memory, the Deployment's limit)%n",
              n, seconds, n / seconds, reads / (double) n, writes / (double) n, rssMb(controller.pid(), "VmHWM"), maxRam);
          lines.forEach(System.out::println);
          // Where the memory is: the heap after a full collection (what the caches hold) and its biggest classes.
          System.out.println(jcmd(controller.pid(), "GC.class_histogram").lines().limit(15)
              .collect(java.util.stream.Collectors.joining("\n")));
          System.out.println(jcmd(controller.pid(), "GC.heap_info"));
        }
      } finally {
        controller.destroy();
        controller.waitFor(10, TimeUnit.SECONDS);
        runner.close();
      }
    }
  }

  private static final Path IMAGE_LAUNCHER = Path.of("packaging/lifeboat-image.sh");

  /** The JVM flags of the image's launcher (the Deployment's), but for its class-data archive, which only the image has. */
  static List<String> imageJvmFlags() throws java.io.IOException {
    String launcher = Files.readString(IMAGE_LAUNCHER).replace("\\\n", " ");
    String exec = launcher.lines().filter(l -> l.startsWith("exec java ")).findFirst().orElseThrow();
    List<String> flags = new ArrayList<>();
    for (String word : exec.split("\\s+")) {
      boolean archive = word.startsWith("-XX:SharedArchiveFile") || word.startsWith("-XX:ArchiveRelocationMode")
          || word.equals("-XX:+UnlockDiagnosticVMOptions");
      if (word.startsWith("-X") && !archive) {
        flags.add(word);
      }
    }
    return flags;
  }

  /** The environment the image's launcher exports (export NAME=value lines). */
  static Map<String, String> imageEnvironment() throws java.io.IOException {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(IMAGE_LAUNCHER)) {
      var m = java.util.regex.Pattern.compile("^export (\\w+)=(\\S+)$").matcher(line.trim());
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      }
    }
    return env;
  }

  /** jcmd's answer (the JDK's own tool, beside this java). */
  static String jcmd(long pid, String command) {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (java.io.IOException e) {
      return "jcmd " + command + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "jcmd " + command + ": interrupted";
    }
  }

  /** A field of /proc/PID/status in MB (VmRSS: now; VmHWM: the peak). */
  static long rssMb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
