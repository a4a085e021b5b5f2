package dev.lifeboat;

/** The {@code lifeboat} binary. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // picocli looks for Groovy's Closure class on start; the miss opens every jar of the class path (~30 ms).
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    int code = dev.lifeboat.cli.Main.execute(args, System.out, System.err);
    stopIdleHttpSelectors();
    System.exit(code);
  }

  /**
   * The JDK's HTTP client (JDK 17 has no close()) leaves its selector thread in a native epoll wait
   * after fabric8's client is closed, and the JVM's exit waits 300 ms for every thread in native
   * code before it gives up on it: a third of a short command's time. The command is done and its
   * clients closed, so their selectors are told to stop (an interrupt ends the selector's loop).
   */
  private static void stopIdleHttpSelectors() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("HttpClient-") && thread.getName().endsWith("-SelectorManager")) {
        thread.interrupt();
        try {
          thread.join(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
