package dev.lifeboat.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.lifecycle.JobReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code backup-manager key}: a repository's keys (restic's {@code key} commands). Several keys open one repository;
 * a rotation adds the new one, and only once it opens the repository may the password Secret change and the old key
 * go (the CLI does those two steps: this Job has no API access).
 * <ul>
 *   <li>{@code list}: the keys, "ID CREATED USER@HOST", the one this Job used marked current;</li>
 *   <li>{@code add}: adds a key for {@code RESTIC_NEW_PASSWORD}, then opens the repository with it; reports "added key
 *       NEW (the Job used OLD)", OLD being the key a rotation removes next ({@link #ADDED});</li>
 *   <li>{@code remove}: removes a key by ID; restic refuses the one in use.</li>
 * </ul>
 */
public final class KeyRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What {@code add} reports: the new key's ID, then the ID of the key the Job opened the repository with. */
  public static final Pattern ADDED = Pattern.compile(
      "added key (\\w+) \\(the Job used (\\w+)\\)");
  private final Restic restic;

  public KeyRun(Restic restic) {
    this.restic = restic;
  }

  public JobReport list() throws Exception {
    List<String> lines = new ArrayList<>();
    for (JsonNode key : keys()) {
      lines.add(key.path("id").asText() + " " + key.path("created").asText() + " " + key.path("userName").asText() + "@"
          + key.path("hostName").asText() + (key.path("current").asBoolean() ? " (current: the password Secret's)" : ""));
    }
    return new JobReport(true, String.join("\n", lines), null, null, null, null, null);
  }

  public JobReport add(String newPassword, Path scratch) throws Exception {
    if (newPassword == null || newPassword.isBlank()) {
      return JobReport.failure("no new password given (RESTIC_NEW_PASSWORD is empty)");
    }
    String current = currentId();
    List<String> before = ids();
    Path file = Files.createTempFile(scratch, "new-key", ".txt",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(file, newPassword);
      Restic.Result added = restic.run(List.of("key", "add", "--new-password-file", file.toString()), null, line -> { });
      if (added.exitCode() != 0) {
        return JobReport.failure(Restic.summarize(added.stderr(), "restic key add failed"));
      }
    } finally {
      Files.deleteIfExists(file);
    }
    List<String> after = ids();
    after.removeAll(before);
    if (after.size() != 1) {
      return JobReport.failure("restic key add left " + after.size() + " new keys; expected one");
    }
    // The new key must open the repository before anyone relies on it.
    Restic.Result opened = restic.withPassword(newPassword).run(List.of("cat", "config"), null, line -> { });
    if (opened.exitCode() != 0) {
      return JobReport.failure("the new key " + after.get(0) + " does not open the repository: "
          + Restic.summarize(opened.stderr(), "restic cat config failed"));
    }
    return new JobReport(true, "added key " + after.get(0) + " (the Job used " + current + ")", null, null, null, null,
        null);
  }

  public JobReport remove(String id) throws Exception {
    Restic.Result removed = restic.run(List.of("key", "remove", id), null, line -> { });
    if (removed.exitCode() != 0) {
      return JobReport.failure(Restic.summarize(removed.stderr(), "restic key remove failed"));
    }
    return new JobReport(true, "removed key " + id, null, null, null, null, null);
  }

  private JsonNode keys() throws Exception {
    StringBuilder out = new StringBuilder();
    Restic.Result result = restic.run(List.of("key", "list", "--json"), null, out::append);
    if (result.exitCode() != 0) {
      throw new ResticException(Restic.summarize(result.stderr(), "restic key list failed"), result.exitCode());
    }
    return JSON.readTree(out.toString());
  }

  private List<String> ids() throws Exception {
    List<String> ids = new ArrayList<>();
    keys().forEach(k -> ids.add(k.path("id").asText()));
    return ids;
  }

  private String currentId() throws Exception {
    for (JsonNode key : keys()) {
      if (key.path("current").asBoolean()) {
        return key.path("id").asText();
      }
    }
    return null;
  }
}
