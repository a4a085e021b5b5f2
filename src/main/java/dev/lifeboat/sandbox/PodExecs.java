package dev.lifeboat.sandbox;

import dev.lifeboat.FileTrees;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code pods/exec} for the pods the sandbox plays: the command runs as a local process in the container's file system
 * and identity, as a Job's container would ({@link ContainerRoot}: the pod's volumes at their mount paths), and talks
 * the kubelet's WebSocket protocol {@code v4.channel.k8s.io}: stdin on channel 0, stdout 1, stderr 2, and on channel
 * 3 the exit as a Status ({@code NonZeroExitCode} with the code as a cause), then the close. A closed stream ends the
 * process (a cluster's would go on; the sandbox does not leave strays). So fabric8's exec and {@code kubectl exec} work.
 */
final class PodExecs {
  private static final Logger LOG = Logger.getLogger(PodExecs.class.getName());
  private static final byte STDIN = 0;
  private static final byte STDOUT = 1;
  private static final byte STDERR = 2;
  private static final byte STATUS = 3;
  /** v5: the client has no more input. */
  private static final byte CLOSE = (byte) 255;
  private final KubernetesClient client;
  private final SandboxPaths paths;
  private final LocalProcessExecutor volumes;
  private final AtomicLong sessions = new AtomicLong();

  PodExecs(KubernetesClient client, SandboxPaths paths) {
    this.client = client;
    this.paths = paths;
    this.volumes = new LocalProcessExecutor(client, paths, LocalProcessExecutor.currentJvmCommand());
  }

  /**
   * The answer to an exec request: a WebSocket session. It runs on the server's event loop, so nothing here reads the
   * API (that would wait on this very loop): the session's own thread looks the pod up, and a refusal (no such pod or
   * container, a pod not running) comes as a Failure Status on channel 3, as the kubelet's does.
   */
  MockResponse open(String ns, String podName, String query) {
    Map<String, List<String>> params = parameters(query);
    List<String> command = params.getOrDefault("command", List.of());
    if (command.isEmpty()) {
      return status(400, "BadRequest", "you must specify at least 1 command");
    }
    String container = params.containsKey("container") ? params.get("container").get(0) : null;
    return new MockResponse().withWebSocketUpgrade(new Session(ns, podName, container, command));
  }

  /** Why no command may run in this pod's container now; null when it may. */
  private static String refusal(Pod pod, String podName, String wanted, Container container) {
    if (pod == null) {
      return "pods \"" + podName + "\" not found";
    }
    if (container == null) {
      return "container " + wanted + " is not valid for pod " + podName;
    }
    if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
      return "pod " + podName + " is not running (phase " + (pod.getStatus() == null ? null : pod.getStatus().getPhase())
          + "): cannot exec in it";
    }
    return null;
  }

  /** One exec: the process, its output pumped to the socket, its exit sent as a Status. */
  private final class Session extends WebSocketListener {
    private final String ns;
    private final String podName;
    private final String wanted;
    private final List<String> command;
    private Pod pod;
    private Container container;
    private volatile Process process;
    private volatile Path scratch;

    Session(String ns, String podName, String wanted, List<String> command) {
      this.ns = ns;
      this.podName = podName;
      this.wanted = wanted;
      this.command = command;
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
      Thread runner = new Thread(() -> run(socket), "sandbox-exec-" + podName);
      runner.setDaemon(true);
      runner.start();
    }

    private void run(WebSocket socket) {
      pod = client.pods().inNamespace(ns).withName(podName).get();
      container = pod == null ? null : wanted == null ? pod.getSpec().getContainers().get(0) : pod.getSpec()
          .getContainers().stream().filter(c -> wanted.equals(c.getName())).findFirst().orElse(null);
      String refused = refusal(pod, podName, wanted, container);
      if (refused != null) {
        send(socket, STATUS, ("{\"metadata\":{},\"status\":\"Failure\",\"message\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(refused) + ",\"reason\":\"BadRequest\",\"code\":400}")
            .getBytes(StandardCharsets.UTF_8));
        socket.close(1000, "");
        return;
      }
      int exit;
      try {
        process = start();
        Thread err = pump(process.getErrorStream(), socket, STDERR);
        pump(process.getInputStream(), socket, STDOUT).join();
        err.join();
        exit = process.waitFor();
      } catch (IOException e) {
        send(socket, STDERR, (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        exit = 126;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exit = 130;
      }
      send(socket, STATUS, (exit == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
          : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: " + exit
              + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
              + exit + "\"}]}}").getBytes(StandardCharsets.UTF_8));
      socket.close(1000, "");
      cleanUp();
    }

    private Process start() throws IOException {
      Path podDir = paths.podDir(ns, podName);
      Files.createDirectories(podDir);
      List<LocalProcessExecutor.LocalVolume> mounted = volumes.volumes(pod, container, podDir, ns);
      Map<String, String> env = new LinkedHashMap<>(PodEnvironment.resolve(client, ns, container));
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("HOSTNAME", podName);
      List<String> argv = new ArrayList<>();
      if (LocalProcessExecutor.isolated()) {
        ContainerIdentity identity = ContainerIdentity.of(pod, container);
        if (identity.refusal() != null) {
          throw new IOException(identity.refusal());
        }
        List<ContainerRoot.Mount> binds = new ArrayList<>();
        mounted.forEach(v -> binds.add(new ContainerRoot.Mount(v.mountPath(), v.source(), v.readOnly(), false)));
        scratch = podDir.resolve("exec-" + sessions.incrementAndGet());
        Files.createDirectories(scratch);
        argv.addAll(ContainerRoot.command(scratch, paths.root(), binds, new ArrayList<>(), identity,
            container.getWorkingDir(), podName, command));
      } else {
        Map<String, Path> at = new LinkedHashMap<>();
        mounted.forEach(v -> at.put(v.mountPath(), v.source()));
        command.forEach(arg -> argv.add(LocalProcessExecutor.mapPath(arg, at)));
        env.replaceAll((k, v) -> LocalProcessExecutor.mapPath(v, at));
      }
      ProcessBuilder builder = new ProcessBuilder(argv).directory(podDir.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      return builder.start();
    }

    @Override
    public void onMessage(WebSocket socket, byte[] bytes) {
      Process running = process;
      if (running != null && bytes.length > 1 && bytes[0] == CLOSE && bytes[1] == STDIN) {
        try {
          running.getOutputStream().close();
        } catch (IOException e) {
          // already closed
        }
        return;
      }
      if (running != null && bytes.length > 1 && bytes[0] == STDIN) {
        try {
          OutputStream in = running.getOutputStream();
          in.write(bytes, 1, bytes.length - 1);
          in.flush();
        } catch (IOException e) {
          // the process closed its input: what follows is not read, as in a container
        }
      }
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
      stop();
    }

    @Override
    public void onFailure(WebSocket socket, Throwable t, Response response) {
      stop();
    }

    private void stop() {
      Process running = process;
      if (running != null && running.isAlive()) {
        running.descendants().forEach(ProcessHandle::destroyForcibly);
        running.destroyForcibly();
      }
    }

    private void cleanUp() {
      Path dir = scratch;
      try {
        if (dir != null && Files.exists(dir)) {
          FileTrees.delete(dir);
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, "could not remove " + dir, e);
      }
    }
  }

  private static Thread pump(InputStream from, WebSocket socket, byte channel) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = from.read(buffer)) > 0; ) {
          send(socket, channel, java.util.Arrays.copyOf(buffer, n));
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "sandbox-exec-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void send(WebSocket socket, byte channel, byte[] data) {
    byte[] frame = new byte[data.length + 1];
    frame[0] = channel;
    System.arraycopy(data, 0, frame, 1, data.length);
    socket.send(frame);
  }

  private static Map<String, List<String>> parameters(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      params.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return params;
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(message) + ",\"reason\":\"" + reason + "\",\"code\":"
            + code + "}");
  }
}
