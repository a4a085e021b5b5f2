package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.lang.management.ManagementFactory;

/**
 * Runs a pod's single container as a local process, as a kubelet would: environment resolved from
 * Secret refs, volumes mapped to local folders (a PVC to {@code DIR/pvc/<ns>/<claim>}, an emptyDir
 * to a folder of the pod), paths in arguments and environment rewritten from mount paths to those
 * folders, output to the pod's log file, and the termination message read from a file the
 * container writes (or, with FallbackToLogsOnError, the log's tail when it failed silently).
 * The command {@code lifeboat} means this very program.
 */
public final class LocalProcessExecutor implements PodExecutor {
  private static final int LOG_TAIL_BYTES = 2048;

  private final KubernetesClient client;
  private final SandboxPaths paths;
  private final List<String> lifeboatCommand;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final Map<String, String> extraEnv;

  public LocalProcessExecutor(KubernetesClient client, SandboxPaths paths, List<String> lifeboatCommand) {
    this(client, paths, lifeboatCommand, Map.of());
  }

  /** @param extraEnv added to every pod's environment (a node-level setting, e.g. LIFEBOAT_RESTIC) */
  public LocalProcessExecutor(KubernetesClient client, SandboxPaths paths, List<String> lifeboatCommand,
      Map<String, String> extraEnv) {
    this.client = client;
    this.paths = paths;
    this.lifeboatCommand = List.copyOf(lifeboatCommand);
    this.extraEnv = Map.copyOf(extraEnv);
  }

  /**
   * How to start this program again: the same java, class path and main class, and the same
   * class-data-sharing archive when this JVM has one (the launcher's), so pods start as fast as it did.
   */
  public static List<String> currentJvmCommand() {
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("lifeboat.classpath", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(javaBinary, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-Xlog:cds")
          || arg.equals("-XX:+UnlockDiagnosticVMOptions") || arg.startsWith("-XX:ArchiveRelocationMode=")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", classPath, "dev.lifeboat.Main"));
    return List.copyOf(command);
  }

  @Override
  public CompletableFuture<PodResult> start(Job job, Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String podName = pod.getMetadata().getName();
    Container container = pod.getSpec().getContainers().get(0);
    try {
      Path podDir = paths.podDir(ns, podName);
      Files.createDirectories(podDir);
      Map<String, Path> mounts = mounts(pod, container, podDir, ns);
      Path terminationLog = podDir.resolve("termination-log");
      // The container's own values see its mounts; what the sandbox adds (host paths) is left alone.
      Map<String, String> env = new LinkedHashMap<>(resolveEnv(ns, container));
      env.replaceAll((k, v) -> mapPath(v, mounts));
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      // The pod talks to the API as its ServiceAccount, as in a cluster: the sandbox's audit records it so.
      Path kubeconfig = podDir.resolve("kubeconfig");
      SandboxApiServer.writeKubeconfig(kubeconfig, client.getMasterUrl().toString().replaceAll("/+$", ""),
          serviceAccountToken(ns, pod), ns);
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("LIFEBOAT_TERMINATION_LOG", terminationLog.toString());
      env.put("LIFEBOAT_POD_NAME", podName);
      env.putAll(extraEnv);

      List<String> command = new ArrayList<>();
      List<String> declared = new ArrayList<>(container.getCommand() == null ? List.of() : container.getCommand());
      if (container.getArgs() != null) {
        declared.addAll(container.getArgs());
      }
      if (!declared.isEmpty() && "lifeboat".equals(declared.get(0))) {
        command.addAll(lifeboatCommand);
        declared.remove(0);
      }
      declared.forEach(arg -> command.add(mapPath(arg, mounts)));

      Path log = paths.podLog(ns, podName);
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).directory(podDir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      processes.put(ns + "/" + podName, process);
      return process.onExit().thenApply(p -> {
        processes.remove(ns + "/" + podName);
        return new PodResult(p.exitValue(), terminationMessage(terminationLog, log, p.exitValue(), container));
      });
    } catch (MissingSecretException e) {
      return CompletableFuture.completedFuture(new PodResult(1, "CreateContainerConfigError: " + e.getMessage()));
    } catch (IOException e) {
      return CompletableFuture.completedFuture(new PodResult(128, "could not start container: " + e.getMessage()));
    }
  }

  /** What a pod's ServiceAccount token stands for: {@code system:serviceaccount:NS:SA} ("default" when unset). */
  static String serviceAccountToken(String namespace, Pod pod) {
    String account = pod.getSpec().getServiceAccountName();
    return "system:serviceaccount:" + namespace + ":" + (account == null || account.isBlank() ? "default" : account);
  }

  @Override
  public void kill(String namespace, String podName) {
    Process process = processes.remove(namespace + "/" + podName);
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private Map<String, Path> mounts(Pod pod, Container container, Path podDir, String ns) throws IOException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
      Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
          .findFirst().orElseThrow(() -> new IOException("volume " + mount.getName() + " is not defined"));
      Path local;
      if (volume.getPersistentVolumeClaim() != null) {
        local = paths.pvc(ns, volume.getPersistentVolumeClaim().getClaimName());
        if (!Files.isDirectory(local)) {
          throw new IOException("PVC " + volume.getPersistentVolumeClaim().getClaimName() + " has no data folder " + local);
        }
      } else {
        local = podDir.resolve("volumes").resolve(volume.getName());
        Files.createDirectories(local);
      }
      mounts.put(mount.getMountPath(), local);
    }
    return mounts;
  }

  static String mapPath(String value, Map<String, Path> mounts) {
    if (value == null) {
      return null;
    }
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String mountPath = mount.getKey();
      if (value.equals(mountPath)) {
        return mount.getValue().toString();
      }
      if (value.startsWith(mountPath + "/")) {
        return mount.getValue() + value.substring(mountPath.length());
      }
    }
    return value;
  }

  private Map<String, String> resolveEnv(String ns, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
      if (from.getSecretRef() != null) {
        Secret secret = secret(ns, from.getSecretRef().getName());
        decoded(secret).forEach(env::put);
      }
    }
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
        String name = var.getValueFrom().getSecretKeyRef().getName();
        String key = var.getValueFrom().getSecretKeyRef().getKey();
        String value = decoded(secret(ns, name)).get(key);
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

  private Secret secret(String ns, String name) {
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

  private static String terminationMessage(Path terminationLog, Path log, int exitCode, Container container) {
    try {
      if (Files.exists(terminationLog) && Files.size(terminationLog) > 0) {
        return Files.readString(terminationLog).trim();
      }
      if (exitCode != 0 && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy()) && Files.exists(log)) {
        byte[] bytes = Files.readAllBytes(log);
        int from = Math.max(0, bytes.length - LOG_TAIL_BYTES);
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static final class MissingSecretException extends RuntimeException {
    MissingSecretException(String message) {
      super(message);
    }
  }
}
