package dev.lifeboat.manager.sources;

import dev.lifeboat.jobs.CommandContainer;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * lifeboat's end of a {@code command} source whose program runs in the pod's source container
 * ({@link CommandContainer}): the named pipe is created here, the program's output read from it (a backup) or the
 * snapshot written into it (a restore), and the program's exit code and stderr read from the files it leaves.
 */
public final class ContainerStream implements Producer, Consumer {
  /** An image pull of the source container's image may take this long; after it, the run fails saying so. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(10);
  /** The wrapper writes the exit code as soon as the program ends; longer means the container died. */
  static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
  private static final int STDERR_TAIL = 64 * 1024;

  private final Path dir;
  private InputStream output;
  private OutputStream input;
  private volatile boolean killed;

  private ContainerStream(Path dir) {
    this.dir = dir;
  }

  /** The directory both containers mount, from the environment the Job gives lifeboat's container. */
  static Path dir(Map<String, String> env) throws Producer.StartException {
    String value = env.getOrDefault(CommandContainer.DIR_ENV, System.getenv(CommandContainer.DIR_ENV));
    if (value == null || value.isBlank()) {
      throw new Producer.StartException("the Job has no source container (no " + CommandContainer.DIR_ENV
          + "): it was created by an older lifeboat; run the backup or restore again");
    }
    return Path.of(value);
  }

  /** A backup: the program's stdout is read from the pipe. */
  public static ContainerStream producer(Map<String, String> env) throws Producer.StartException, InterruptedException {
    return open(env, true);
  }

  /** A restore: the snapshot is written into the pipe, the program's stdin. */
  public static ContainerStream consumer(Map<String, String> env) throws Producer.StartException, InterruptedException {
    return open(env, false);
  }

  private static ContainerStream open(Map<String, String> env, boolean read)
      throws Producer.StartException, InterruptedException {
    ContainerStream stream = new ContainerStream(dir(env));
    stream.openOrAbort();
    java.io.File fifo = stream.dir.resolve(CommandContainer.FIFO).toFile();
    try {
      if (read) {
        stream.output = new FileInputStream(fifo);
      } else {
        stream.input = new FileOutputStream(fifo);
      }
    } catch (IOException e) {
      throw new Producer.StartException("cannot " + (read ? "read" : "write") + " the source container's stream: "
          + e.getMessage());
    }
    return stream;
  }

  /** The same, and when it cannot, tells the source container to stop waiting (its pod would not end otherwise). */
  private void openOrAbort() throws Producer.StartException, InterruptedException {
    try {
      open();
    } catch (Producer.StartException e) {
      kill();
      throw e;
    }
  }

  /** Creates the pipe (any user of the pod may use it) and waits for the source container to be there. */
  private void open() throws Producer.StartException, InterruptedException {
    Path fifo = dir.resolve(CommandContainer.FIFO);
    try {
      if (!Files.exists(fifo)) {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0666", fifo.toString()).redirectErrorStream(true).start();
        String said = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (mkfifo.waitFor() != 0) {
          throw new Producer.StartException("cannot create the stream's pipe " + fifo + ": " + said);
        }
      }
    } catch (IOException e) {
      throw new Producer.StartException("cannot create the stream's pipe " + fifo + ": " + e.getMessage());
    }
    if (!await(dir.resolve(CommandContainer.STARTED), START_TIMEOUT)) {
      throw new Producer.StartException("the source container did not start within " + START_TIMEOUT.toMinutes()
          + " minutes (its image, or its /bin/sh, may be missing: see the pod's events and the source container's log)");
    }
  }

  private static boolean await(Path file, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100); // another container's file: nothing to wait on but the file system
    }
    return true;
  }

  @Override
  public InputStream output() {
    return output;
  }

  @Override
  public OutputStream input() {
    return input;
  }

  @Override
  public String finish() throws InterruptedException {
    closeQuietly();
    Path exit = dir.resolve(CommandContainer.EXIT);
    boolean ended = await(exit, EXIT_TIMEOUT);
    List<String> errLines = stderrTail();
    errLines.forEach(System.err::println);
    if (killed) {
      return "the command was stopped before the end of its stream";
    }
    if (!ended) {
      return "the source container did not say how the command ended within " + EXIT_TIMEOUT.toSeconds() + " s";
    }
    String code;
    try {
      code = Files.readString(exit).trim();
    } catch (IOException e) {
      return "cannot read the command's exit code: " + e.getMessage();
    }
    if (code.equals("0")) {
      return null;
    }
    List<String> lines = errLines.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    String reason = lines.isEmpty() ? "no message on stderr"
        : String.join(" ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
    return "the command failed (exit " + code + "): " + reason;
  }

  /** The end of what the program wrote to stderr (its whole stderr also goes to this container's log). */
  private List<String> stderrTail() {
    Path err = dir.resolve(CommandContainer.STDERR);
    try (RandomAccessFile file = new RandomAccessFile(err.toFile(), "r")) {
      long from = Math.max(0, file.length() - STDERR_TAIL);
      byte[] bytes = new byte[(int) (file.length() - from)];
      file.seek(from);
      file.readFully(bytes);
      return Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void kill() {
    killed = true;
    try {
      Files.writeString(dir.resolve(CommandContainer.ABORT), "aborted\n");
    } catch (IOException e) {
      // the wrapper then reports the program's own exit code; lifeboat fails the run anyway
    }
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (output != null) {
        output.close();
      }
      if (input != null) {
        input.close();
      }
    } catch (IOException e) {
      // the other end went away: what finish() reports says why
    }
  }
}
