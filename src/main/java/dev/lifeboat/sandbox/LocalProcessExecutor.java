package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.lang.management.ManagementFactory;
import java.util.logging.Logger;

/**
 * Runs each container of a pod as a local process, as a kubelet and a container runtime would: environment resolved
 * from Secret refs; volumes as local folders (a PVC is {@code DIR/pvc/<ns>/<claim>}, an emptyDir or a Secret a folder
 * of the pod), with the pod's {@code fsGroup} applied to them ({@link VolumeOwnership}); the process in its own mount
 * namespace with each volume at its {@code mountPath} ({@link ContainerRoot}), as the user, groups and capabilities
 * its securityContext says ({@link ContainerIdentity}); output to the pod's log file, and the termination message read
 * from the file the container writes (or, with FallbackToLogsOnError, the log's tail when it failed silently). The
 * command {@code lifeboat} means this very program.
 *
 * <p>Where the sandbox cannot do that (it does not run as root), every process runs as the sandbox's user, with the
 * paths in its arguments and environment rewritten from mount paths to the folders; a warning says so once.
 */
public final class LocalProcessExecutor implements PodExecutor {
  private static final int LOG_TAIL_BYTES = 2048;

  private final KubernetesClient client;
  private final SandboxPaths paths;
  private final List<String> lifeboatCommand;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final Map<String, String> extraEnv;
  private static final Logger LOG = Logger.getLogger(LocalProcessExecutor.class.getName());
  /** Where a pod finds its ServiceAccount's kubeconfig. */
  static final String ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static volatile Boolean isolation;

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

  /**
   * Every container of the pod at once, each its own process: native sidecars (init containers with restartPolicy
   * Always) first, then the containers. The pod ends when all containers have, and its sidecars are stopped then, as
   * the kubelet does. Its result is the first container's (lifeboat's, whose termination message the controller
   * reads), or another container's failure when that one succeeded, as a Job's pod fails when any container does.
   */
  @Override
  public CompletableFuture<PodResult> start(Job job, Pod pod) {
    List<Container> containers = pod.getSpec().getContainers();
    String sidecarPrefix = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/";
    List<String> sidecars = new ArrayList<>();
    for (Container init : pod.getSpec().getInitContainers() == null ? List.<Container>of() : pod.getSpec().getInitContainers()) {
      if ("Always".equals(init.getRestartPolicy())) {
        startContainer(pod, init, false);
        sidecars.add(sidecarPrefix + init.getName());
      }
    }
    List<CompletableFuture<PodResult>> each = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      each.add(startContainer(pod, containers.get(i), i == 0));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
      for (String sidecar : sidecars) {
        Process process = processes.remove(sidecar);
        if (process != null) {
          process.descendants().forEach(ProcessHandle::destroy);
          process.destroy();
        }
      }
      PodResult main = each.get(0).join();
      for (int i = 1; i < each.size() && main.exitCode() == 0; i++) {
        PodResult other = each.get(i).join();
        if (other.exitCode() != 0) {
          return new PodResult(other.exitCode(), "container " + containers.get(i).getName() + " failed: "
              + other.terminationMessage());
        }
      }
      return main;
    });
  }

  private CompletableFuture<PodResult> startContainer(Pod pod, Container container, boolean main) {
    String ns = pod.getMetadata().getNamespace();
    String podName = pod.getMetadata().getName();
    String suffix = main ? "" : "-" + container.getName();
    String processKey = ns + "/" + podName + "/" + container.getName();
    ContainerIdentity identity = ContainerIdentity.of(pod, container);
    boolean isolated = isolated();
    if (isolated && identity.refusal() != null) {
      return CompletableFuture.completedFuture(new PodResult(1, "CreateContainerConfigError: " + identity.refusal()));
    }
    try {
      Path podDir = paths.podDir(ns, podName);
      Files.createDirectories(podDir);
      List<LocalVolume> volumes = volumes(pod, container, podDir, ns);
      Map<String, Path> mounts = new LinkedHashMap<>();
      volumes.forEach(v -> mounts.put(v.mountPath(), v.source()));
      if (isolated) {
        applyFsGroup(pod, volumes);
      }
      Path terminationLog = podDir.resolve("termination-log" + suffix);
      Files.writeString(terminationLog, "");
      Path accountDir = podDir.resolve("serviceaccount");
      Files.createDirectories(accountDir);
      // The pod talks to the API as its ServiceAccount, as in a cluster: the sandbox's audit records it so.
      Path kubeconfig = accountDir.resolve("kubeconfig");
      SandboxApiServer.writeKubeconfig(kubeconfig, client.getMasterUrl().toString().replaceAll("/+$", ""),
          serviceAccountToken(ns, pod), ns);
      Map<String, String> env = new LinkedHashMap<>(PodEnvironment.resolve(client, ns, container));
      if (!isolated) {
        // The container's own values see its mounts; what the sandbox adds (host paths) is left alone.
        env.replaceAll((k, v) -> mapPath(v, mounts));
      }
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      String messagePath = container.getTerminationMessagePath() == null ? "/dev/termination-log"
          : container.getTerminationMessagePath();
      boolean ownAccountMount = container.getVolumeMounts() != null && container.getVolumeMounts().stream()
          .anyMatch(m -> ACCOUNT_MOUNT.equals(m.getMountPath()));
      if (!ownAccountMount) { // a container that covers the account's folder gets no credentials (CommandContainer)
        env.put("KUBECONFIG", isolated ? ACCOUNT_MOUNT + "/kubeconfig" : kubeconfig.toString());
      }
      env.put("LIFEBOAT_TERMINATION_LOG", isolated ? messagePath : terminationLog.toString());
      env.put("LIFEBOAT_POD_NAME", podName);
      env.putAll(extraEnv);
      Path repository = SharedRepositories.localPath(env.get("RESTIC_REPOSITORY"));

      List<String> command = new ArrayList<>();
      List<String> declared = new ArrayList<>(container.getCommand() == null ? List.of() : container.getCommand());
      if (container.getArgs() != null) {
        declared.addAll(container.getArgs());
      }
      if (!declared.isEmpty() && "lifeboat".equals(declared.get(0))) {
        command.addAll(lifeboatCommand);
        declared.remove(0);
      }
      // The program the "image" must hold: this program's JVM command, or the container's executable. Its arguments
      // are the container's own paths, not the host's.
      List<String> program = List.copyOf(command.isEmpty() && !declared.isEmpty() ? declared.subList(0, 1) : command);
      declared.forEach(arg -> command.add(isolated ? arg : mapPath(arg, mounts)));
      if (isolated) {
        List<ContainerRoot.Mount> binds = new ArrayList<>();
        volumes.forEach(v -> binds.add(new ContainerRoot.Mount(v.mountPath(), v.source(), v.readOnly(), false)));
        binds.add(new ContainerRoot.Mount(messagePath, terminationLog, false, true));
        if (volumes.stream().noneMatch(v -> v.mountPath().equals(ACCOUNT_MOUNT))) {
          // As the kubelet: the account's token goes where the container has no mount of its own.
          binds.add(new ContainerRoot.Mount(ACCOUNT_MOUNT, accountDir, true, false));
        }
        List<Path> image = ImagePaths.of(program, extraEnv);
        if (repository != null) {
          SharedRepositories.prepare(repository);
          // Its folder's parent, so restic may create and a deletion remove the folder itself (the sandbox's own
          // folder stays hidden under it: ContainerRoot covers it again).
          binds.add(new ContainerRoot.Mount(repository.getParent().toString(), repository.getParent(), false, false));
          image.add(repository.getParent());
          if (repository.startsWith(paths.root())) {
            binds.add(new ContainerRoot.Mount(repository.toString(), repository, false, false));
          }
          identity = identity.withGroup(SharedRepositories.GROUP);
        }
        // Every identity may read its kubeconfig and write its termination message, as the kubelet makes them.
        Files.setAttribute(terminationLog, "unix:mode", 0666);
        Files.setAttribute(accountDir, "unix:mode", 0755);
        Files.setAttribute(kubeconfig, "unix:mode", 0644);
        Path scratch = podDir.resolve("container" + suffix);
        Files.createDirectories(scratch);
        List<String> wrapped = ContainerRoot.command(scratch, paths.root(), binds, image, identity,
            container.getWorkingDir(), podName, command);
        command.clear();
        command.addAll(wrapped);
      }

      Path log = paths.podLog(ns, podName);
      if (!main) {
        log = log.resolveSibling(log.getFileName() + "." + container.getName());
      }
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).directory(podDir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      processes.put(processKey, process);
      Path logFile = log;
      return process.onExit().thenApply(p -> {
        processes.remove(processKey);
        if (repository != null && isolated) {
          try {
            SharedRepositories.share(repository); // what restic init wrote for its user alone
          } catch (IOException e) {
            LOG.warning("sandbox could not share repository " + repository + ": " + e.getMessage());
          }
        }
        return new PodResult(p.exitValue(), terminationMessage(terminationLog, logFile, p.exitValue(), container));
      });
    } catch (PodEnvironment.MissingSecretException e) {
      return CompletableFuture.completedFuture(new PodResult(1, "CreateContainerConfigError: " + e.getMessage()));
    } catch (IOException e) {
      return CompletableFuture.completedFuture(new PodResult(128, "could not start container: " + e.getMessage()));
    }
  }

  /** The kubelet's fsGroup on the pod's volumes that support it (see {@link VolumeOwnership}). */
  private static void applyFsGroup(Pod pod, List<LocalVolume> volumes) throws IOException {
    var context = pod.getSpec().getSecurityContext();
    if (context == null || context.getFsGroup() == null) {
      return;
    }
    for (LocalVolume volume : volumes) {
      if (volume.ownershipManaged()) {
        VolumeOwnership.apply(volume.source(), context.getFsGroup(), false, context.getFsGroupChangePolicy());
      }
    }
  }

  /** Whether this host can run each container as its pod says (root, with mount namespaces): checked once. */
  public static boolean isolated() {
    Boolean known = isolation;
    if (known == null) {
      known = "root".equals(System.getProperty("user.name")) && !"off".equals(System.getenv("LIFEBOAT_SANDBOX_ISOLATION"))
          && works("unshare", "--mount", "--propagation", "private", "--", "setpriv", "--reuid", "65534", "--clear-groups",
              "true");
      if (!known) {
        LOG.warning("the sandbox cannot run pods as their securityContext says (it needs root, unshare and setpriv):"
            + " every pod's process runs as " + System.getProperty("user.name") + ", seeing the sandbox's folders");
      }
      isolation = known;
    }
    return known;
  }

  private static boolean works(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What a pod's ServiceAccount token stands for: {@code system:serviceaccount:NS:SA} ("default" when unset). */
  static String serviceAccountToken(String namespace, Pod pod) {
    String account = pod.getSpec().getServiceAccountName();
    return "system:serviceaccount:" + namespace + ":" + (account == null || account.isBlank() ? "default" : account);
  }

  @Override
  public void kill(String namespace, String podName) {
    String prefix = namespace + "/" + podName + "/";
    for (String key : List.copyOf(processes.keySet())) {
      Process process = key.startsWith(prefix) ? processes.remove(key) : null;
      if (process != null) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  /** A volume of the container, as a folder of the host. */
  record LocalVolume(String mountPath, Path source, boolean readOnly, boolean ownershipManaged) {}

  List<LocalVolume> volumes(Pod pod, Container container, Path podDir, String ns) throws IOException {
    List<LocalVolume> mounts = new ArrayList<>();
    for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
      Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
          .findFirst().orElseThrow(() -> new IOException("volume " + mount.getName() + " is not defined"));
      boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
      if (volume.getPersistentVolumeClaim() != null) {
        Path local = paths.pvc(ns, volume.getPersistentVolumeClaim().getClaimName());
        if (!Files.isDirectory(local)) {
          throw new IOException("PVC " + volume.getPersistentVolumeClaim().getClaimName() + " has no data folder " + local);
        }
        // As a CSI driver with fsGroupPolicy File: a volume mounted read-only keeps its owners.
        boolean volumeReadOnly = Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly());
        mounts.add(new LocalVolume(mount.getMountPath(), local, readOnly || volumeReadOnly, !volumeReadOnly));
      } else {
        Path local = podDir.resolve("volumes").resolve(volume.getName());
        if (!Files.isDirectory(local)) {
          Files.createDirectories(local);
          Files.setAttribute(local, "unix:mode", 0777); // the kubelet's emptyDir: any user of the pod may write
          if (volume.getSecret() != null) {
            SecretFiles.write(client, ns, volume.getSecret(), local);
          }
        }
        mounts.add(new LocalVolume(mount.getMountPath(), local, readOnly || volume.getSecret() != null,
            volume.getEmptyDir() != null));
      }
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
}
