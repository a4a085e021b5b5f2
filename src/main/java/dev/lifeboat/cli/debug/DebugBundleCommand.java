package dev.lifeboat.cli.debug;

import dev.lifeboat.Version;
import dev.lifeboat.api.Labels;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.install.InstallOptions;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.jobs.RunLogs;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.lifecycle.ResticPin;
import dev.lifeboat.manager.ResticVersion;
import dev.lifeboat.output.Yaml;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lifeboat debug bundle [-n NS | -A] -o FILE.tar.gz}: lifeboat's objects, the Events about them and their Jobs,
 * the run logs kept beyond their Jobs, the controller's log, and the versions (lifeboat, restic, Kubernetes), in one
 * file to attach to a bug report. No Secret is read, and what a secret looks like in text (credentials in a URL,
 * {@code NAME=value} of a Secret's variable) is replaced; the file is written whole or not at all.
 */
@Command(name = "bundle", description = {"Write lifeboat's objects, their Events, the kept run logs, the controller's"
    + " log and the versions (lifeboat, restic, Kubernetes) to one .tar.gz for a bug report. No Secret is read;"
    + " credentials in URLs are redacted."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "2:bad flag, or FILE exists (--overwrite)",
        "5:the Kubernetes API could not be reached"})
public final class DebugBundleCommand extends ClientCommand {
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(://)[^/\\s:@\"']+:[^/\\s@\"']+@");
  /** The kinds whose Events the bundle takes besides lifeboat's own. */
  private static final Set<String> EVENT_KINDS = Set.of("Job", "Pod", "PersistentVolumeClaim", "CronJob");

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.tar.gz", description = "Where to write it.")
  Path output;

  @Option(names = "--overwrite", description = "Replace FILE when it exists (else: exit 2, nothing written).")
  boolean overwrite;

  @Override
  protected int run() throws Exception {
    if (!output.getFileName().toString().endsWith(".tar.gz") && !output.getFileName().toString().endsWith(".tgz")) {
      throw UserException.usage("-o " + output + ": name it FILE.tar.gz");
    }
    if (Files.exists(output) && !overwrite) {
      throw UserException.usage("-o " + output + " exists: pass --overwrite to replace it, or name another file");
    }
    Path dir = output.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw UserException.usage("-o " + output + ": the folder " + dir + " does not exist");
    }
    String ns = kube().allNamespaces ? null : namespace();
    Path partial = Files.createTempFile(dir, ".lifeboat-bundle-", ".part");
    int files;
    try (OutputStream file = Files.newOutputStream(partial);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      files = write(tar, ns);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out().println("wrote " + output + " (" + files + " files, " + Files.size(output) / 1024 + " KiB) from "
        + (ns == null ? "all namespaces" : "namespace " + ns) + "; no Secret was read");
    return ExitCodes.OK;
  }

  private int write(TarArchiveOutputStream tar, String ns) throws IOException {
    int files = 0;
    add(tar, "versions.txt", versions());
    files++;
    for (Kind<?> kind : Kinds.ALL) {
      List<? extends HasMetadata> items = ns == null ? client().resources(kind.type()).inAnyNamespace().list().getItems()
          : client().resources(kind.type()).inNamespace(ns).list().getItems();
      add(tar, "objects/" + kind.plural() + ".yaml", Yaml.MAPPER.writeValueAsString(items));
      files++;
    }
    List<Event> events = (ns == null ? client().v1().events().inAnyNamespace().list()
        : client().v1().events().inNamespace(ns).list()).getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && (String.valueOf(e.getInvolvedObject().getApiVersion())
            .startsWith(Labels.GROUP + "/") || EVENT_KINDS.contains(e.getInvolvedObject().getKind())))
        .toList();
    add(tar, "events.yaml", Yaml.MAPPER.writeValueAsString(events));
    files++;
    List<ConfigMap> kept = (ns == null ? client().configMaps().inAnyNamespace().withLabel(RunLogs.LABEL, "true").list()
        : client().configMaps().inNamespace(ns).withLabel(RunLogs.LABEL, "true").list()).getItems();
    for (ConfigMap map : kept) {
      String log = RunLogs.read(map);
      if (log != null) {
        add(tar, "run-logs/" + map.getMetadata().getNamespace() + "/" + map.getMetadata().getAnnotations()
            .getOrDefault(RunLogs.JOB_ANNOTATION, map.getMetadata().getName()) + ".log", log);
        files++;
      }
    }
    List<Pod> controllers = controllerPods();
    add(tar, "controller/log.txt", controllerLog(controllers));
    add(tar, "controller/metrics.txt", controllerMetrics(controllers));
    return files + 2;
  }

  private String versions() {
    String here = ResticVersion.installed();
    String kubernetes;
    try {
      var info = client().getKubernetesVersion();
      kubernetes = info.getGitVersion() + " (" + info.getPlatform() + ")";
    } catch (KubernetesClientException e) {
      kubernetes = "not known (" + e.getMessage() + ")";
    }
    return "lifeboat " + Version.get() + " (java " + System.getProperty("java.version") + ")\n"
        + "restic tested " + ResticPin.TESTED + "; on this machine: " + (here == null ? "not found" : here) + "\n"
        + "kubernetes " + kubernetes + "\n";
  }

  /** The installed controller's pods (in lifeboat's admin namespace), or none (not installed there, or not readable). */
  private List<Pod> controllerPods() {
    try {
      return client().pods().inNamespace(adminNamespace()).withLabel("app.kubernetes.io/name", InstallOptions.CONTROLLER)
          .list().getItems();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  private static String adminNamespace() {
    return JobSettings.defaults().tenancy().adminNamespace();
  }

  /** The leader's /metrics, through the API server's pod proxy (needs {@code get pods/proxy}). */
  private String controllerMetrics(List<Pod> pods) {
    StringBuilder text = new StringBuilder();
    for (Pod pod : pods) {
      text.append("==> pod ").append(pod.getMetadata().getName()).append(" <==\n");
      try {
        text.append(client().raw("/api/v1/namespaces/" + adminNamespace() + "/pods/" + pod.getMetadata().getName() + ":"
            + metricsPort(pod) + "/proxy/metrics")).append('\n');
      } catch (KubernetesClientException e) {
        text.append("not read (").append(e.getMessage()).append(")\n");
      }
    }
    return pods.isEmpty() ? "no controller pod in namespace " + adminNamespace() + "\n" : text.toString();
  }

  /** The port the pod serves /metrics on: its {@code --metrics-port} argument, as install sets it. */
  private static String metricsPort(Pod pod) {
    for (var container : pod.getSpec().getContainers()) {
      List<String> args = new java.util.ArrayList<>();
      if (container.getCommand() != null) {
        args.addAll(container.getCommand());
      }
      if (container.getArgs() != null) {
        args.addAll(container.getArgs());
      }
      int at = args.indexOf("--metrics-port");
      if (at >= 0 && at + 1 < args.size()) {
        return args.get(at + 1);
      }
    }
    return "8080";
  }

  /** The installed controller's pods' logs. */
  private String controllerLog(List<Pod> pods) {
    String ns = adminNamespace();
    try {
      if (pods.isEmpty()) {
        return "no controller pod in namespace " + ns + " (not installed there, or run elsewhere: a sandbox's"
            + " controller runs in its own process, 'lifeboat sandbox start' prints its log)\n";
      }
      StringBuilder text = new StringBuilder();
      for (Pod pod : pods) {
        text.append("==> pod ").append(pod.getMetadata().getName()).append(" <==\n");
        String log = client().pods().inNamespace(ns).withName(pod.getMetadata().getName()).tailingLines(20_000).getLog();
        text.append(log == null ? "" : log).append('\n');
      }
      return text.toString();
    } catch (KubernetesClientException e) {
      return "could not read the controller's log in namespace " + ns + ": " + e.getMessage() + "\n";
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, String text) throws IOException {
    byte[] bytes = URL_CREDENTIALS.matcher(text).replaceAll("$1[redacted]@").getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry("lifeboat-debug/" + name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
