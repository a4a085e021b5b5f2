package dev.lifeboat.manager.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.OpenBaoSource;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import dev.lifeboat.jobs.SourceEnvironment;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenBao / Vault integrated storage: {@code GET /v1/sys/storage/raft/snapshot} as a producer,
 * {@code POST /v1/sys/storage/raft/snapshot-force} as a consumer, both streamed. The token comes from
 * the environment (a Secret ref) or from a kubernetes-auth login with the pod's service-account
 * token; it never reaches a log or a message.
 */
public final class OpenBaoStreams {
  /** Where Kubernetes mounts the pod's service-account token. */
  static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private final OpenBaoSource source;
  private final HttpClient http;
  private final String base;
  private final String token;

  private OpenBaoStreams(OpenBaoSource source, HttpClient http, String token) {
    this.source = source;
    this.http = http;
    this.base = source.address.replaceAll("/+$", "");
    this.token = token;
  }

  /** Connects and authenticates: a refused login ends here, with the server's words. */
  public static OpenBaoStreams connect(OpenBaoSource source, Map<String, String> env)
      throws Producer.StartException, InterruptedException {
    HttpClient http = client(env.get(SourceEnvironment.OPENBAO_CA));
    OpenBaoStreams partial = new OpenBaoStreams(source, http, null);
    String token = env.get(SourceEnvironment.OPENBAO_TOKEN);
    if (source.kubernetes != null) {
      token = partial.login(env.getOrDefault("LIFEBOAT_SA_TOKEN_FILE", SERVICE_ACCOUNT_TOKEN));
    } else if (token == null || token.isBlank()) {
      throw new Producer.StartException("no OpenBao token: the Job has no " + SourceEnvironment.OPENBAO_TOKEN
          + " (check tokenSecretRef)");
    }
    return new OpenBaoStreams(source, http, token.strip());
  }

  private String login(String jwtFile) throws Producer.StartException, InterruptedException {
    String jwt;
    try {
      jwt = Files.readString(Path.of(jwtFile)).strip();
    } catch (IOException e) {
      throw new Producer.StartException("kubernetes auth needs the pod's service-account token at " + jwtFile
          + " (automountServiceAccountToken off?)");
    }
    String mount = source.kubernetes.mountPathOrDefault();
    String body = JSON.createObjectNode().put("role", source.kubernetes.role).put("jwt", jwt).toString();
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v1/auth/" + mount + "/login"))
        .timeout(CONNECT_TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    if (response.statusCode() != 200) {
      throw new Producer.StartException("kubernetes auth login at auth/" + mount + " as role " + source.kubernetes.role
          + " refused (HTTP " + response.statusCode() + "): " + errors(response.body()));
    }
    try {
      String clientToken = JSON.readTree(response.body()).path("auth").path("client_token").asText("");
      if (clientToken.isEmpty()) {
        throw new Producer.StartException("kubernetes auth login answered without auth.client_token");
      }
      return clientToken;
    } catch (IOException e) {
      throw new Producer.StartException("kubernetes auth login answered with something that is not JSON");
    }
  }

  /** The raft snapshot, streamed as the server sends it. */
  public Producer snapshot() throws Producer.StartException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/sys/storage/raft/snapshot"))
        .header("X-Vault-Token", token).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new Producer.StartException("cannot reach OpenBao at " + base + ": " + describe(e));
    }
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "";
      }
      throw new Producer.StartException("OpenBao refused the raft snapshot (HTTP " + response.statusCode() + "): "
          + errors(body));
    }
    RaftMeta.HeadCapture body = new RaftMeta.HeadCapture(response.body());
    return new Producer() {
      @Override
      public InputStream output() {
        return body;
      }

      @Override
      public Map<String, Long> details() {
        Long index = RaftMeta.index(body.head());
        return index == null ? Map.of() : Map.of("raftIndex", index);
      }

      @Override
      public String finish() {
        return null; // a body cut short fails the read itself, which fails the backup
      }

      @Override
      public void kill() {
        try {
          body.close();
        } catch (IOException ignored) {
          // closing is all we wanted
        }
      }
    };
  }

  /** Uploads what is written to {@link Consumer#input()} as the new raft state (snapshot-force). */
  public Consumer forceRestore() throws Producer.StartException {
    PipedInputStream pipeIn = new PipedInputStream(1 << 16);
    PipedOutputStream pipeOut;
    try {
      pipeOut = new PipedOutputStream(pipeIn);
    } catch (IOException e) {
      throw new Producer.StartException("cannot set up the upload: " + e.getMessage());
    }
    boolean[] cut = {false};
    // A stream that was cut must not look complete to the server: its end then fails the upload.
    InputStream guarded = new FilterInputStream(pipeIn) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && cut[0]) {
          throw new IOException("the snapshot stream was cut");
        }
        return n;
      }
    };
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/sys/storage/raft/snapshot-force"))
        .header("X-Vault-Token", token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> guarded)).build();
    CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    return new Consumer() {
      @Override
      public OutputStream input() {
        return pipeOut;
      }

      @Override
      public String finish() throws InterruptedException {
        try {
          HttpResponse<String> r = response.get();
          if (r.statusCode() == 200 || r.statusCode() == 204) {
            return cut[0] ? "the snapshot stream was cut" : null;
          }
          return "OpenBao refused the raft snapshot (HTTP " + r.statusCode() + "): " + errors(r.body());
        } catch (ExecutionException e) {
          return cut[0] ? "the snapshot stream was cut; OpenBao was sent an incomplete upload, which it rejects"
              : "upload to OpenBao at " + base + " failed: " + describe(e.getCause());
        }
      }

      @Override
      public void kill() {
        cut[0] = true;
        try {
          pipeOut.close();
        } catch (IOException ignored) {
          // the reader sees the end and fails the upload
        }
      }

      @Override
      public String successNote() {
        return "OpenBao replaced its state with the snapshot; it may now be sealed: unseal it with the unseal keys"
            + " of the cluster the snapshot came from";
      }
    };
  }

  private HttpResponse<String> send(HttpRequest request) throws Producer.StartException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Producer.StartException("cannot reach OpenBao at " + base + ": " + describe(e));
    }
  }

  /** The server's {@code {"errors": [...]}}, joined; else the body's start. */
  static String errors(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        List<String> all = new ArrayList<>();
        errors.forEach(e -> all.add(e.asText()));
        return String.join("; ", all);
      }
    } catch (IOException | RuntimeException ignored) {
      // not JSON
    }
    String trimmed = body == null ? "" : body.strip();
    return trimmed.isEmpty() ? "no message" : trimmed.substring(0, Math.min(200, trimmed.length()));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static HttpClient client(String caPem) throws Producer.StartException {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1);
    if (caPem != null && !caPem.isBlank()) {
      try {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
          trust.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        builder.sslContext(context);
      } catch (GeneralSecurityException | IOException e) {
        throw new Producer.StartException("the CA certificate from caSecretRef is not PEM X.509: " + e.getMessage());
      }
    }
    return builder.build();
  }
}
