package dev.lifeboat.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat __complete KIND [WORD...]}: the names of KIND in the namespace, one per line, for
 * the shell completion (bash and zsh call it on TAB after {@code backup describe} and the like). The
 * words of the command line give --kubeconfig, --context and -n. Quick or nothing: 2 s to connect,
 * 2 s for the answer, and any failure prints nothing (a TAB must never print an error).
 */
@Command(name = "__complete", hidden = true, description = "Names of a kind, for shell completion.")
public final class CompleteNamesCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KIND")
  String kind;

  @Parameters(index = "1..*", paramLabel = "WORD")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() {
    try {
      KubeOptions options = fromWords(words);
      var quick = QuickReads.from(options);
      if (quick.isPresent()) {
        quick.get().withTimeouts(2_000).names(KindNames.find(kind).type(), quick.get().namespace())
            .forEach(System.out::println);
        return ExitCodes.OK;
      }
      Config config = new ConfigBuilder(ClientFactory.config(options)).withConnectionTimeout(2_000)
          .withRequestTimeout(2_000).withRequestRetryBackoffLimit(0).build();
      try (KubernetesClient client = dev.lifeboat.api.ApiJson.client(config)) {
        List<? extends HasMetadata> items = client.resources(KindNames.find(kind).type()).inNamespace(config.getNamespace())
            .list().getItems();
        items.stream().map(o -> o.getMetadata().getName()).sorted().forEach(System.out::println);
      }
    } catch (RuntimeException e) {
      // no candidates: the cluster is unreachable, the kubeconfig unusable, the kind unknown
    }
    return ExitCodes.OK;
  }

  /** --kubeconfig, --context and -n/--namespace as the user typed them on the line being completed. */
  static KubeOptions fromWords(List<String> words) {
    KubeOptions options = new KubeOptions();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      String next = i + 1 < words.size() ? words.get(i + 1) : null;
      String[] inline = word.split("=", 2);
      String value = inline.length == 2 ? inline[1] : next;
      switch (inline[0]) {
        case "--kubeconfig" -> options.kubeconfig = value;
        case "--context" -> options.context = value;
        case "-n", "--namespace" -> options.namespace = value;
        default -> { }
      }
    }
    return options;
  }
}
