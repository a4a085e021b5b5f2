package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which kubeconfigs the quick read path takes, and which it leaves to the fabric8 client. */
class QuickReadsTest {
  private static final Path DIR = Path.of("/nonexistent");

  private static String kubeconfig(String cluster, String user) {
    return """
        apiVersion: v1
        kind: Config
        current-context: one
        contexts:
        - name: one
          context: {cluster: c, user: u, namespace: team-a}
        - name: two
          context: {cluster: c, user: u}
        clusters:
        - name: c
          cluster: {%s}
        users:
        - name: u
          user: {%s}
        """.formatted(cluster, user);
  }

  private static KubeOptions options(String context, String namespace) {
    KubeOptions options = new KubeOptions();
    options.context = context;
    options.namespace = namespace;
    return options;
  }

  @Test
  void aPlainServerWithATokenIsReadQuicklyInTheContextsNamespace() throws Exception {
    var quick = QuickReads.parse(kubeconfig("server: 'http://127.0.0.1:6443'", "token: abc"), options(null, null), DIR);
    assertTrue(quick.isPresent());
    assertEquals("team-a", quick.get().namespace());
    assertEquals("http://127.0.0.1:6443", quick.get().server());
    assertEquals("ops", QuickReads.parse(kubeconfig("server: 'http://h'", "token: abc"), options(null, "ops"), DIR)
        .orElseThrow().namespace(), "-n wins");
    assertEquals("default", QuickReads.parse(kubeconfig("server: 'http://h'", ""), options("two", null), DIR)
        .orElseThrow().namespace(), "a context without a namespace: default, as kubectl");
  }

  @Test
  void whatOnlyTheFullClientDoesIsLeftToIt() throws Exception {
    String server = "server: 'https://h:6443'";
    for (String user : new String[] {"exec: {command: aws}", "client-certificate-data: eA==, client-key-data: eA==",
        "auth-provider: {name: oidc}", "username: a, password: b"}) {
      assertTrue(QuickReads.parse(kubeconfig(server, user), options(null, null), DIR).isEmpty(), user);
    }
    assertTrue(QuickReads.parse(kubeconfig(server + ", insecure-skip-tls-verify: true", "token: t"), options(null, null),
        DIR).isEmpty());
    assertTrue(QuickReads.parse(kubeconfig(server + ", proxy-url: 'http://proxy'", "token: t"), options(null, null),
        DIR).isEmpty());
    assertTrue(QuickReads.parse(kubeconfig(server, "token: t"), options("nope", null), DIR).isEmpty(),
        "an unknown --context goes to the full path, which refuses it and lists the contexts");
    assertTrue(QuickReads.parse("just text", options(null, null), DIR).isEmpty());
  }
}
