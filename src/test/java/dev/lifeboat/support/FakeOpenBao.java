package dev.lifeboat.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small local peer that imitates the parts of the OpenBao (and Vault) HTTP API lifeboat uses,
 * with the checks the real server makes:
 * <ul>
 *   <li>{@code GET /v1/sys/storage/raft/snapshot}: the raft state as an octet stream; 403 {@code
 *       {"errors":["permission denied"]}} without a valid {@code X-Vault-Token};</li>
 *   <li>{@code POST /v1/sys/storage/raft/snapshot-force}: replaces the state with the body, 204; the
 *       same token check; a body cut short is refused (the real server then fails to read the
 *       snapshot's archive);</li>
 *   <li>{@code POST /v1/auth/kubernetes/login} {@code {"role","jwt"}}: a client token for the one
 *       configured role and service-account JWT; 400 {@code invalid role name} / 403 otherwise.</li>
 * </ul>
 * No OpenBao binary is available here, so this is what the tests run against.
 */
public final class FakeOpenBao implements AutoCloseable {
  public static final String ROLE = "lifeboat-backup";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final String rootToken;
  private final String jwt;
  private final String k8sToken = "s.k8s-" + java.util.UUID.randomUUID();
  private volatile byte[] state;
  /** Set: snapshot-force waits for it before answering (a restore that takes time). */
  public volatile CountDownLatch holdRestore;
  public final AtomicInteger restores = new AtomicInteger();
  public final AtomicInteger snapshots = new AtomicInteger();

  public FakeOpenBao(String rootToken, String jwt, byte[] state) throws IOException {
    this(rootToken, jwt, state, null);
  }

  /** @param tls serve https with this context (a certificate for 127.0.0.1), or http when null */
  public FakeOpenBao(String rootToken, String jwt, byte[] state, javax.net.ssl.SSLContext tls) throws IOException {
    this.rootToken = rootToken;
    this.jwt = jwt;
    this.state = state;
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } else {
      com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
          new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/sys/storage/raft/snapshot", this::snapshot);
    server.createContext("/v1/sys/storage/raft/snapshot-force", this::snapshotForce);
    server.createContext("/v1/auth/kubernetes/login", this::login);
    server.start();
  }

  /**
   * A snapshot shaped like the real ones: a gzip'd tar archive of {@code meta.json} (with the raft
   * index and term) followed by {@code state.bin}.
   */
  public static byte[] raftArchive(long index, byte[] state) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
      byte[] meta = ("{\"Version\":1,\"ID\":\"3-" + index + "-1700000000000\",\"Index\":" + index
          + ",\"Term\":3,\"Size\":" + state.length + "}").getBytes(StandardCharsets.UTF_8);
      tarEntry(gzip, "meta.json", meta);
      tarEntry(gzip, "state.bin", state);
      gzip.write(new byte[1024]); // the archive's end: two empty blocks
    }
    return bytes.toByteArray();
  }

  private static void tarEntry(OutputStream out, String name, byte[] content) throws IOException {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 1700000000L));
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[155] = ' ';
    out.write(header);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  public String address() {
    return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:"
        + server.getAddress().getPort();
  }

  /**
   * A self-signed certificate for 127.0.0.1 made with the JDK's keytool: the server's TLS context and
   * the certificate as PEM (what a caSecretRef holds).
   */
  public record Tls(javax.net.ssl.SSLContext context, String caPem) {
    public static Tls selfSigned(java.nio.file.Path dir) throws Exception {
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Path store = dir.resolve("bao.p12");
      String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(keytool, "-genkeypair", "-alias", "bao", "-keyalg", "EC", "-dname", "CN=openbao.test", "-ext",
          "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
          "-storepass", "changeit", "-keypass", "changeit");
      String pem = run(keytool, "-exportcert", "-rfc", "-alias", "bao", "-keystore", store.toString(),
          "-storetype", "PKCS12", "-storepass", "changeit");
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      try (var in = java.nio.file.Files.newInputStream(store)) {
        ks.load(in, "changeit".toCharArray());
      }
      javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
          javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "changeit".toCharArray());
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return new Tls(context, pem);
    }

    private static String run(String... command) throws Exception {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + ": " + out);
      }
      return out;
    }
  }

  public byte[] state() {
    return state;
  }

  public void setState(byte[] state) {
    this.state = state;
  }

  private boolean authorized(HttpExchange exchange) {
    String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
    return token != null && (token.equals(rootToken) || token.equals(k8sToken));
  }

  private void snapshot(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/v1/sys/storage/raft/snapshot")
        || !exchange.getRequestMethod().equals("GET")) {
      error(exchange, 405, "unsupported operation");
      return;
    }
    if (!authorized(exchange)) {
      error(exchange, 403, "permission denied");
      return;
    }
    snapshots.incrementAndGet();
    byte[] bytes = state;
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, 0); // chunked, as the real server streams it
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < bytes.length; i += 8192) {
        out.write(bytes, i, Math.min(8192, bytes.length - i));
      }
    }
  }

  private void snapshotForce(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      error(exchange, 405, "unsupported operation");
      return;
    }
    if (!authorized(exchange)) {
      exchange.getRequestBody().readAllBytes();
      error(exchange, 403, "permission denied");
      return;
    }
    byte[] body;
    try {
      body = exchange.getRequestBody().readAllBytes();
    } catch (IOException e) {
      return; // a body cut short: nothing is applied
    }
    CountDownLatch hold = holdRestore;
    if (hold != null) {
      try {
        hold.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    state = body;
    restores.incrementAndGet();
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  private void login(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    if (!ROLE.equals(body.path("role").asText())) {
      error(exchange, 400, "invalid role name \"" + body.path("role").asText() + "\"");
      return;
    }
    if (!jwt.equals(body.path("jwt").asText())) {
      error(exchange, 403, "permission denied");
      return;
    }
    byte[] answer = JSON.createObjectNode().set("auth", JSON.createObjectNode().put("client_token", k8sToken)
        .put("lease_duration", 3600)).toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private static void error(HttpExchange exchange, int code, String message) throws IOException {
    byte[] answer = ("{\"errors\":[\"" + message.replace("\"", "\\\"") + "\"]}\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Override
  public void close() {
    CountDownLatch hold = holdRestore;
    if (hold != null) {
      hold.countDown();
    }
    server.stop(0);
  }
}
