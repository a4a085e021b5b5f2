package dev.lifeboat.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.lifecycle.repository.SnapshotInventoryNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The snapshot list a verify Job leaves in the ConfigMap {@code <repository>-snapshots}: restic's
 * {@code snapshots --json} fields lifeboat uses, gzip-compressed (10,000 snapshots take about 600 KB).
 */
public final class SnapshotInventory {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  /** A ConfigMap holds at most 1 MiB; past this the verify fails with a clear message instead of a 422. */
  public static final int MAX_BYTES = 900 * 1024;

  private SnapshotInventory() {}

  /** restic's JSON array ({@code restic snapshots --json}) as SnapshotInfos. */
  public static List<SnapshotInfo> fromRestic(String json) {
    try {
      List<ResticSnapshot> raw = JSON.readValue(json.isBlank() ? "[]" : json, new TypeReference<List<ResticSnapshot>>() {});
      return raw.stream().map(r -> new SnapshotInfo(r.id, r.time, r.hostname, r.paths, r.tags)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("restic snapshots --json printed something else than a snapshot list", e);
    }
  }

  /** The ConfigMap's binaryData value (base64 of gzip JSON). */
  public static String encode(List<SnapshotInfo> snapshots) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
        JSON.writeValue(gzip, snapshots.stream().map(ResticSnapshot::of).toList());
      }
      if (bytes.size() > MAX_BYTES) {
        throw new IllegalStateException(snapshots.size() + " snapshots take " + bytes.size() / 1024
            + " KiB compressed, more than a ConfigMap holds: forget old snapshots (retention) or split the repository");
      }
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The list in a verify Job's ConfigMap, or null when there is none (or it was written by another Job than {@code job}). */
  public static List<SnapshotInfo> decode(ConfigMap configMap, String job) {
    if (configMap == null || configMap.getBinaryData() == null || !configMap.getBinaryData().containsKey(SnapshotInventoryNames.KEY)) {
      return null;
    }
    var annotations = configMap.getMetadata().getAnnotations();
    if (job != null && (annotations == null || !job.equals(annotations.get(SnapshotInventoryNames.JOB_ANNOTATION)))) {
      return null;
    }
    byte[] gz = Base64.getDecoder().decode(configMap.getBinaryData().get(SnapshotInventoryNames.KEY));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return fromRestic(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("ConfigMap " + configMap.getMetadata().getName() + " holds no snapshot list", e);
    }
  }

  /** restic's field names, so the stored list reads like restic's own output. */
  public static final class ResticSnapshot {
    public String id;
    public String time;
    public String hostname;
    public List<String> paths;
    public List<String> tags;

    static ResticSnapshot of(SnapshotInfo s) {
      ResticSnapshot r = new ResticSnapshot();
      r.id = s.id();
      r.time = s.time();
      r.hostname = s.hostname();
      r.paths = s.paths();
      r.tags = s.tags();
      return r;
    }
  }
}
