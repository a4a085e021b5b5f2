package dev.lifeboat.manager.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.TidbSource;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * TiDB with br. br writes its backup to its own storage (BR_STORAGE from the storage Secret, one
 * folder per Backup: {@code <BR_STORAGE>/<namespace>/<backup>}); what restic keeps is a small
 * manifest of where that is. A restore reads the manifest back and runs {@code br restore full}; the
 * cleanup after a failed restore runs {@code br abort restore full} with the same flags.
 */
public final class TidbStreams {
  public static final String STORAGE = "BR_STORAGE";
  static final String S3_ENDPOINT = "BR_S3_ENDPOINT";
  static final String S3_REGION = "BR_S3_REGION";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OUTPUT_LINES_KEPT = 8;

  private final TidbSource source;
  private final Map<String, String> env;

  public TidbStreams(TidbSource source, Map<String, String> env) {
    this.source = source;
    this.env = env;
  }

  /** Runs {@code br backup full} into this Backup's folder, then yields the manifest to keep in restic. */
  public Producer backup(String namespace, String backupName) throws Producer.StartException, InterruptedException {
    String path = namespace + "/" + backupName;
    String problem = br(List.of("backup", "full"), path);
    if (problem != null) {
      throw new Producer.StartException(problem);
    }
    ObjectNode manifest = JSON.createObjectNode().put("tool", "br").put("pd", source.pd)
        .put("storage", "$" + STORAGE + "/" + path).put("path", path);
    byte[] bytes = (manifest.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    return new Producer() {
      private final InputStream in = new ByteArrayInputStream(bytes);

      @Override
      public InputStream output() {
        return in;
      }

      @Override
      public String finish() {
        return null;
      }

      @Override
      public void kill() { }
    };
  }

  /** Reads the manifest from the snapshot, then runs br on it: {@code restore full}, or {@code abort restore full}. */
  public Consumer onManifest(boolean abort) {
    ByteArrayOutputStream manifest = new ByteArrayOutputStream();
    boolean[] killed = {false};
    return new Consumer() {
      @Override
      public OutputStream input() {
        return manifest;
      }

      @Override
      public String finish() throws InterruptedException {
        if (killed[0]) {
          return "the manifest could not be read from the snapshot";
        }
        String path;
        try {
          JsonNode node = JSON.readTree(manifest.toByteArray());
          path = node.path("path").asText("");
        } catch (IOException e) {
          return "the snapshot holds no br manifest (is it a TiDB backup?)";
        }
        if (path.isEmpty()) {
          return "the br manifest names no backup folder";
        }
        try {
          return br(abort ? List.of("abort", "restore", "full") : List.of("restore", "full"), path);
        } catch (Producer.StartException e) {
          return e.getMessage();
        }
      }

      @Override
      public void kill() {
        killed[0] = true;
      }
    };
  }

  /** Runs br with the PD and storage flags; null on success, else br's reason in plain words. */
  String br(List<String> subcommand, String path) throws Producer.StartException, InterruptedException {
    String storage = env.get(STORAGE);
    if (storage == null || storage.isBlank()) {
      throw new Producer.StartException("the storage Secret has no " + STORAGE + " key (br's --storage URL,"
          + " e.g. s3://bucket/tidb)");
    }
    List<String> command = new ArrayList<>(List.of("br"));
    command.addAll(subcommand);
    command.addAll(List.of("--pd", source.pd, "--storage", join(storage, path)));
    if (env.get(S3_ENDPOINT) != null) {
      command.addAll(List.of("--s3.endpoint", env.get(S3_ENDPOINT)));
    }
    if (env.get(S3_REGION) != null) {
      command.addAll(List.of("--s3.region", env.get(S3_REGION)));
    }
    String what = "br " + String.join(" ", subcommand);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new Producer.StartException("cannot run br: " + e.getMessage() + " (is it in the Job's image and on PATH?)");
    }
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // br reads no input
    }
    Deque<String> last = new ArrayDeque<>();
    boolean usage = false;
    String error = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        usage |= line.startsWith("Usage:");
        if (line.startsWith("Error:") || line.contains("[ERROR]")) {
          error = line.replaceFirst("^Error:\\s*", "").trim();
        }
        if (!usage) {
          System.err.println(line); // br's progress and summary into the pod's log; its usage text is noise
        }
        last.addLast(line);
        if (last.size() > OUTPUT_LINES_KEPT) {
          last.removeFirst();
        }
      }
    } catch (IOException ignored) {
      // br ended
    }
    int code = process.waitFor();
    if (code == 0) {
      return null;
    }
    if (usage) {
      return what + " rejected its arguments (exit " + code + "): " + (error == null ? "see its usage in the Job's log"
          : error) + "; is br's version one that has these flags?";
    }
    return what + " failed (exit " + code + "): " + (error != null ? error
        : last.isEmpty() ? "no output" : last.getLast().trim());
  }

  /** {@code s3://bucket/prefix?opts} + {@code ns/name} → {@code s3://bucket/prefix/ns/name?opts}. */
  static String join(String storage, String path) {
    int query = storage.indexOf('?');
    String base = query < 0 ? storage : storage.substring(0, query);
    String options = query < 0 ? "" : storage.substring(query);
    return base.replaceAll("/+$", "") + "/" + path + options;
  }
}
