package dev.lifeboat.manager;

import dev.lifeboat.manager.sources.ProcessStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Runs restic. The repository URL and password come from the environment (RESTIC_REPOSITORY,
 * RESTIC_PASSWORD, set from Secret refs), never from arguments, so they never show in a process
 * list or a log line.
 */
public final class Restic {
  /** restic 0.14: a snapshot was made but some files could not be read. */
  public static final int EXIT_INCOMPLETE = 3;
  private static final int STDERR_LINES_KEPT = 8;

  private final String binary;
  /** A password to use instead of the environment's (a new key being tried), or null. */
  private final String password;

  public Restic(String binary) {
    this(binary, null);
  }

  private Restic(String binary, String password) {
    this.binary = binary;
    this.password = password;
  }

  /** The same restic, opening the repository with {@code newPassword} (a key just added, tried before it is used). */
  public Restic withPassword(String newPassword) {
    return new Restic(binary, newPassword);
  }

  /** restic's global flags from the Job's environment: the repository's CA certificate and rate limits. */
  static List<String> globalFlags(java.util.Map<String, String> env) {
    List<String> flags = new ArrayList<>();
    String ca = env.get(dev.lifeboat.jobs.JobFactory.CACERT_ENV);
    if (ca != null && !ca.isBlank()) {
      flags.addAll(List.of("--cacert", ca));
    }
    String up = env.get(dev.lifeboat.jobs.JobFactory.LIMIT_UPLOAD_ENV);
    if (up != null && up.matches("\\d+")) {
      flags.addAll(List.of("--limit-upload", up));
    }
    String down = env.get(dev.lifeboat.jobs.JobFactory.LIMIT_DOWNLOAD_ENV);
    if (down != null && down.matches("\\d+")) {
      flags.addAll(List.of("--limit-download", down));
    }
    return flags;
  }

  public static Restic fromEnvironment() {
    return new Restic(System.getenv().getOrDefault("LIFEBOAT_RESTIC", "restic"));
  }

  /** What {@code restic cat config} says about the repository. */
  public enum RepositoryState {
    EXISTS,
    MISSING
  }

  public RepositoryState probe() throws ResticException, IOException, InterruptedException {
    Result result = run(List.of("cat", "config"), null, line -> {});
    if (result.exitCode == 0) {
      return RepositoryState.EXISTS;
    }
    String err = result.stderr.toLowerCase();
    // restic 0.14 has no distinct exit code for "no repository": read its words.
    if (err.contains("is there a repository at the following location")
        || err.contains("does not exist") || err.contains("no such file or directory")
        || err.contains("unable to open config file")) {
      return RepositoryState.MISSING;
    }
    throw new ResticException(summarize(result.stderr, "restic could not open the repository"), result.exitCode);
  }

  public void init() throws ResticException, IOException, InterruptedException {
    check(run(List.of("init"), null, line -> {}), "restic init failed");
  }

  /** Removes stale locks only (a pod that died leaves one that would block us for 30 minutes). */
  public void unlock() throws ResticException, IOException, InterruptedException {
    check(run(List.of("unlock"), null, line -> {}), "restic unlock failed");
  }

  /**
   * Runs {@code restic backup --json} in {@code path}; every stdout line goes to {@code lines}. Returns the exit code
   * (0 or 3) and the items restic could not read.
   */
  public BackupResult backup(Path path, String host, List<String> tags, java.time.Instant time, Consumer<String> lines)
      throws ResticException, IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("backup", "--json", "--host", host));
    if (time != null) {
      // restic reads --time in its local zone, which is this process's (same environment, same /etc/localtime).
      args.add("--time");
      args.add(java.time.LocalDateTime.ofInstant(time, java.time.ZoneId.systemDefault())
          .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
    }
    for (String tag : tags) {
      args.add("--tag");
      args.add(tag);
    }
    args.add(".");
    Result result = runUnlockingOnce(args, path, lines);
    if (result.exitCode != 0 && result.exitCode != EXIT_INCOMPLETE) {
      throw new ResticException(summarize(result.stderr, "restic backup failed"), result.exitCode);
    }
    return new BackupResult(result.exitCode, result.unreadable);
  }

  /** {@code restic restore ID --target DIR --verify}: writes the snapshot's files under DIR and reads them back. */
  public void restore(String snapshotId, Path target) throws ResticException, IOException, InterruptedException {
    check(runUnlockingOnce(List.of("restore", snapshotId, "--target", target.toString(), "--verify"), null,
        System.out::println), "restic restore failed");
  }

  /**
   * Runs the command; when restic refuses because the repository is locked, removes stale locks
   * ({@code restic unlock}: a pod that died leaves one that would block for 30 minutes) and tries
   * once more. A live lock stays: the second refusal is the answer. So the common path opens the
   * repository once, not twice.
   */
  private Result runUnlockingOnce(List<String> args, Path workDir, Consumer<String> lines)
      throws ResticException, IOException, InterruptedException {
    Result result = run(args, workDir, lines);
    if (result.exitCode != 0 && isLocked(result.stderr)) {
      System.err.println("lifeboat: the repository is locked; removing stale locks and trying again");
      unlock();
      result = run(args, workDir, lines);
    }
    return result;
  }

  static boolean isLocked(String stderr) {
    return stderr != null && stderr.contains("repository is already locked");
  }

  /** The bytes a restore of the snapshot writes: {@code restic stats --json --mode restore-size ID}. */
  public long restoreSize(String snapshotId) throws ResticException, IOException, InterruptedException {
    StringBuilder out = new StringBuilder();
    check(run(List.of("stats", "--json", "--mode", "restore-size", snapshotId), null, out::append),
        "restic stats failed");
    return new ObjectMapper().readTree(out.toString()).path("total_size").asLong();
  }

  /** {@code restic snapshots --json [args]}: the raw JSON array. */
  public String snapshotsJson(List<String> args) throws ResticException, IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("snapshots", "--json"));
    all.addAll(args);
    StringBuilder out = new StringBuilder();
    check(run(all, null, line -> out.append(line).append('\n')), "restic snapshots failed");
    return out.toString();
  }

  /**
   * The full ID of a snapshot a backup just made: newer restic prints it in its summary; 0.14 only
   * the short one, which costs one more repository open to look up.
   */
  public String fullSnapshotId(String id) throws ResticException, IOException, InterruptedException {
    if (id.length() == 64) {
      return id;
    }
    List<String> ids = ResticOutput.snapshotIds(snapshotsJson(List.of(id)));
    if (ids.size() != 1) {
      throw new ResticException("snapshot " + id + " not found in the repository right after the backup", 1);
    }
    return ids.get(0);
  }

  /** {@code restic list snapshots}: the full IDs of every snapshot in the repository. */
  public List<String> snapshotIds() throws ResticException, IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    check(run(List.of("list", "snapshots"), null, line -> {
      if (!line.isBlank()) {
        ids.add(line.trim());
      }
    }), "restic list snapshots failed");
    return ids;
  }

  /** {@code restic forget ID...}: removes the snapshots (not their data: that is prune's job). */
  public void forget(List<String> ids) throws ResticException, IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("forget"));
    args.addAll(ids);
    Result result = run(args, null, line -> { });
    if (result.exitCode != 0 && isLocked(result.stderr)) {
      unlock(); // a lock left by a killed process; restic 0.14 removes only stale ones
      result = run(args, null, line -> { });
    }
    check(result, "restic forget failed");
  }

  private static void check(Result result, String what) throws ResticException {
    if (result.exitCode != 0) {
      throw new ResticException(summarize(result.stderr, what), result.exitCode);
    }
  }

  /** The last few stderr lines, joined: restic puts its reason there ("Fatal: ..."). */
  static String summarize(String stderr, String fallback) {
    String trimmed = stderr == null ? "" : stderr.trim();
    if (trimmed.isEmpty()) {
      return fallback;
    }
    String[] lines = trimmed.split("\n");
    for (String line : lines) {
      if (line.startsWith("Fatal:")) {
        return line.substring("Fatal:".length()).trim();
      }
    }
    return lines[lines.length - 1].trim();
  }

  record Result(int exitCode, String stderr, ResticOutput.Unreadable unreadable) {
    Result(int exitCode, String stderr) {
      this(exitCode, stderr, ResticOutput.Unreadable.NONE);
    }
  }

  /** What {@code restic backup} ended with: 0, or {@link #EXIT_INCOMPLETE} and what it could not read. */
  public record BackupResult(int exitCode, ResticOutput.Unreadable unreadable) {}



  Result run(List<String> args, Path workDir, Consumer<String> stdoutLines)
      throws ResticException, IOException, InterruptedException {
    Running process = start(args, workDir);
    process.stdin().close();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        stdoutLines.accept(line);
      }
    } catch (IOException e) {
      // Killing restic for a damaged repository closes its output under this read: waitFor says why.
      if (!process.killedForDamage()) {
        throw e;
      }
    }
    return process.waitFor();
  }

  /**
   * {@code restic backup --stdin}: the snapshot holds one file, {@code fileName}, whose content is
   * what the caller writes to {@link Running#stdin()}. restic writes the snapshot only when stdin
   * ends: a caller whose producer failed kills the process instead, and no snapshot is made.
   */
  public Running startStdinBackup(String fileName, String host, List<String> tags) throws IOException {
    List<String> args = new ArrayList<>(List.of("backup", "--json", "--stdin", "--stdin-filename", fileName,
        "--host", host));
    for (String tag : tags) {
      args.add("--tag");
      args.add(tag);
    }
    return start(args, null, true);
  }

  /** {@code restic dump ID /FILE}: the file's bytes on {@link Running#stdout()}. */
  public Running startDump(String snapshotId, String fileName) throws IOException {
    Running running = start(List.of("dump", snapshotId, "/" + fileName), null);
    running.stdin().close();
    return running;
  }

  /** A restic process: its stdin and stdout for the caller; stderr goes to the log and its last lines are kept. */
  public final class Running {
    private final Process process;
    private final Deque<String> lastErr = new ArrayDeque<>();
    private volatile String fatal;
    private final ResticOutput.UnreadableCollector unreadable = new ResticOutput.UnreadableCollector();
    private final CompletableFuture<Void> errReader;

    private Running(Process process) {
      this.process = process;
      this.errReader = CompletableFuture.runAsync(this::readErr);
    }

    public OutputStream stdin() {
      return process.getOutputStream();
    }

    public InputStream stdout() {
      return process.getInputStream();
    }

    /** Whether restic was killed because the repository is damaged (set before the kill). */
    boolean killedForDamage() {
      return fatal != null;
    }

    /** Ends restic at once (a producer failed): what it was writing is never committed. */
    public void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }

    /** Waits for the end; a repository found damaged on the way is thrown as such. */
    Result waitFor() throws InterruptedException, DamagedRepositoryException {
      int code = process.waitFor();
      errReader.join();
      if (fatal != null) {
        throw new DamagedRepositoryException(fatal);
      }
      synchronized (lastErr) {
        return new Result(code, String.join("\n", lastErr), unreadable.result());
      }
    }

    /** Waits for the end; a non-zero exit is thrown with restic's reason. */
    public void waitForSuccess(String what) throws ResticException, InterruptedException {
      check(waitFor(), what);
    }

    /** Waits for the end; returns the exit code (0 or 3 are results), anything else thrown with restic's reason. */
    public int waitForBackup() throws ResticException, InterruptedException {
      Result result = waitFor();
      if (result.exitCode != 0 && result.exitCode != EXIT_INCOMPLETE) {
        throw new ResticException(summarize(result.stderr, "restic backup failed"), result.exitCode);
      }
      return result.exitCode;
    }

    private void readErr() {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          System.err.println(line); // into the pod's log
          unreadable.accept(line);
          String missing = fatal == null ? ResticOutput.missingData(line) : null;
          if (missing != null) {
            fatal = missing;
            kill();
          }
          synchronized (lastErr) {
            lastErr.addLast(line);
            if (lastErr.size() > STDERR_LINES_KEPT) {
              lastErr.removeFirst();
            }
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }
  }

  private Running start(List<String> args, Path workDir) throws IOException {
    return start(args, workDir, false);
  }

  private Running start(List<String> args, Path workDir, boolean dieWithParent) throws IOException {
    List<String> command = new ArrayList<>();
    if (dieWithParent && ProcessStream.DIE_WITH_PARENT != null) {
      command.addAll(ProcessStream.DIE_WITH_PARENT);
    } else if (dieWithParent) {
      System.err.println("lifeboat: setpriv (util-linux) not found: if this process is killed mid-stream, restic"
          + " may save a snapshot of the partial stream");
    }
    command.add(binary);
    command.addAll(globalFlags(System.getenv()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().putIfAbsent("RESTIC_PROGRESS_FPS", "2");
    if (password != null) {
      builder.environment().remove("RESTIC_PASSWORD_FILE");
      builder.environment().remove("RESTIC_PASSWORD_COMMAND");
      builder.environment().put("RESTIC_PASSWORD", password);
    }
    try {
      return new Running(builder.start());
    } catch (IOException e) {
      throw new IOException("cannot run restic (" + binary + "): is it installed and on PATH?", e);
    }
  }
}
