package dev.lifeboat.sandbox;

import dev.lifeboat.install.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import java.lang.reflect.Field;

/**
 * The sandbox's Kubernetes API: fabric8's CRUD mock server on loopback (plain HTTP), with
 * lifeboat's CRDs installed. It keeps every request in a queue; a daemon thread drains it so
 * memory stays flat however long it runs.
 */
public final class SandboxApiServer implements AutoCloseable {
  /**
   * The mock web server logs every request at INFO: a tenth of the server's CPU under a controller, and a line per
   * request in every test's output. The request audit keeps what matters; a level set by the caller stays. Held
   * here because the logging framework keeps loggers only weakly (a level set on a dropped logger is lost).
   */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    if (MOCK_SERVER_LOG.getLevel() == null) {
      MOCK_SERVER_LOG.setLevel(Level.WARNING);
    }
  }

  private final KubernetesMockServer server;
  private final DiscoveryDispatcher dispatcher;
  private final Thread drainer;
  private GarbageCollector collector;
  private KubernetesClient execClient;

  private SandboxApiServer(KubernetesMockServer server, DiscoveryDispatcher dispatcher, MockWebServer web) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.drainer = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          web.takeRequest();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sandbox-request-drain");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Starts on 127.0.0.1:port (0 = any free port) and installs the CRDs. */
  public static SandboxApiServer start(Path logDir, int port) {
    StrictCrudDispatcher crud = new StrictCrudDispatcher();
    IndexedStore store = indexed(crud);
    MockWebServer web = new MockWebServer();
    DiscoveryDispatcher dispatcher = new DiscoveryDispatcher(crud, store, logDir, "127.0.0.1:" + port);
    HttpWatchStreams.install(web, dispatcher::tableOf);
    offerChannelV5();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    SandboxApiServer sandbox = new SandboxApiServer(server, dispatcher, web);
    sandbox.collector = new GarbageCollector(store, dev.lifeboat.api.ApiJson.client(new ConfigBuilder(
        sandbox.config()).withOauthToken(GarbageCollector.IDENTITY).build()));
    dispatcher.collector = sandbox.collector;
    sandbox.execClient = sandbox.newClient();
    sandbox.servePodExec(new SandboxPaths(logDir));
    try (KubernetesClient client = sandbox.newClient()) {
      for (CustomResourceDefinition crd : Crds.all()) {
        ServedVersions.contexts(crd).forEach(crud::expectCustomResource);
        crud.schemas.register(crd);
        dispatcher.versions.register(crd);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
      // The namespaces every cluster has are objects there: they can be labelled (Pod Security) and annotated.
      for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
            .withName(ns).addToLabels("kubernetes.io/metadata.name", ns).endMetadata().withNewStatus()
            .withPhase("Active").endStatus().build()).create();
      }
    }
    return sandbox;
  }

  /**
   * Puts an {@link IndexedStore} in place of the mock's own map (a final field, set once here, before
   * anything is stored): requests then cost the same with 10 or 10,000 objects of other kinds and names; and
   * {@link FieldAttributes} in place of its attribute extractor, for the field selectors a real server has.
   */
  private static IndexedStore indexed(KubernetesCrudDispatcher crud) {
    try {
      Field map = CrudDispatcher.class.getDeclaredField("map");
      map.setAccessible(true);
      IndexedStore store = new IndexedStore();
      map.set(crud, store);
      // Field selectors on more than metadata.name, as a real server has them (both fields hold the extractor).
      Field own = KubernetesCrudDispatcher.class.getDeclaredField("kubernetesAttributesExtractor");
      own.setAccessible(true);
      io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor was =
          (io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor) own.get(crud);
      Field processor = was.getClass().getDeclaredField("customResourceDefinitionProcessor");
      processor.setAccessible(true);
      FieldAttributes fields = new FieldAttributes();
      fields.setCustomResourceDefinitionProcessor(
          (io.fabric8.kubernetes.client.server.mock.CustomResourceDefinitionProcessor) processor.get(was));
      own.set(crud, fields);
      Field inherited = CrudDispatcher.class.getDeclaredField("attributeExtractor");
      inherited.setAccessible(true);
      inherited.set(crud, fields);
      return store;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("the sandbox's index does not fit this fabric8 mock server: " + e, e);
    }
  }

  /** {@code pods/exec} runs in pods whose volumes are under {@code paths} (by default the folder given to start). */
  public void servePodExec(SandboxPaths paths) {
    dispatcher.execs = new PodExecs(execClient, paths);
  }

  /**
   * kubectl (1.30+) asks for exec's WebSocket protocol {@code v5.channel.k8s.io} (v4 and a close channel for stdin);
   * the mock server negotiates v1 to v4 only. v5 takes v1's place in its list (read when the server starts).
   */
  private static void offerChannelV5() {
    try {
      Field protocols = MockWebServer.class.getDeclaredField("SUPPORTED_WEBSOCKET_SUB_PROTOCOLS");
      protocols.setAccessible(true);
      String[] offered = (String[]) protocols.get(null);
      if (!java.util.Arrays.asList(offered).contains("v5.channel.k8s.io")) {
        offered[0] = "v5.channel.k8s.io";
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("the sandbox's exec does not fit this fabric8 mock server: " + e, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public Config config() {
    return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
        .withRequestTimeout(30_000).withConnectionTimeout(5_000)
        // HTTP/2 over cleartext (h2c upgrade) against the mock server stalls now and then; 1.1 does not.
        .withHttp2Disable(true).build();
  }

  public KubernetesClient newClient() {
    return dev.lifeboat.api.ApiJson.client(config());
  }

  /** Requests served so far: [reads, writes, watches]. */
  public long[] requestCounts() {
    return new long[] {dispatcher.reads.get(), dispatcher.writes.get(), dispatcher.watches.get()};
  }

  /** Who asked for what: the RBAC audit. */
  public RequestAudit audit() {
    return dispatcher.audit;
  }

  /** A kubeconfig for the sandbox's administrator (token {@code sandbox}: the sandbox enforces no RBAC). */
  public void writeKubeconfig(Path file) throws IOException {
    writeKubeconfig(file, url(), "sandbox", "default");
  }

  /**
   * A kubeconfig that identifies its user by {@code token}, as the request audit records it: a pod's
   * is {@code system:serviceaccount:NS:SA}, as in a cluster; {@code namespace} is its current namespace
   * (a pod's own, as in a cluster).
   */
  public static void writeKubeconfig(Path file, String serverUrl, String token, String namespace) throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: lifeboat-sandbox
          cluster:
            server: %s
        contexts:
        - name: lifeboat-sandbox
          context:
            cluster: lifeboat-sandbox
            namespace: %s
            user: sandbox
        current-context: lifeboat-sandbox
        users:
        - name: sandbox
          user:
            token: %s
        """.formatted(serverUrl, namespace, token);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
  }

  @Override
  public void close() {
    if (collector != null) {
      collector.close();
    }
    if (execClient != null) {
      execClient.close();
    }
    drainer.interrupt();
    server.destroy();
  }
}
