package dev.lifeboat.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller as the installed Deployment runs it: the Deployment's own arguments (its metrics port
 * swapped for a free one), in-process, against a kubeconfig of the caller's choosing (the
 * controller ServiceAccount's identity, for the request audit). Ready when {@code /readyz} says so.
 */
public final class InstalledController implements AutoCloseable {
  private final Thread thread;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private InstalledController(Thread thread, int port) {
    this.thread = thread;
    this.port = port;
  }

  public static InstalledController start(String kubeconfig, List<String> deploymentArgs) throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> args = new ArrayList<>(List.of("--kubeconfig", kubeconfig));
    for (int i = 0; i < deploymentArgs.size(); i++) {
      args.add(deploymentArgs.get(i));
      if (deploymentArgs.get(i).equals("--metrics-port")) {
        args.add(String.valueOf(port));
        i++;
      }
    }
    Thread thread = new Thread(() -> Cli.run(args.toArray(String[]::new)), "installed-controller");
    thread.start();
    InstalledController controller = new InstalledController(thread, port);
    Eventually.await(Duration.ofSeconds(60), "the installed controller is ready", () -> controller.status("/readyz") == 200);
    return controller;
  }

  /** The HTTP status of one of its endpoints, or -1 while it does not answer. */
  public int status(String path) {
    try {
      return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String metrics() throws Exception {
    return http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString()).body();
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(30_000);
  }
}
