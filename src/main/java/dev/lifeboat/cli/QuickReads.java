package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import java.io.File;

/**
 * GETs of lifeboat's own objects without building the fabric8 client, for the commands typed most
 * ({@code get}, a completion TAB). Building that client was most of their time: its kubeconfig
 * parsing loads ~500 model classes, and it sets up TLS and the JDK's HTTP client even for a
 * plain-HTTP server. Here: the kubeconfig read as YAML maps, one {@code HttpURLConnection}, the
 * answer read straight into the API classes. Only what this reads fully is done here (a server URL,
 * its CA or {@code insecure-skip-tls-verify}, a bearer token or token file, or nothing); anything
 * else (client certificates, exec and auth-provider plugins, in-cluster, several $KUBECONFIG files)
 * answers {@link Optional#empty()} and the command takes the fabric8 client as before.
 */
final class QuickReads {
  private static final ObjectMapper JSON = dev.lifeboat.api.ApiJson.configure(new ObjectMapper())
      .registerModule(new JavaTimeModule()); // a Lease's times are ZonedDateTime in fabric8's model
  private final String server;
  private final String namespace;
  private final String token;
  private final SSLContext tls;
  private final int connectMillis;
  private final int readMillis;

  private QuickReads(String server, String namespace, String token, SSLContext tls, int connectMillis,
      int readMillis) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.namespace = namespace;
    this.token = token;
    this.tls = tls;
    this.connectMillis = connectMillis;
    this.readMillis = readMillis;
  }

  /** The same reader with both timeouts at {@code millis} (a completion TAB must be quick or nothing). */
  QuickReads withTimeouts(int millis) {
    return new QuickReads(server, namespace, token, tls, millis, millis);
  }

  /** A reader for these flags, or empty when the kubeconfig needs more than this class does. */
  static Optional<QuickReads> from(KubeOptions options) {
    String file = options.kubeconfigFile();
    String env = System.getenv("KUBECONFIG");
    if (file == null) {
      Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
      file = Files.isReadable(home) ? home.toString() : null;
    }
    if (file == null || (options.kubeconfig == null && env != null && env.contains(File.pathSeparator))) {
      return Optional.empty();
    }
    try {
      return parse(Files.readString(Path.of(file)), options, Path.of(file).toAbsolutePath().getParent());
    } catch (IOException | RuntimeException | GeneralSecurityException e) {
      return Optional.empty(); // the fabric8 client reads it again and says what is wrong
    }
  }

  @SuppressWarnings("unchecked")
  static Optional<QuickReads> parse(String yaml, KubeOptions options, Path dir)
      throws IOException, GeneralSecurityException {
    Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(loaded instanceof Map<?, ?> config)) {
      return Optional.empty();
    }
    String contextName = options.context != null ? options.context : (String) config.get("current-context");
    Map<String, Object> context = named(config.get("contexts"), contextName, "context");
    if (context == null) {
      return Optional.empty(); // an unknown --context is refused by the full path, with the list of contexts
    }
    Map<String, Object> cluster = named(config.get("clusters"), (String) context.get("cluster"), "cluster");
    Map<String, Object> user = context.get("user") == null ? Map.of()
        : named(config.get("users"), (String) context.get("user"), "user");
    if (cluster == null || user == null || cluster.get("server") == null || cluster.containsKey("proxy-url")
        || cluster.containsKey("tls-server-name")) {
      return Optional.empty();
    }
    for (String key : user.keySet()) {
      if (!key.equals("token") && !key.equals("tokenFile")) {
        return Optional.empty(); // client certificates, exec and auth-provider plugins, basic auth: fabric8's job
      }
    }
    String token = (String) user.get("token");
    if (token == null && user.get("tokenFile") != null) {
      token = Files.readString(dir.resolve((String) user.get("tokenFile"))).trim();
    }
    String server = (String) cluster.get("server");
    SSLContext tls = null;
    if (server.startsWith("https://")) {
      if (Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"))) {
        return Optional.empty(); // rare, and fabric8's trust-all set-up is the one users know
      }
      byte[] ca = cluster.get("certificate-authority-data") != null
          ? Base64.getDecoder().decode(((String) cluster.get("certificate-authority-data")).trim())
          : cluster.get("certificate-authority") != null
              ? Files.readAllBytes(dir.resolve((String) cluster.get("certificate-authority"))) : null;
      tls = ca == null ? null : trusting(ca);
    } else if (!server.startsWith("http://")) {
      return Optional.empty();
    }
    String namespace = options.namespace != null ? options.namespace
        : context.get("namespace") != null ? (String) context.get("namespace") : "default";
    return Optional.of(new QuickReads(server, namespace, token, tls, 5_000, 30_000)); // the fabric8 client's
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> named(Object list, String name, String field) {
    if (!(list instanceof List<?> entries) || name == null) {
      return null;
    }
    for (Object entry : entries) {
      if (entry instanceof Map<?, ?> map && name.equals(map.get("name")) && map.get(field) instanceof Map<?, ?> value) {
        return (Map<String, Object>) value;
      }
    }
    return null;
  }

  private static SSLContext trusting(byte[] pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate certificate : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem))) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  String namespace() {
    return namespace;
  }

  String server() {
    return server;
  }

  /** One object, or null when the server says 404. */
  <T extends CustomResource<?, ?>> T get(Class<T> kind, String ns, String name) {
    JsonNode body = request(path(kind, ns) + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8), true);
    return body == null ? null : JSON.convertValue(body, kind);
  }

  /** Every object of the kind in {@code ns}, or in all namespaces for null. */
  <T extends CustomResource<?, ?>> List<T> list(Class<T> kind, String ns) {
    JsonNode body = request(path(kind, ns), false);
    List<T> items = new ArrayList<>();
    for (JsonNode item : body.path("items")) {
      items.add(JSON.convertValue(item, kind));
    }
    return items;
  }

  /** Runs a read; one that got no answer at all says where it looked, as the fabric8 path does. */
  <R> R answered(Supplier<R> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() <= 0) {
        throw ClientFactory.unreachable(server, e);
      }
      throw e;
    }
  }

  /** An object of any kind at its API path ("/api/v1/namespaces/NS/KIND/NAME"), or null when the server says 404. */
  <T> T object(String path, Class<T> type) {
    JsonNode body = request(path, true);
    return body == null ? null : JSON.convertValue(body, type);
  }

  /** The items of a list at its API path (with a query: "?labelSelector=..."). */
  <T> List<T> items(String path, Class<T> type) {
    List<T> items = new ArrayList<>();
    for (JsonNode item : request(path, false).path("items")) {
      items.add(JSON.convertValue(item, type));
    }
    return items;
  }

  /** The names of the kind's objects in {@code ns}, sorted: read from the JSON alone (no API class built). */
  List<String> names(Class<? extends CustomResource<?, ?>> kind, String ns) {
    List<String> names = new ArrayList<>();
    for (JsonNode item : request(path(kind, ns), false).path("items")) {
      names.add(item.path("metadata").path("name").asText());
    }
    names.sort(null);
    return names;
  }

  private static String path(Class<? extends CustomResource<?, ?>> kind, String ns) {
    String plural = HasMetadata.getPlural(kind);
    return "/apis/" + HasMetadata.getGroup(kind) + "/" + HasMetadata.getVersion(kind)
        + (ns == null ? "" : "/namespaces/" + URLEncoder.encode(ns, StandardCharsets.UTF_8)) + "/" + plural;
  }

  /**
   * The answer's JSON; null for a 404 when {@code notFoundIsNull}. A refusal becomes the same
   * exception the fabric8 client throws (so the CLI says the same words and exits with the same code);
   * no answer at all becomes one with code 0 ({@link ClientCommand} says where it looked).
   */
  private JsonNode request(String path, boolean notFoundIsNull) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) new URL(server + path).openConnection();
      if (connection instanceof HttpsURLConnection https && tls != null) {
        https.setSSLSocketFactory(tls.getSocketFactory());
      }
      connection.setConnectTimeout(connectMillis);
      connection.setReadTimeout(readMillis);
      connection.setRequestProperty("Accept", "application/json");
      if (token != null && !token.isEmpty()) {
        connection.setRequestProperty("Authorization", "Bearer " + token);
      }
      int code = connection.getResponseCode();
      if (code == 404 && notFoundIsNull) {
        return null;
      }
      if (code >= 200 && code < 300) {
        try (InputStream in = connection.getInputStream()) {
          return JSON.readTree(in);
        }
      }
      Status status;
      try (InputStream in = connection.getErrorStream()) {
        status = in == null ? null : JSON.readValue(in, Status.class);
      } catch (IOException unreadable) {
        status = null;
      }
      throw new KubernetesClientException(status != null && status.getMessage() != null ? status.getMessage()
          : "HTTP " + code, code, status);
    } catch (IOException e) {
      throw new KubernetesClientException(e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }
}
