package dev.lifeboat.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command run in a pod's container through {@code pods/exec} (a WebSocket), bounded in time, its output kept to its
 * last {@value #TAIL_BYTES} bytes. A command that outlives its time has its stream closed: Kubernetes does not stop a
 * process whose exec stream is gone, so a hook that may hang should bound itself too ({@code timeout 20 fsfreeze}).
 */
final class PodExec {
  static final int TAIL_BYTES = 4096;

  private PodExec() {}

  static ApiWriter.ExecResult run(KubernetesClient client, String namespace, String pod, String container,
      List<String> command, Duration timeout) {
    Tail tail = new Tail();
    long start = System.nanoTime();
    var target = client.pods().inNamespace(namespace).withName(pod);
    try (ExecWatch watch = (container == null ? target : target.inContainer(container))
        .writingOutput(tail).writingError(tail).exec(command.toArray(String[]::new))) {
      Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ApiWriter.ExecResult(code, tail.text(), code == null ? "ended without an exit code" : null, since(start));
    } catch (TimeoutException e) {
      return new ApiWriter.ExecResult(null, tail.text(), "did not end within " + timeout.toSeconds() + "s (its timeout)",
          since(start));
    } catch (ExecutionException | KubernetesClientException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return new ApiWriter.ExecResult(null, tail.text(), "could not be run: " + cause.getMessage(), since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ApiWriter.ExecResult(null, tail.text(), "interrupted", since(start));
    }
  }

  private static long since(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** The last bytes written, from any thread. */
  private static final class Tail extends OutputStream {
    private final byte[] ring = new byte[TAIL_BYTES];
    private long written;

    @Override
    public synchronized void write(int b) {
      ring[(int) (written++ % TAIL_BYTES)] = (byte) b;
    }

    synchronized String text() {
      int size = (int) Math.min(written, TAIL_BYTES);
      byte[] out = new byte[size];
      for (int i = 0; i < size; i++) {
        out[i] = ring[(int) ((written - size + i) % TAIL_BYTES)];
      }
      return new String(out, StandardCharsets.UTF_8);
    }
  }
}
