package dev.lifeboat.manager.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.ArrayList;

/**
 * A program at one end of a stream: its stdout is a backup ({@link Producer}) or its stdin a
 * restore ({@link Consumer}). Its stderr goes to the pod's log, and the last lines are kept for the
 * failure message; lines the caller counts (pg_dump's "dumping contents of table") are counted, not logged.
 */
public final class ProcessStream implements Producer, Consumer {
  /**
   * {@code setpriv --pdeathsig KILL --}: a child (restic, a dump tool) dies with the JVM that feeds it. Without it, a manager
   * killed mid-stream (the OOM killer picks the JVM) closes restic's stdin, restic sees a clean end of
   * input and commits a snapshot of the partial stream. null when setpriv (util-linux) is missing.
   */
  public static final List<String> DIE_WITH_PARENT = findSetpriv();

  private static List<String> findSetpriv() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setpriv"))) {
        return List.of(Path.of(dir, "setpriv").toString(), "--pdeathsig", "KILL", "--");
      }
    }
    return null;
  }

  private static final int ERR_LINES_KEPT = 6;
  private final String what;
  private final Process process;
  private final Deque<String> lastErr = new ArrayDeque<>();
  private final AtomicLong counted = new AtomicLong();
  private final String countedAs;
  private final CompletableFuture<Void> errReader;
  private volatile boolean killed;

  private ProcessStream(String what, Process process, Predicate<String> count, String countedAs) {
    this.what = what;
    this.process = process;
    this.countedAs = countedAs;
    this.errReader = CompletableFuture.runAsync(() -> readErr(count));
  }

  /** Starts {@code command}; {@code what} names it in messages ("pg_dump"). */
  public static ProcessStream start(String what, List<String> command, Map<String, String> env,
      Predicate<String> count, String countedAs) throws Producer.StartException {
    return start(what, command, env, count, countedAs, false);
  }

  /**
   * A consumer (psql, pg_restore, a restore command) dies with this JVM: otherwise a manager killed
   * mid-restore closes its stdin, and psql --single-transaction would commit what it got.
   */
  public static ProcessStream startConsumer(String what, List<String> command, Map<String, String> env)
      throws Producer.StartException {
    return start(what, command, env, line -> false, null, true);
  }

  private static ProcessStream start(String what, List<String> command, Map<String, String> env,
      Predicate<String> count, String countedAs, boolean dieWithParent) throws Producer.StartException {
    List<String> full = new ArrayList<>();
    if (dieWithParent && DIE_WITH_PARENT != null) {
      full.addAll(DIE_WITH_PARENT);
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full);
    builder.environment().putAll(env);
    try {
      return new ProcessStream(what, builder.start(), count, countedAs);
    } catch (IOException e) {
      throw new Producer.StartException("cannot run " + command.get(0) + ": " + e.getMessage()
          + " (is it installed in the Job's image and on PATH?)");
    }
  }

  public static ProcessStream start(String what, List<String> command, Map<String, String> env)
      throws Producer.StartException {
    return start(what, command, env, line -> false, null);
  }

  @Override
  public InputStream output() {
    return process.getInputStream();
  }

  @Override
  public OutputStream input() {
    return process.getOutputStream();
  }

  @Override
  public String finish() throws InterruptedException {
    int code = process.waitFor();
    errReader.join();
    if (killed) {
      return what + " was stopped before the end of its stream";
    }
    if (code == 0) {
      return null;
    }
    synchronized (lastErr) {
      List<String> lines = lastErr.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
      String reason = lines.isEmpty() ? "no message on stderr"
          : String.join(" ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
      return what + " failed (exit " + code + "): " + reason;
    }
  }

  @Override
  public void kill() {
    killed = true;
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public Map<String, Long> details() {
    return countedAs == null ? Map.of() : Map.of(countedAs, counted.get());
  }

  private void readErr(Predicate<String> count) {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        if (count.test(line)) {
          counted.incrementAndGet();
          continue;
        }
        System.err.println(line);
        synchronized (lastErr) {
          lastErr.addLast(line);
          if (lastErr.size() > ERR_LINES_KEPT) {
            lastErr.removeFirst();
          }
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
