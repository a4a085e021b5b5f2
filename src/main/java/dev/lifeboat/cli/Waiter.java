package dev.lifeboat.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.lifeboat.api.Durations;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;

/**
 * Waits on one object through a watch (no polling loop) until {@code outcome} says it is done.
 * The watch starts from the resourceVersion of a fresh GET, so no change between the two is lost.
 */
public final class Waiter {
  private static final Duration MAX_GRACE = Duration.ofMinutes(5);

  private Waiter() {}

  /**
   * How long {@code --wait} waits for an operation whose Jobs are bounded by {@code timeout} (null:
   * the default): the timeout itself plus as much again, at most 5 minutes, for the controller to
   * record the outcome, start applications again and run a cleanup.
   */
  public static Duration budget(Duration timeout) {
    Duration t = timeout == null ? Durations.DEFAULT_JOB_TIMEOUT : timeout;
    return t.plus(t.compareTo(MAX_GRACE) < 0 ? t : MAX_GRACE);
  }

  /**
   * @param outcome null while not done, else the exit code to finish with
   * @param onChange called with every version seen (for progress display)
   * @param err where to say that the command drives the object itself, or was interrupted
   */
  public static <T extends HasMetadata> int await(ClientCommand command, Class<T> kind, String namespace, String name,
      Duration timeout, Function<T, Integer> outcome, Consumer<T> onChange, PrintStream err) {
    KubernetesClient client = command.client();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    var resource = client.resources(kind).inNamespace(namespace).withName(name);
    // Ctrl-C ends the JVM with 130 (128 + SIGINT) without unwinding this method: say what that means.
    Thread onInterrupt = new Thread(() -> err.println("interrupted; " + kind.getSimpleName() + " " + name
        + " goes on in the cluster (lifeboat describe it to follow)"));
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try (SelfDriver driver = new SelfDriver(client, command.jobs(), namespace, kind.getSimpleName() + " " + name, err)) {
      T current = resource.get();
      if (current == null) {
        throw new UserException(ExitCodes.NOT_FOUND, kind.getSimpleName() + " " + name + " not found in namespace "
            + namespace);
      }
      onChange.accept(current);
      Integer early = outcome.apply(current);
      return early != null ? early : watch(client, kind, namespace, name, timeout, outcome, onChange, current, done);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting: the hook has run or is running
      }
    }
  }

  private static <T extends HasMetadata> int watch(KubernetesClient client, Class<T> kind, String namespace, String name,
      Duration timeout, Function<T, Integer> outcome, Consumer<T> onChange, T current, CompletableFuture<Integer> done) {
    try (Watch ignored = client.resources(kind).inNamespace(namespace).withName(name)
        .watch(new ListOptionsBuilder()
            .withResourceVersion(current.getMetadata().getResourceVersion()).build(), new Watcher<T>() {
          @Override
          public void eventReceived(Action action, T object) {
            if (action == Action.DELETED) {
              done.completeExceptionally(new UserException(ExitCodes.FAILED,
                  kind.getSimpleName() + " " + name + " was deleted while waiting"));
              return;
            }
            onChange.accept(object);
            Integer code = outcome.apply(object);
            if (code != null) {
              done.complete(code);
            }
          }

          @Override
          public void onClose(WatcherException cause) {
            done.completeExceptionally(new UserException(ExitCodes.API_ERROR,
                "lost the watch on " + kind.getSimpleName() + " " + name + ": " + cause.getMessage()));
          }
        })) {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new UserException(ExitCodes.TIMEOUT, "timed out after " + timeout.toSeconds() + "s waiting for "
          + kind.getSimpleName() + " " + name + "; it goes on in the cluster (lifeboat describe it to follow)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(ExitCodes.INTERRUPTED, "interrupted; " + kind.getSimpleName() + " " + name
          + " goes on in the cluster");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UserException user) {
        throw user;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
