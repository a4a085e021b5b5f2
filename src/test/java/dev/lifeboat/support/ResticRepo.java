package dev.lifeboat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A test's look into a restic repository, behind lifeboat's back. */
public final class ResticRepo {
  private final Path repo;
  private final String password;
  private final Path cache;

  public ResticRepo(Path repo, String password, Path cache) {
    this.repo = repo;
    this.password = password;
    this.cache = cache;
  }

  /** The snapshots carrying {@code tag} (null: all), as restic lists them. */
  public List<JsonNode> snapshots(String tag) throws Exception {
    JsonNode all = new ObjectMapper().readTree(tag == null ? run("snapshots", "--json") : run("snapshots", "--json", "--tag", tag));
    List<JsonNode> list = new ArrayList<>();
    all.forEach(list::add);
    return list;
  }

  /** The bytes of {@code path} in snapshot {@code id}. */
  public byte[] dump(String id, String path) throws Exception {
    ProcessBuilder builder = builder("dump", id, path);
    Process p = builder.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    return out;
  }

  /**
   * The pack files that hold file contents only (no tree): deleting them damages what a restore reads, but not
   * what listing a snapshot's trees reads (restic keeps trees and data in separate packs).
   */
  public List<Path> dataOnlyPacks() throws Exception {
    List<Path> packs = new ArrayList<>();
    for (String index : run("list", "index").lines().map(String::trim).filter(l -> !l.isEmpty()).toList()) {
      for (JsonNode pack : new ObjectMapper().readTree(run("cat", "index", index)).path("packs")) {
        boolean dataOnly = true;
        for (JsonNode blob : pack.path("blobs")) {
          dataOnly &= "data".equals(blob.path("type").asText());
        }
        String id = pack.path("id").asText();
        if (dataOnly) {
          packs.add(repo.resolve("data").resolve(id.substring(0, 2)).resolve(id));
        }
      }
    }
    return packs;
  }

  public String run(String... args) throws Exception {
    Process p = builder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "restic " + String.join(" ", args) + ": " + out);
    return out;
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>(List.of("timeout", "120", "restic", "-r", "local:" + repo));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("RESTIC_PASSWORD", password);
    builder.environment().put("RESTIC_CACHE_DIR", cache.toString());
    return builder;
  }
}
