package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker stops quietly when closed mid-request, and only then: a timeout is retried like any failure. */
class WorkerStopTest {
  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void aRequestCutShortByCloseIsAStopNotAFailure() {
    InterruptedIOException cut = new InterruptedIOException();
    cut.initCause(new InterruptedException());
    assertTrue(WatchController.stoppedDuring(new KubernetesClientException("patch failed", cut)));
    assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the worker's loop");
  }

  @Test
  void aTimeoutIsAFailureToRetry() {
    assertFalse(WatchController.stoppedDuring(new KubernetesClientException("read timed out",
        new SocketTimeoutException("Read timed out"))), "a SocketTimeoutException is an InterruptedIOException too");
    assertFalse(WatchController.stoppedDuring(new IllegalStateException("conflict")));
  }
}
